import { eq } from 'drizzle-orm';
import { dummyPasswordHash, verifyPassword } from '../../../auth/password.js';
import type { SessionInfo } from '../../../auth/sessions.js';
import { users } from '../../../db/schema/index.js';
import { audit } from '../../../lib/audit.js';
import type { Deps } from '../../../lib/context.js';
import { InvalidInputError } from '../../../lib/errors.js';

/**
 * Checks the password and starts a new session. Unknown email, wrong password and suspended
 * account all get the same error (and take the same time). Rate limited per address and per email.
 */
export async function signIn(deps: Deps, input: { email: string; password: string; ip: string }): Promise<{ cookie: string; session: SessionInfo }> {
  await deps.rateLimits.consume('signIn', `ip:${input.ip}`);
  await deps.rateLimits.consume('signIn', `email:${input.email}`);
  const [user] = await deps.db
    .select({ id: users.id, passwordHash: users.passwordHash, suspendedAt: users.suspendedAt })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || user.suspendedAt) throw new InvalidInputError({ email: 'auth.signIn.failed' });
  await deps.rateLimits.reset('signIn', `email:${input.email}`);
  const created = await deps.sessions.create(user.id);
  await audit(deps.db, { actorId: user.id, action: 'user.sign_in', entityType: 'user', entityId: user.id });
  return created;
}
