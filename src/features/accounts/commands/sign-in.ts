import { eq } from 'drizzle-orm';
import { dummyPasswordHash, verifyPassword } from '../../../auth/password.js';
import type { SessionInfo } from '../../../auth/sessions.js';
import { users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { hasSecondFactor } from '../../second-factor/index.js';
import type { RequestOrigin } from '../../../lib/security-log.js';
import { InvalidInputError } from '../../../lib/errors.js';
import { isSuspended } from '../../../auth/sessions.js';

/**
 * Checks the password and starts a new session — one that waits for the second factor when the
 * person has one (`pending`). Unknown email, wrong password and suspended
 * account all get the same error (and take the same time). The route rate-limits attempts per
 * client address and per email address.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  context: { device: string; origin: RequestOrigin },
): Promise<{ cookie: string; session: SessionInfo; pending: boolean }> {
  const [user] = await deps.db
    .select({ id: users.id, passwordHash: users.passwordHash, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || isSuspended(user, deps.clock.now())) {
    const reason = !user ? 'unknown_account' : !ok ? 'wrong_password' : 'suspended';
    await deps.securityLog.record({ kind: 'sign_in', outcome: 'failure', userId: user?.id ?? null, ...context.origin, detail: { reason } });
    throw new InvalidInputError({ email: 'auth.signIn.failed' });
  }
  // With a second factor, the session waits for it (src/features/second-factor): nobody is signed in yet.
  const pending = await hasSecondFactor(deps.db, user.id);
  const created = await deps.sessions.create(user.id, { device: context.device, pending });
  await recordEvent(deps.db, { actorId: user.id, name: 'user.sign_in', entityType: 'user', entityId: user.id, payload: {} });
  await deps.securityLog.record({ kind: 'sign_in', outcome: 'success', userId: user.id, ...context.origin, detail: { session: created.session.handle, ...(pending ? { secondFactor: 'pending' } : {}) } });
  return { ...created, pending };
}
