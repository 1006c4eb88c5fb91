import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import {
  openSecret,
  parseAuthenticationResponse,
  PasskeyError,
  relyingParty,
  verifyAuthentication,
  verifyRecoveryCode,
  verifyTotp,
} from '../../../auth/second-factor/index.js';
import { verifyPassword } from '../../../auth/password.js';
import { passkeys, recoveryCodes, totpFactors, users } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { InvalidInputError } from '../../../lib/errors.js';
import { confirmedTotp } from '../queries.js';

/** What a person offers as their second factor. */
export type Proof = { method: 'passkey'; credential: string } | { method: 'code'; code: string } | { method: 'recovery'; code: string };

/**
 * Checks a second factor of `userId`: a passkey's answer to the session's challenge, a code from
 * the authenticator app, or a recovery code. Who may: whoever holds the session (the caller has
 * the password step or the signed-in session, and rate-limits attempts per account).
 * Invariants: each proof works once — the challenge was taken from the session before this call;
 * a TOTP code's time step is stored with a conditional UPDATE (no step at or before the last one,
 * so two requests with one code cannot both pass); a recovery code's row is deleted, and only the
 * request that deleted it passes. A passkey's counter and last use are written.
 * Throws InvalidInputError on the proof's field ('credential' or 'code'): wrong, used, expired.
 */
export async function verifySecondFactor(deps: Deps, userId: string, proof: Proof, challenge: string | null): Promise<{ method: Proof['method']; recoveryLeft?: number }> {
  const now = deps.clock.now();
  if (proof.method === 'passkey') {
    const fail = () => new InvalidInputError({ credential: 'secondFactor.passkey.failed' });
    if (!challenge) throw fail();
    let response;
    try {
      response = parseAuthenticationResponse(proof.credential);
    } catch {
      throw fail();
    }
    const [stored] = await deps.db.select().from(passkeys).where(and(eq(passkeys.userId, userId), eq(passkeys.credentialId, response.id))).limit(1);
    if (!stored) throw fail();
    const { rpId, origin } = relyingParty(deps.config.publicUrl);
    try {
      const { newCounter } = await verifyAuthentication(response, challenge, origin, rpId, {
        credentialId: stored.credentialId,
        publicKey: stored.publicKey,
        counter: stored.counter,
        ...(stored.transports ? { transports: stored.transports.split(',') } : {}),
      });
      await deps.db.update(passkeys).set({ counter: newCounter, lastUsedAt: now }).where(eq(passkeys.id, stored.id));
    } catch (err) {
      if (err instanceof PasskeyError) throw fail();
      throw err;
    }
    return { method: 'passkey' };
  }
  if (proof.method === 'code') {
    const fail = () => new InvalidInputError({ code: 'secondFactor.code.failed' });
    const totp = await confirmedTotp(deps.db, userId);
    if (!totp) throw fail();
    const secret = readableSecret(deps, totp.secretSealed, userId);
    if (secret === null) throw fail(); // sealed under another SECRET_KEY: set the app up again (docs/security/cryptography.md)
    const result = verifyTotp(secret, proof.code, { now: now.getTime(), lastUsedStep: totp.lastStep });
    if (!result.ok) throw fail();
    const taken = await deps.db
      .update(totpFactors)
      .set({ lastStep: result.step })
      .where(and(eq(totpFactors.userId, userId), or(isNull(totpFactors.lastStep), lt(totpFactors.lastStep, result.step))))
      .returning({ step: totpFactors.lastStep });
    if (taken.length === 0) throw fail(); // the same code, used at the same moment by another request
    return { method: 'code' };
  }
  const fail = () => new InvalidInputError({ code: 'secondFactor.recovery.failed' });
  const rows = await deps.db.select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId)).limit(50);
  const index = verifyRecoveryCode(proof.code, rows.map((r) => r.codeHash), { userId, key: deps.secret() });
  if (index === null) throw fail();
  const used = await deps.db.delete(recoveryCodes).where(eq(recoveryCodes.id, rows[index]!.id)).returning({ id: recoveryCodes.id });
  if (used.length === 0) throw fail();
  const [left] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  return { method: 'recovery', recoveryLeft: Number(left?.n ?? 0) };
}

/**
 * The authenticator app's secret, or null when it cannot be opened: sealed under a SECRET_KEY
 * that has since changed (or tampered with). Never a 500: the person is told the code is wrong and
 * uses a passkey or recovery code, or sets the app up again.
 */
export function readableSecret(deps: Deps, sealed: string, userId: string): string | null {
  try {
    return openSecret(sealed, deps.secret(), userId);
  } catch {
    deps.logger.warn('second factor: an authenticator app secret could not be opened (SECRET_KEY changed?)', { userId });
    return null;
  }
}

/** Re-authentication without a second factor: the account's password. Throws InvalidInputError (password). */
export async function verifyAccountPassword(deps: Deps, userId: string, password: string): Promise<void> {
  const [row] = await deps.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row || !(await verifyPassword(row.hash, password))) throw new InvalidInputError({ password: 'validation.password.wrong' });
}
