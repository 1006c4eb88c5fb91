import { bumpPages, pageScope } from '../../lib/page-versions.js';
import { and, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ideas, ideaVotes } from '../../db/schema/index.js';
import { z } from 'zod';
import { defineJob, type PayloadOf } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';

/** "Trending" counts the supports of the last TRENDING_DAYS days (ideas.recent_support). */
export const TRENDING_DAYS = 7;

/** The recount as a job (scheduled: no payload). */
export const trendingJob = defineJob({
  payload: z.object({}).strict(),
  handle: (deps) => async () => void (await recountTrending(deps.db)),
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'votes.trending': PayloadOf<typeof trendingJob>;
  }
}

/** The hourly recount (see recountTrending). */
export const TRENDING_SCHEDULE: Schedule = { kind: 'votes.trending', every: 'hour' };

/**
 * Recounts recent_support from the vote rows (those not set aside) for every idea that has some (the vote commands
 * add and remove recent supports as they happen; this lets the ones older than the window go).
 * Only rows whose value changes are written. A vote committed while this runs may be missed
 * until the next run (the count is a trend, not a tally). The orders by support of the challenges
 * whose ideas changed get new versions in the same transaction (their "trending" order moved).
 * Returns the number of ideas updated.
 */
export async function recountTrending(db: Db): Promise<number> {
  const recent = sql`(SELECT count(*)::int FROM ${ideaVotes} WHERE ${ideaVotes.ideaId} = ${ideas.id} AND ${ideaVotes.setAsideId} IS NULL AND ${ideaVotes.createdAt} > now() - ${TRENDING_DAYS}::int * interval '1 day')`;
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(ideas)
      .set({ recentSupport: recent })
      .where(and(gt(ideas.recentSupport, 0), sql`${ideas.recentSupport} IS DISTINCT FROM ${recent}`))
      .returning({ challengeId: ideas.challengeId });
    await bumpPages(tx, updated.map((r) => pageScope.ranking(r.challengeId)));
    return updated.length;
  });
}
