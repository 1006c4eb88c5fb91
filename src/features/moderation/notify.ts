import { eq } from 'drizzle-orm';
import { moderationDecisions, moderationItems, reports } from '../../db/schema/index.js';
import type { EventSubscriber } from '../../http/feature.js';
import type { Deps } from '../../lib/deps.js';
import { notify } from '../notifications/index.js';
import { isRule, ruleKey, ruleNumber } from './rules.js';

/**
 * A decision tells the people whose reports it answered what became of them, and, when content
 * is hidden or restored, its author (with the rule). About a profile (no subject), the
 * notification is about their own account and reports, and opens the profile. Nobody is told who
 * the moderator was.
 */
export const decisionNotifications: EventSubscriber = {
  job: 'moderation.notify',
  on: ['moderation.decide', 'report.file'],
  handle: (deps) => async (event) => {
    if (event.name === 'report.file' && event.payload.held) {
      // Held by reports: its author hears that it waits for a moderator.
      const [item] = await deps.db.select({ authorId: moderationItems.authorId, targetId: moderationItems.targetId }).from(moderationItems).where(eq(moderationItems.id, event.payload.itemId)).limit(1);
      const kind = deps.reportables.kind(event.payload.kind)?.label ?? 'moderation.item.label';
      const link = !event.subjectId && item ? await linkOf(deps, event.payload.kind, item.targetId) : {};
      await notify(deps, event, { people: [{ userId: item?.authorId ?? null, reason: 'moderation' }], notice: { moderation: { message: 'moderation.notify.author.held', params: { kind, ...link } } } });
      return;
    }
    if (event.name !== 'moderation.decide' || !event.entityId) return;
    const { action, rule, kind } = event.payload;
    const label = deps.reportables.kind(kind)?.label ?? 'moderation.item.label';
    const [item] = await deps.db
      .select({ authorId: moderationItems.authorId, targetId: moderationItems.targetId })
      .from(moderationDecisions)
      .innerJoin(moderationItems, eq(moderationItems.id, moderationDecisions.itemId))
      .where(eq(moderationDecisions.id, event.entityId))
      .limit(1);
    // Without a subject (a profile): the notification opens the profile itself.
    const params: Record<string, string | number> = isRule(rule) ? { kind: label, number: ruleNumber(rule), rule: ruleKey(rule) } : { kind: label };
    if (!event.subjectId && item) Object.assign(params, await linkOf(deps, kind, item.targetId));
    const reporters = await deps.db.select({ userId: reports.reporterId }).from(reports).where(eq(reports.decisionId, event.entityId));
    await notify(deps, event, {
      people: reporters.map((r) => ({ userId: r.userId, reason: 'moderation' as const })),
      notice: { moderation: { message: `moderation.notify.reporter.${action}`, params } },
    });
    if (action === 'dismiss' && event.payload.from !== 'held') return; // the author hears of a dismissal only when it shows their content again
    const authorId = item?.authorId ?? null;
    await notify(deps, event, {
      people: [{ userId: authorId, reason: 'moderation' }],
      notice: { moderation: { message: `moderation.notify.author.${action}`, params } },
    });
  },
};

/** Where a notification without a subject leads: the reported thing's own page (a profile), as its kind says. */
async function linkOf(deps: Pick<Deps, 'db' | 'reportables'>, kind: string, targetId: string): Promise<{ href?: string }> {
  const thing = await deps.reportables.load(deps.db, kind, targetId);
  return thing ? { href: thing.url } : {};
}
