import { bumpPages, pageScope } from '../../lib/page-versions.js';
import { and, asc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challengeVoters, ideas, ideaVotes } from '../../db/schema/index.js';
import { RELEASED_STATUSES } from './policy.js';

/** An idea whose maintained count differs from its vote rows (those not set aside). */
export type IdeaDrift = { ideaId: string; stored: number; actual: number };
/** A person whose supports used in a challenge differ from their votes on ideas whose supports count (not withdrawn, not "not taken forward"). */
export type VoterDrift = { challengeId: string; userId: string; stored: number; actual: number };
export type VoteDrift = { ideas: IdeaDrift[]; voters: VoterDrift[] };

/** At most this many differences of each kind per pass (a report, not an unbounded scan result). */
export const DRIFT_LIMIT = 10_000;

/**
 * Finds every idea whose support_count differs from count(idea_votes) not set aside, and every
 * (challenge, person) whose challenge_voters.votes_used differs from their votes on the
 * challenge's ideas whose supports count (countsVotes; a missing voter row counts as 0; supports
 * set aside still count there: they are not given back). Two aggregate
 * queries over the vote table (or one challenge's votes): a maintenance task, not a page.
 */
export async function findVoteDrift(db: Db, options: { limit?: number; challengeId?: string } = {}): Promise<VoteDrift> {
  const limit = options.limit ?? DRIFT_LIMIT;
  const only = options.challengeId;
  const counted = db
    .select({ ideaId: ideaVotes.ideaId, n: sql<number>`count(*)::int`.as('n') })
    .from(ideaVotes)
    .where(and(isNull(ideaVotes.setAsideId), only ? eq(ideaVotes.challengeId, only) : undefined))
    .groupBy(ideaVotes.ideaId)
    .as('counted');
  const ideaRows = await db
    .select({ ideaId: ideas.id, stored: ideas.supportCount, actual: sql<number>`coalesce(${counted.n}, 0)::int` })
    .from(ideas)
    .leftJoin(counted, eq(counted.ideaId, ideas.id))
    .where(and(only ? eq(ideas.challengeId, only) : undefined, sql`${ideas.supportCount} <> coalesce(${counted.n}, 0)`))
    .orderBy(asc(ideas.id))
    .limit(limit);

  const actual = db
    .select({ challengeId: ideaVotes.challengeId, userId: ideaVotes.userId, n: sql<number>`count(*)::int`.as('n') })
    .from(ideaVotes)
    .innerJoin(ideas, eq(ideas.id, ideaVotes.ideaId))
    .where(and(notInArray(ideas.status, ['draft', ...RELEASED_STATUSES]), only ? eq(ideaVotes.challengeId, only) : undefined))
    .groupBy(ideaVotes.challengeId, ideaVotes.userId)
    .as('actual');
  const voterRows = await db
    .select({
      challengeId: sql<string>`coalesce(${challengeVoters.challengeId}, ${actual.challengeId})`,
      userId: sql<string>`coalesce(${challengeVoters.userId}, ${actual.userId})`,
      stored: sql<number>`coalesce(${challengeVoters.votesUsed}, 0)::int`,
      actual: sql<number>`coalesce(${actual.n}, 0)::int`,
    })
    .from(challengeVoters)
    .fullJoin(actual, and(eq(actual.challengeId, challengeVoters.challengeId), eq(actual.userId, challengeVoters.userId)))
    .where(
      and(
        only ? sql`coalesce(${challengeVoters.challengeId}, ${actual.challengeId}) = ${only}::uuid` : undefined,
        sql`coalesce(${challengeVoters.votesUsed}, 0) <> coalesce(${actual.n}, 0)`,
      ),
    )
    .orderBy(sql`1`, sql`2`)
    .limit(limit);

  return {
    ideas: ideaRows.map((r) => ({ ideaId: r.ideaId, stored: Number(r.stored), actual: Number(r.actual) })),
    voters: voterRows.map((r) => ({ challengeId: r.challengeId, userId: r.userId, stored: Number(r.stored), actual: Number(r.actual) })),
  };
}

const votesOnLiveIdeas = (challengeId: string, userId: string) =>
  sql`(SELECT count(*)::int FROM ${ideaVotes} JOIN ${ideas} ON ${ideas.id} = ${ideaVotes.ideaId}
       WHERE ${ideaVotes.challengeId} = ${challengeId}::uuid AND ${ideaVotes.userId} = ${userId}::uuid AND ${notInArray(ideas.status, ['draft', ...RELEASED_STATUSES])})`;

/**
 * Sets the found counts from the rows again, safely while people vote: each idea row is locked
 * first (FOR UPDATE waits for vote transactions in flight on it, and holds new ones back), then
 * recounted with a fresh snapshot; likewise each voter row before its recount. A vote command
 * that already wrote its vote row but not yet its voter row adds its own +1 after this commits,
 * onto a recount that did not include it: the result is right either way.
 */
export async function repairVoteDrift(db: Db, drift: VoteDrift): Promise<void> {
  if (drift.ideas.length) {
    const ids = drift.ideas.map((d) => d.ideaId);
    await db.transaction(async (tx) => {
      await tx.select({ id: ideas.id }).from(ideas).where(inArray(ideas.id, ids)).orderBy(asc(ideas.id)).for('update');
      await tx
        .update(ideas)
        .set({ supportCount: sql`(SELECT count(*)::int FROM ${ideaVotes} WHERE ${ideaVotes.ideaId} = ${ideas.id} AND ${ideaVotes.setAsideId} IS NULL)` })
        .where(inArray(ideas.id, ids));
      await bumpPages(tx, [pageScope.site]); // repaired counts show everywhere
    });
  }
  if (drift.voters.length) {
    const sorted = [...drift.voters].sort((a, b) => (a.challengeId + a.userId < b.challengeId + b.userId ? -1 : 1));
    await db.transaction(async (tx) => {
      for (const v of sorted) {
        await tx
          .select({ used: challengeVoters.votesUsed })
          .from(challengeVoters)
          .where(and(eq(challengeVoters.challengeId, v.challengeId), eq(challengeVoters.userId, v.userId)))
          .for('update');
        await tx
          .insert(challengeVoters)
          .values({ challengeId: v.challengeId, userId: v.userId, votesUsed: votesOnLiveIdeas(v.challengeId, v.userId) })
          .onConflictDoUpdate({ target: [challengeVoters.challengeId, challengeVoters.userId], set: { votesUsed: sql`excluded.votes_used` } });
      }
    });
  }
}

/**
 * `npm run votes:reconcile`'s work: the differences found, repaired when asked (then looked for
 * again, up to a few passes, so a report after repair shows what is left: nothing).
 */
export async function reconcileVotes(db: Db, options: { repair?: boolean; limit?: number; challengeId?: string } = {}): Promise<{ found: VoteDrift; remaining: VoteDrift }> {
  const scope = { ...(options.limit ? { limit: options.limit } : {}), ...(options.challengeId ? { challengeId: options.challengeId } : {}) };
  const found = await findVoteDrift(db, scope);
  if (!options.repair) return { found, remaining: found };
  let remaining = found;
  for (let pass = 0; pass < 5 && (remaining.ideas.length || remaining.voters.length); pass++) {
    await repairVoteDrift(db, remaining);
    remaining = await findVoteDrift(db, scope);
  }
  return { found, remaining };
}
