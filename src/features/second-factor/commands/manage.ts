import { and, eq, isNull } from 'drizzle-orm';
import { newTotpSecret, parseRegistrationResponse, PasskeyError, relyingParty, sealSecret, verifyRegistration, verifyTotp } from '../../../auth/second-factor/index.js';
import { passkeys, totpFactors } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import type { RequestOrigin } from '../../../lib/security-log.js';
import { factorsOf, hasFactor, MAX_PASSKEYS } from '../queries.js';
import { issueRecoveryCodes } from './recovery.js';
import { readableSecret } from './verify.js';

/*
 * A person's own second factors. Who may: the signed-in person, for their own account (the routes
 * pass their id; removing a factor or making new codes also needs a recent sign-in, the step-up).
 * Each change is one transaction with its security event. Adding the first factor also makes the
 * recovery codes, returned in clear to be shown once.
 */

/** Registers a passkey from the browser's answer to the challenge the session kept. Throws InvalidInputError (credential, name) or ConflictError (too many). */
export async function addPasskey(deps: Deps, userId: string, input: { name: string; credential: string }, challenge: string | null, origin: RequestOrigin): Promise<{ recoveryCodes: string[] | null }> {
  if (!challenge) throw new InvalidInputError({ credential: 'secondFactor.passkey.expired' });
  const { rpId, origin: expected } = relyingParty(deps.config.publicUrl);
  let credential;
  try {
    credential = await verifyRegistration(parseRegistrationResponse(input.credential), challenge, expected, rpId);
  } catch (err) {
    if (err instanceof PasskeyError) throw new InvalidInputError({ credential: 'secondFactor.passkey.failed' });
    throw err;
  }
  return deps.db.transaction(async (tx) => {
    const before = await factorsOf(tx, userId);
    if (before.passkeys.length >= MAX_PASSKEYS) throw new ConflictError('secondFactor.passkey.tooMany');
    const inserted = await tx
      .insert(passkeys)
      .values({ userId, credentialId: credential.credentialId, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports.join(','), name: input.name })
      .onConflictDoNothing()
      .returning({ id: passkeys.id });
    if (inserted.length === 0) throw new InvalidInputError({ credential: 'secondFactor.passkey.known' });
    await deps.securityLog.record({ kind: 'second_factor.add', outcome: 'success', userId, ...origin, detail: { method: 'passkey' } }, tx);
    return { recoveryCodes: hasFactor(before) ? null : await issueRecoveryCodes(deps, tx, userId) };
  });
}

/** Removes one of the person's passkeys. Throws NotFoundError (not theirs) or ConflictError (the last factor of someone who must have one). */
export async function removePasskey(deps: Deps, user: { id: string; secondFactorRequired: boolean }, passkeyId: string, origin: RequestOrigin): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const factors = await factorsOf(tx, user.id);
    if (!factors.passkeys.some((p) => p.id === passkeyId)) throw new NotFoundError('passkey');
    const remaining = factors.passkeys.length - 1 + (factors.totp?.confirmed ? 1 : 0);
    if (remaining === 0 && user.secondFactorRequired) throw new ConflictError('secondFactor.required.last');
    await tx.delete(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, user.id)));
    await deps.securityLog.record({ kind: 'second_factor.remove', outcome: 'success', userId: user.id, ...origin, detail: { method: 'passkey' } }, tx);
  });
}

/** Starts setting up an authenticator app: a new secret, kept sealed until a first code confirms it. Returns the secret, for the page only. */
export async function startTotp(deps: Deps, userId: string): Promise<string> {
  const [existing] = await deps.db.select({ confirmedAt: totpFactors.confirmedAt, secretSealed: totpFactors.secretSealed }).from(totpFactors).where(eq(totpFactors.userId, userId)).limit(1);
  if (existing?.confirmedAt) throw new ConflictError('secondFactor.totp.already');
  // The same secret until confirmed (a reload does not invalidate a scanned code), unless it can no longer be opened.
  const kept = existing ? readableSecret(deps, existing.secretSealed, userId) : null;
  if (kept) return kept;
  const secret = newTotpSecret();
  await deps.db
    .insert(totpFactors)
    .values({ userId, secretSealed: sealSecret(secret, deps.secret(), userId) })
    .onConflictDoUpdate({ target: totpFactors.userId, set: { secretSealed: sealSecret(secret, deps.secret(), userId) }, setWhere: isNull(totpFactors.confirmedAt) });
  return secret;
}

/** The secret being set up (null when none is), for the setup page. */
export async function pendingTotpSecret(deps: Deps, userId: string): Promise<string | null> {
  const [row] = await deps.db.select({ secretSealed: totpFactors.secretSealed }).from(totpFactors).where(and(eq(totpFactors.userId, userId), isNull(totpFactors.confirmedAt))).limit(1);
  return row ? readableSecret(deps, row.secretSealed, userId) : null;
}

/** Confirms the authenticator app with a first code. Throws InvalidInputError (code) or ConflictError (nothing being set up). */
export async function confirmTotp(deps: Deps, userId: string, code: string, origin: RequestOrigin): Promise<{ recoveryCodes: string[] | null }> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(totpFactors).where(eq(totpFactors.userId, userId)).limit(1).for('update');
    const secret = row && !row.confirmedAt ? readableSecret(deps, row.secretSealed, userId) : null;
    if (!secret) throw new ConflictError('secondFactor.totp.notStarted');
    const result = verifyTotp(secret, code, { now: deps.clock.now().getTime() });
    if (!result.ok) throw new InvalidInputError({ code: 'secondFactor.code.failed' });
    const before = await factorsOf(tx, userId);
    await tx.update(totpFactors).set({ confirmedAt: deps.clock.now(), lastStep: result.step }).where(eq(totpFactors.userId, userId));
    await deps.securityLog.record({ kind: 'second_factor.add', outcome: 'success', userId, ...origin, detail: { method: 'totp' } }, tx);
    return { recoveryCodes: hasFactor(before) ? null : await issueRecoveryCodes(deps, tx, userId) };
  });
}

/** Removes the authenticator app. Throws NotFoundError (none) or ConflictError (the last factor of someone who must have one). */
export async function removeTotp(deps: Deps, user: { id: string; secondFactorRequired: boolean }, origin: RequestOrigin): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const factors = await factorsOf(tx, user.id);
    if (!factors.totp) throw new NotFoundError('totp');
    if (factors.totp.confirmed && factors.passkeys.length === 0 && user.secondFactorRequired) throw new ConflictError('secondFactor.required.last');
    await tx.delete(totpFactors).where(eq(totpFactors.userId, user.id));
    await deps.securityLog.record({ kind: 'second_factor.remove', outcome: 'success', userId: user.id, ...origin, detail: { method: 'totp' } }, tx);
  });
}

/** New recovery codes on the person's request (the old ones stop working). Throws ConflictError when they have no second factor. */
export async function renewRecoveryCodes(deps: Deps, userId: string, origin: RequestOrigin): Promise<string[]> {
  return deps.db.transaction(async (tx) => {
    if (!hasFactor(await factorsOf(tx, userId))) throw new ConflictError('secondFactor.recovery.noFactor');
    const codes = await issueRecoveryCodes(deps, tx, userId);
    await deps.securityLog.record({ kind: 'recovery_codes.new', outcome: 'success', userId, ...origin }, tx);
    return codes;
  });
}

