import { pageScope } from '../../lib/page-versions.js';
import { eq, sql } from 'drizzle-orm';
import { challengeMilestones } from '../../db/schema/index.js';
import { z } from 'zod';
import { defineJob, type PayloadOf } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import type { Deps } from '../../lib/deps.js';
import { recordEvent } from '../../jobs/events.js';
import { rawRows } from '../../db/client.js';
import type { Milestone } from './events.js';

/**
 * Phases are derived from dates, so no command runs when voting opens. This job notices each
 * dated milestone a published challenge has reached (ideas open, voting opens, voting closes,
 * results) and records its 'challenge.milestone' event exactly once per challenge and milestone:
 * the claim is an INSERT … ON CONFLICT DO NOTHING on challenge_milestones' primary key, in the
 * same transaction as the event, so two workers running together record it once, and a run after
 * downtime records every milestone passed meanwhile (once each). Milestones reached after a
 * close-early, or before this feature existed (drizzle/0008), are not announced.
 */
export const milestonesJob = defineJob({
  payload: z.object({}).strict(),
  handle: (deps) => async () => void (await recordMilestones(deps)),
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'challenges.milestones': PayloadOf<typeof milestonesJob>;
  }
}

/** Every five minutes: "voting is open" reaches followers within minutes of the date. */
export const MILESTONES_SCHEDULE: Schedule = { kind: 'challenges.milestones', every: { minutes: 5 } };

const BATCH = 500;

export async function recordMilestones(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  let recorded = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const claimed = await rawRows<{ challenge_id: string; milestone: Milestone }>(
        tx,
        sql`INSERT INTO challenge_milestones (challenge_id, milestone, recorded_at)
            SELECT c.id, m.milestone, ${now.toISOString()}::timestamptz
            FROM challenges c
            CROSS JOIN LATERAL (VALUES ('ideasOpen', c.submissions_open_at), ('votingOpen', c.voting_open_at),
                                       ('votingClose', c.voting_close_at), ('results', c.results_at)) AS m (milestone, at)
            WHERE c.status = 'published' AND m.at IS NOT NULL AND m.at <= ${now.toISOString()}::timestamptz
              AND (c.closed_early_at IS NULL OR m.at < c.closed_early_at)
              AND NOT EXISTS (SELECT 1 FROM challenge_milestones cm WHERE cm.challenge_id = c.id AND cm.milestone = m.milestone)
            ORDER BY m.at, c.id
            LIMIT ${BATCH}
            ON CONFLICT DO NOTHING
            RETURNING challenge_id, milestone`,
      );
      for (const row of claimed) {
        const eventId = await recordEvent(
          tx,
          { name: 'challenge.milestone', actorId: null, entityType: 'challenge', entityId: row.challenge_id, subjectId: row.challenge_id, payload: { milestone: row.milestone }, pages: [pageScope.site] },
          now,
        );
        await tx.update(challengeMilestones).set({ eventId }).where(sql`${challengeMilestones.challengeId} = ${row.challenge_id}::uuid AND ${eq(challengeMilestones.milestone, row.milestone)}`);
      }
      return claimed.length;
    });
    recorded += n;
    if (n < BATCH) return recorded;
  }
}
