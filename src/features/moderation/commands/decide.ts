import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { events, moderationDecisions, moderationItems, reports } from '../../../db/schema/index.js';
import { recordEvent, replayEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { ACTION_STATE, canActOn, canDecide, canSeeItem, type Moderator } from '../policy.js';
import type { DecisionInput } from '../schemas.js';
import type { ModerationState } from '../../../db/schema/moderation.js';

export type DecideResult = { state: ModerationState; changed: boolean };

/**
 * Who may: a moderator whose queue holds the item, never on their own content (canDecide).
 * Invariants: the item's row is locked, so two moderators deciding at once are taken in turn:
 * the second, whose form showed a state that is no longer the item's, is refused (409) unless
 * the item already is what they asked for (the same decision twice is done once). Hiding and
 * restoring change the content through its kind (setHidden, with its counts) in the same
 * transaction; every open report is answered by the decision (closed, pointing at it), the
 * item's open counts start again from zero, and the decision is kept with who, when, which rule
 * and why. Records moderation.decide with the pages the content shows on (the anonymous page
 * cache drops them at once); its subscriber tells the reporters and, for hide and restore, the author.
 * Dismissing a report that someone may be at risk needs the moderator's reasons.
 * Throws: NotFoundError, ForbiddenError, ConflictError, InvalidInputError.
 */
export async function decideItem(deps: Deps, moderator: Moderator | null, itemId: string, input: DecisionInput): Promise<DecideResult> {
  if (!isUuid(itemId)) throw new NotFoundError('item');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [item] = await tx.select().from(moderationItems).where(eq(moderationItems.id, itemId.toLowerCase())).limit(1).for('update');
    if (!item) throw new NotFoundError('item');
    const kind = deps.reportables.kind(item.targetKind);
    // Someone whose queue does not hold it learns nothing of it (a 404, as on its page); a moderator on their own content is refused.
    if (moderator && !canSeeItem(moderator, item).ok) throw new NotFoundError('item');
    const may = canActOn(moderator, item);
    if (!may.ok) throw new ForbiddenError(may.reason);
    const target = ACTION_STATE[input.action];
    // Hiding names its rule; upholding keeps the rule appealed against; the rest leave none.
    const rule = input.action === 'hide' ? input.rule : input.action === 'uphold' ? item.rule : null;
    if (item.state !== input.seen) {
      if (item.state === target && (input.action !== 'hide' || item.rule === rule)) return { state: item.state, changed: false };
      throw new ConflictError('moderation.decide.changed');
    }
    const decision = canDecide(moderator, item, input.action, kind?.setHidden !== undefined);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    if (input.action === 'dismiss' && item.atRisk && input.note === '') throw new InvalidInputError({ note: 'moderation.decide.noteRequiredAtRisk' });

    // The content itself: hidden under the rule, or shown again (restored, or a hold dismissed).
    let pages: readonly string[] = [];
    if (input.action === 'hide') pages = await kind!.setHidden!(tx, item.targetId, { rule: rule!, at: now });
    if ((input.action === 'restore' || (input.action === 'dismiss' && item.state === 'held')) && kind?.setHidden) pages = await kind.setHidden(tx, item.targetId, null);

    const [kept] = await tx
      .insert(moderationDecisions)
      .values({ itemId: item.id, moderatorId: moderator!.id, action: input.action, rule, note: input.note, message: input.action === 'hide' ? input.message : '', createdAt: now })
      .returning({ id: moderationDecisions.id });
    const answered = await tx
      .update(reports)
      .set({ closedAt: now, decisionId: kept!.id })
      .where(and(eq(reports.itemId, item.id), isNull(reports.closedAt)))
      .returning({ id: reports.id });
    await tx
      .update(moderationItems)
      .set({ state: target, decidedAt: now, decidedBy: moderator!.id, rule, openReports: 0, reasonCounts: {}, atRisk: false })
      .where(eq(moderationItems.id, item.id));
    // Held when it was posted, approved now: what it would have announced then goes out now.
    if (input.action === 'dismiss' && item.state === 'held' && item.holdReason !== null && kind?.announcedBy?.length) {
      const [posted] = await tx
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.entityType, item.targetKind), eq(events.entityId, item.targetId), inArray(events.name, [...kind.announcedBy])))
        .orderBy(desc(events.id))
        .limit(1);
      if (posted) await replayEvent(tx, posted.id, `approved:${kept!.id}`);
    }
    await recordEvent(
      tx,
      {
        actorId: moderator!.id,
        name: 'moderation.decide',
        entityType: 'moderation_decision',
        entityId: kept!.id,
        subjectId: item.subjectId,
        payload: { kind: item.targetKind, action: input.action, rule, reports: answered.length, from: item.state },
        pages,
      },
      now,
    );
    return { state: target, changed: true };
  });
}
