import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { challengeVoters, ideas } from '../../../db/schema/index.js';
import type { MessageKey } from '../../../i18n/index.js';
import { pageScope } from '../../../lib/page-versions.js';
import type { VoteTarget } from '../queries.js';

/** What a vote command answers: the person's state on the idea afterwards, and whether it changed. */
export type VoteOutcome = {
  target: VoteTarget;
  /** The person supports the idea now. */
  supported: boolean;
  /** The idea's support count now. */
  count: number;
  /** The person's supports used in the challenge now. */
  used: number;
  /** False when the request repeated the current state (nothing was written). */
  changed: boolean;
};

/**
 * The statuses of ideas that take no votes, as an SQL list for the vote statements: drafts, and
 * ideas whose supports no longer count (RELEASED_STATUSES: withdrawn, not taken forward).
 */
export const LIVE = sql`('draft', 'withdrawn', 'not_taken_forward')`;

/** The idea's count and the person's supports used, read in one query (for a request that changed nothing). */
export async function currentCounts(db: Db, ideaId: string, challengeId: string, userId: string): Promise<{ count: number; used: number }> {
  const [row] = await db
    .select({
      count: ideas.supportCount,
      used: sql<number>`coalesce((select ${challengeVoters.votesUsed} from ${challengeVoters} where ${and(eq(challengeVoters.challengeId, challengeId), eq(challengeVoters.userId, userId))}), 0)::int`,
    })
    .from(ideas)
    .where(eq(ideas.id, ideaId))
    .limit(1)
    .prepare('votes_current_counts')
    .execute();
  return { count: row?.count ?? 0, used: Number(row?.used ?? 0) };
}

/**
 * Why a vote statement found the idea out of play although it was in play when read: it was
 * withdrawn or not taken forward in between (read again, after the statement).
 */
export async function leftPlayReason(db: Db, ideaId: string): Promise<MessageKey> {
  const [row] = await db.select({ status: ideas.status }).from(ideas).where(eq(ideas.id, ideaId)).limit(1);
  return row?.status === 'not_taken_forward' ? 'votes.policy.notTakenForward' : 'votes.policy.withdrawn';
}

/**
 * The pages a support or its withdrawal changes: the idea's own and its card's (the count,
 * wherever a list shows it) and its challenge's orders by support — not the challenge's other
 * lists, whose cards name their subjects (pageShows). The vote statement bumps them itself,
 * after the idea's row (src/lib/page-versions.ts).
 */
export const votePages = (ideaId: string, challengeId: string) => [pageScope.subject(ideaId), pageScope.ranking(challengeId)];
