import { eq } from 'drizzle-orm';
import { moderationDecisions, moderationItems, users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { canSeeItem, canSetTrust, type Moderator } from '../policy.js';
import type { TrustInput } from '../schemas.js';

/**
 * Who may: a platform moderator who may act on the item (canSetTrust), for its author.
 * Invariants: the author's trust becomes the moderator's say ('trusted', 'new') or automatic
 * again ('auto'), kept as a decision on the item (who, when, which level, why). Records
 * moderation.trust. Throws: NotFoundError, ForbiddenError.
 */
export async function setAuthorTrust(deps: Deps, moderator: Moderator | null, itemId: string, input: TrustInput): Promise<void> {
  if (!isUuid(itemId)) throw new NotFoundError('item');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [item] = await tx.select().from(moderationItems).where(eq(moderationItems.id, itemId.toLowerCase())).limit(1).for('update');
    if (!item || (moderator && !canSeeItem(moderator, item).ok)) throw new NotFoundError('item');
    const decision = canSetTrust(moderator, item);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(users).set({ trust: input.trust === 'auto' ? null : input.trust }).where(eq(users.id, item.authorId!));
    await tx.insert(moderationDecisions).values({ itemId: item.id, moderatorId: moderator!.id, action: 'trust', rule: null, note: `${input.trust}: ${input.why}`, createdAt: now });
    await recordEvent(tx, { actorId: moderator!.id, name: 'moderation.trust', entityType: 'user', entityId: item.authorId, payload: { trust: input.trust } }, now);
  });
}
