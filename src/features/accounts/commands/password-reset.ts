import { eq, sql } from 'drizzle-orm';
import { hashPassword, passwordProblem } from '../../../auth/password.js';
import { users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import type { RequestOrigin } from '../../../lib/security-log.js';
import { BadRequestError, InvalidInputError } from '../../../lib/errors.js';
import { enqueueAccountMail } from '../mail.js';
import { checkToken, consumeToken } from './use-token.js';

/**
 * Anyone may ask; the answer never says whether the email is registered. The route rate-limits it
 * per client address. The reset link is made when its mail is sent (accountMailJob): the job
 * carries the account's id only.
 */
export async function requestPasswordReset(deps: Deps, input: { email: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (!user) return;
    await enqueueAccountMail(tx, 'reset', user.id);
    await recordEvent(tx, { actorId: user.id, name: 'user.request_password_reset', entityType: 'user', entityId: user.id, payload: {} }, deps.clock.now());
  });
  deps.nudgeJobs();
}

/**
 * The holder of a valid reset link sets a new password; every session of the account ends.
 * Throws InvalidInputError (weak password) or BadRequestError (bad, expired or used link).
 */
export async function resetPassword(deps: Deps, input: { token: string; password: string }, origin: RequestOrigin): Promise<void> {
  // The link first: a dead link costs a lookup, never an argon2 hash (about 11 ms and 19 MiB).
  if (!(await checkToken(deps.db, input.token, 'reset_password', deps.clock.now()))) {
    await deps.securityLog.record({ kind: 'password.reset', outcome: 'failure', ...origin, detail: { reason: 'invalid_link' } });
    throw new BadRequestError('auth.verify.invalid.body');
  }
  const problem = await passwordProblem(input.password);
  if (problem) throw new InvalidInputError({ password: problem });
  const passwordHash = await hashPassword(input.password);
  const userId = await deps.db.transaction(async (tx) => {
    const id = await consumeToken(tx, input.token, 'reset_password', deps.clock.now());
    // A reset link proves control of the mailbox, so it also confirms the address.
    await tx.update(users).set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, id));
    await recordEvent(tx, { actorId: id, name: 'user.reset_password', entityType: 'user', entityId: id, payload: {} }, deps.clock.now());
    await deps.securityLog.record({ kind: 'password.reset', outcome: 'success', userId: id, ...origin }, tx);
    return id;
  });
  const ended = await deps.sessions.invalidateUser(userId);
  await deps.securityLog.record({ kind: 'sessions.end_all', outcome: 'success', userId, ...origin, detail: { ended, why: 'password.reset' } });
}
