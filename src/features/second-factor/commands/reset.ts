import { eq } from 'drizzle-orm';
import { endAllSessions } from '../../../auth/sessions.js';
import { passkeys, recoveryCodes, totpFactors, users } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import type { RequestOrigin } from '../../../lib/security-log.js';

/**
 * A person who lost every factor (phone, security key and recovery codes) asks the platform for
 * help; an admin, having checked who they are outside the platform (docs/security/authentication.md),
 * removes their second factors.
 * Who may: a platform admin (the /admin step-up applies: a recent sign-in).
 * Invariants: in one transaction, every passkey, the authenticator app and the recovery codes of
 * the account go, every session of it ends, and the security log records the admin, the account
 * and what was removed. The person signs in with their password next; if their role requires a
 * second factor, they set one up before anything else.
 * Throws: ForbiddenError; NotFoundError (no such account).
 */
export async function resetSecondFactors(deps: Deps, actor: Actor, userId: string, origin: RequestOrigin): Promise<{ passkeys: number; app: boolean; sessionsEnded: number }> {
  if (!actor?.isAdmin) throw new ForbiddenError('error.forbidden.body');
  return deps.db.transaction(async (tx) => {
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1).for('update');
    if (!account) throw new NotFoundError('user');
    const keys = await tx.delete(passkeys).where(eq(passkeys.userId, userId)).returning({ id: passkeys.id });
    const app = await tx.delete(totpFactors).where(eq(totpFactors.userId, userId)).returning({ userId: totpFactors.userId });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    const sessionsEnded = await endAllSessions(tx, userId);
    const result = { passkeys: keys.length, app: app.length > 0, sessionsEnded };
    await deps.securityLog.record({ kind: 'second_factor.reset', outcome: 'success', userId: actor.id, ...origin, detail: { account: userId, ...result } }, tx);
    return result;
  });
}
