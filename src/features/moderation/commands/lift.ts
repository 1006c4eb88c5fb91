import { eq } from 'drizzle-orm';
import { moderationDecisions, moderationItems, users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import { canLiftSuspension, canSeeItem, type Moderator } from '../policy.js';
import type { LiftInput } from '../schemas.js';

/**
 * Who may: a platform moderator who may act on the item, while its author is suspended
 * (canLiftSuspension). Invariants: the account may sign in again at once (what the suspension hid
 * stays hidden: each piece has its own item, to restore or appeal); the decision is kept (action
 * lift, why); records moderation.lift. Throws: NotFoundError, ForbiddenError.
 */
export async function liftSuspension(deps: Deps, moderator: Moderator | null, itemId: string, input: LiftInput): Promise<void> {
  if (!isUuid(itemId)) throw new NotFoundError('item');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [item] = await tx.select().from(moderationItems).where(eq(moderationItems.id, itemId.toLowerCase())).limit(1).for('update');
    if (!item || (moderator && !canSeeItem(moderator, item).ok)) throw new NotFoundError('item');
    const [author] = item.authorId
      ? await tx.select({ id: users.id, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil }).from(users).where(eq(users.id, item.authorId)).limit(1).for('update')
      : [];
    const decision = canLiftSuspension(moderator, item, author ?? null, now);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(users).set({ suspendedAt: null, suspendedUntil: null }).where(eq(users.id, author!.id));
    await tx.insert(moderationDecisions).values({ itemId: item.id, moderatorId: moderator!.id, action: 'lift', rule: null, note: input.why, createdAt: now });
    await recordEvent(tx, { actorId: moderator!.id, name: 'moderation.lift', entityType: 'user', entityId: author!.id, payload: { itemId: item.id }, pages: [pageScope.person(author!.id)] }, now);
  });
}
