import { and, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ideas, ideaVotes } from '../../db/schema/index.js';
import { enqueueJob, type JobHandler } from '../../jobs/queue.js';

/** "Trending" counts the supports of the last TRENDING_DAYS days (ideas.recent_support). */
export const TRENDING_DAYS = 7;
export const TRENDING_JOB = 'votes.trending';
const HOUR = 3_600_000;

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

/**
 * Queues the trending recount for the hour of `at` (at `at`): idempotent per hour through the
 * job's dedupe key, so any number of instances starting, or a job re-queueing itself, makes
 * one run per hour.
 */
export async function scheduleTrending(db: Db, at: Date = new Date()): Promise<void> {
  await enqueueJob(db, TRENDING_JOB, {}, { dedupeKey: `${TRENDING_JOB}:${hourOf(at).toISOString()}`, runAt: at });
}

/**
 * Recounts recent_support from the vote rows for every idea that has some (the vote commands
 * add and remove recent supports as they happen; this lets the ones older than the window go).
 * Only rows whose value changes are written. A vote committed while this runs may be missed
 * until the next run (the count is a trend, not a tally). Returns the number of ideas updated.
 */
export async function recountTrending(db: Db): Promise<number> {
  const recent = sql`(SELECT count(*)::int FROM ${ideaVotes} WHERE ${ideaVotes.ideaId} = ${ideas.id} AND ${ideaVotes.createdAt} > now() - ${TRENDING_DAYS}::int * interval '1 day')`;
  const updated = await db
    .update(ideas)
    .set({ recentSupport: recent })
    .where(and(gt(ideas.recentSupport, 0), sql`${ideas.recentSupport} IS DISTINCT FROM ${recent}`))
    .returning({ id: ideas.id });
  return updated.length;
}

/** The hourly job: queues the next hour's run first (so a failing recount does not end the chain), then recounts. */
export function trendingJob(db: Db): JobHandler {
  return async () => {
    await scheduleTrending(db, hourOf(new Date(Date.now() + HOUR)));
    await recountTrending(db);
  };
}
