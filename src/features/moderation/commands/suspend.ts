import { and, eq, inArray, isNull } from 'drizzle-orm';
import { endAllSessions } from '../../../auth/sessions.js';
import { moderationDecisions, moderationItems, reports, users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import type { RequestOrigin } from '../../../lib/security-log.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import { canSeeItem, canSuspend, type Moderator } from '../policy.js';
import type { SuspendInput } from '../schemas.js';

/** At most this many of a suspended person's ideas, and as many comments, are hidden with the suspension. */
export const SUSPEND_HIDE_MAX = 200;

/**
 * Who may: a platform moderator who may act on the item (canSuspend): never on themselves, never
 * an admin, never someone already suspended.
 * Invariants: in one transaction with the item and the account locked: the account is suspended
 * (until the date, or indefinitely), every session of theirs ends, the decision is kept (action
 * suspend, the rule, the reasons); with `hideContent`, everything they posted that is still shown
 * (at most SUSPEND_HIDE_MAX per kind, newest first) is hidden under the rule through its kind,
 * each with a moderation item in state hidden (so the person can ask for a review of each) whose
 * open reports the suspension answers. Records moderation.suspend (a subscriber mails the person)
 * with the pages that change.
 * Throws: NotFoundError, ForbiddenError, InvalidInputError (an end that is not in the future).
 */
export async function suspendAuthor(deps: Deps, moderator: Moderator | null, itemId: string, input: SuspendInput, origin: RequestOrigin | null = null): Promise<{ hidden: number }> {
  if (!isUuid(itemId)) throw new NotFoundError('item');
  const now = deps.clock.now();
  const until = input.until ? new Date(`${input.until}T00:00:00Z`) : null;
  if (until && until <= now) throw new InvalidInputError({ until: 'moderation.suspend.untilPast' });
  return deps.db.transaction(async (tx) => {
    const [item] = await tx.select().from(moderationItems).where(eq(moderationItems.id, itemId.toLowerCase())).limit(1).for('update');
    if (!item || (moderator && !canSeeItem(moderator, item).ok)) throw new NotFoundError('item');
    const [author] = item.authorId
      ? await tx.select({ id: users.id, isAdmin: users.isAdmin, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil }).from(users).where(eq(users.id, item.authorId)).limit(1).for('update')
      : [];
    const decision = canSuspend(moderator, item, author ?? null, now);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const authorId = author!.id;

    await tx.update(users).set({ suspendedAt: now, suspendedUntil: until }).where(eq(users.id, authorId));
    const ended = await endAllSessions(tx, authorId);
    await deps.securityLog.record({ kind: 'account.suspend', outcome: 'success', userId: moderator!.id, ...origin, detail: { account: authorId, sessionsEnded: ended } }, tx);
    const [kept] = await tx
      .insert(moderationDecisions)
      .values({ itemId: item.id, moderatorId: moderator!.id, action: 'suspend', rule: input.rule, note: input.why, createdAt: now })
      .returning({ id: moderationDecisions.id });

    const pages: string[] = [pageScope.person(authorId)];
    let hidden = 0;
    if (input.hideContent) {
      for (const kind of deps.reportables.kinds()) {
        if (!kind.shownBy || !kind.setHidden) continue;
        for (const id of await kind.shownBy(tx, authorId, SUSPEND_HIDE_MAX)) {
          const thing = await kind.load(tx, id);
          if (!thing) continue;
          const subject = thing.subjectId ? await deps.subjects.get(tx, thing.subjectId, 'en') : null;
          pages.push(...(await kind.setHidden(tx, id, { rule: input.rule, at: now })));
          const [hiddenItem] = await tx
            .insert(moderationItems)
            .values({
              targetKind: kind.kind,
              targetId: id,
              subjectId: thing.subjectId,
              organisationId: subject?.organisationId ?? null,
              authorId,
              state: 'hidden',
              snapshot: thing.snapshot,
              firstReportedAt: now,
              lastReportedAt: now,
              decidedAt: now,
              decidedBy: moderator!.id,
              rule: input.rule,
            })
            .onConflictDoUpdate({
              target: [moderationItems.targetKind, moderationItems.targetId],
              set: { state: 'hidden', decidedAt: now, decidedBy: moderator!.id, rule: input.rule, openReports: 0, reasonCounts: {}, atRisk: false },
            })
            .returning({ id: moderationItems.id });
          await tx.update(reports).set({ closedAt: now, decisionId: kept!.id }).where(and(inArray(reports.itemId, [hiddenItem!.id]), isNull(reports.closedAt)));
          hidden++;
        }
      }
    }
    await recordEvent(
      tx,
      { actorId: moderator!.id, name: 'moderation.suspend', entityType: 'user', entityId: authorId, subjectId: null, payload: { itemId: item.id, until: until?.toISOString() ?? null, rule: input.rule, hidden }, pages },
      now,
    );
    return { hidden };
  });
}
