import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../db/schema/index.js';
import { formatDate, translator } from '../../i18n/index.js';
import { defineJob, type PayloadOf } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';

/** At most this many platform moderators are written to. */
const MODERATORS_MAX = 20;
const HOUR = 3_600_000;

/**
 * Nobody should have to guess that something waits: every six hours, if reports or reviews have
 * waited longer than MODERATION_ALERT_HOURS, the platform's moderators are told by e-mail how
 * many and since when, with a link to the queue (nothing of the content). Two bounded queries.
 */
export const queueAlertJob = defineJob({
  payload: z.object({}).strict(),
  handle: (deps) => async () => {
    const hours = deps.config.alertHours;
    if (hours === 0) return;
    const before = new Date(deps.clock.now().getTime() - hours * HOUR);
    const [waiting] = await deps.db
      .select({
        reports: sql<number>`(SELECT count(*)::int FROM reports r WHERE r.closed_at IS NULL AND r.created_at < ${before.toISOString()}::timestamptz)`,
        oldestReport: sql<string | null>`(SELECT min(r.created_at) FROM reports r WHERE r.closed_at IS NULL)`,
        appeals: sql<number>`(SELECT count(*)::int FROM moderation_items m WHERE m.state = 'appealed' AND m.appealed_at < ${before.toISOString()}::timestamptz)`,
      })
      .from(sql`(SELECT 1) AS one`);
    if (!waiting || (waiting.reports === 0 && waiting.appeals === 0)) return;
    const since = new Date(waiting.oldestReport ?? before);
    const moderators = await deps.db
      .select({ email: users.email, locale: users.locale })
      .from(users)
      .where(and(or(eq(users.isModerator, true), eq(users.isAdmin, true)), isNull(users.suspendedAt)))
      .orderBy(users.createdAt)
      .limit(MODERATORS_MAX);
    for (const m of moderators) {
      const t = translator(m.locale);
      await deps.mailer.send({
        to: m.email,
        subject: t('moderation.mail.waiting.subject', { hours }),
        text: t('moderation.mail.waiting.body', { reports: waiting.reports, appeals: waiting.appeals, hours, since: formatDate(since, m.locale, 'dateTime'), link: `${deps.config.publicUrl}/moderation` }),
      });
    }
  },
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'moderation.queue-alert': PayloadOf<typeof queueAlertJob>;
  }
}

/** Four times a day, whatever the number of instances. */
export const QUEUE_ALERT_SCHEDULE: Schedule = { kind: 'moderation.queue-alert', every: { hours: 6 }, offset: { minutes: 15 } };
