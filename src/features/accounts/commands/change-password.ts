import { eq } from 'drizzle-orm';
import { hashPassword, passwordProblem, verifyPassword } from '../../../auth/password.js';
import type { SessionInfo } from '../../../auth/sessions.js';
import { users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import type { RequestOrigin } from '../../../lib/security-log.js';
import { InvalidInputError, NotFoundError } from '../../../lib/errors.js';

/**
 * A signed-in user changes their own password, proving the current one. All their sessions end;
 * the caller receives a fresh one. Throws InvalidInputError for a wrong current or weak new password.
 */
export async function changePassword(
  deps: Deps,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  context: { device: string; origin: RequestOrigin },
): Promise<{ cookie: string; session: SessionInfo }> {
  const [user] = await deps.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new NotFoundError('user');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await deps.securityLog.record({ kind: 'password.change', outcome: 'failure', userId, ...context.origin, detail: { reason: 'wrong_password' } });
    throw new InvalidInputError({ currentPassword: 'validation.password.wrong' });
  }
  const problem = await passwordProblem(input.newPassword);
  if (problem) throw new InvalidInputError({ newPassword: problem });
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await recordEvent(tx, { actorId: userId, name: 'user.change_password', entityType: 'user', entityId: userId, payload: {} }, deps.clock.now());
    await deps.securityLog.record({ kind: 'password.change', outcome: 'success', userId, ...context.origin }, tx);
  });
  const ended = await deps.sessions.invalidateUser(userId);
  await deps.securityLog.record({ kind: 'sessions.end_all', outcome: 'success', userId, ...context.origin, detail: { ended, why: 'password.change' } });
  return deps.sessions.create(userId, { device: context.device });
}
