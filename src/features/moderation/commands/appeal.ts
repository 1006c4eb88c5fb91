import { eq } from 'drizzle-orm';
import { moderationItems } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canAppeal } from '../policy.js';
import type { AppealInput } from '../schemas.js';

export type AppealResult = { filed: true } | { filed: false; appealedAt: Date };

/**
 * Who may: the author of hidden content, once (canAppeal).
 * Invariants: the item's row is locked; a second request (or two at once) stores nothing and
 * answers when they asked; the content stays hidden, the item goes back to the queue as an
 * appeal that another moderator than the one who hid it decides. Records moderation.appeal.
 * Throws: NotFoundError (no such item, or not theirs: nobody learns of others' items), ForbiddenError.
 */
export async function appealItem(deps: Deps, actor: Actor, itemId: string, input: AppealInput): Promise<AppealResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [item] = await tx.select().from(moderationItems).where(eq(moderationItems.id, itemId)).limit(1).for('update');
    if (!item || !actor || item.authorId !== actor.id) throw new NotFoundError('item');
    if (item.appealedAt) return { filed: false as const, appealedAt: item.appealedAt };
    const decision = canAppeal(actor, item);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(moderationItems).set({ state: 'appealed', appealedAt: now, appealNote: input.note }).where(eq(moderationItems.id, item.id));
    await recordEvent(tx, { actorId: actor.id, name: 'moderation.appeal', entityType: 'moderation_item', entityId: item.id, subjectId: item.subjectId, payload: { kind: item.targetKind } }, now);
    return { filed: true as const };
  });
}
