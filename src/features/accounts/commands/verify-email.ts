import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, NotFoundError } from '../../../lib/errors.js';
import { enqueueAccountMail } from '../mail.js';
import { consumeToken } from './use-token.js';

/** Anyone holding the link may confirm; the token is single-use and expires. Throws BadRequestError otherwise. */
export async function verifyEmail(deps: Deps, token: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const userId = await consumeToken(tx, token, 'verify_email', now);
    await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
    await recordEvent(tx, { actorId: userId, name: 'user.verify_email', entityType: 'user', entityId: userId, payload: {} }, deps.clock.now());
  });
}

/** The signed-in, unverified user asks for a new link (which ends the earlier one: see accountMailJob). Throws ConflictError when already verified. */
export async function resendVerification(deps: Deps, userId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, verifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user) throw new NotFoundError('user');
    if (user.verifiedAt) throw new ConflictError('auth.verify.already');
    await enqueueAccountMail(tx, 'verify', user.id);
  });
  deps.nudgeJobs();
}
