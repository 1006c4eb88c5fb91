import { and, eq, sql } from 'drizzle-orm';
import { ideaVotes } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { challengePhase } from '../../challenges/index.js';
import { canSupport } from '../policy.js';
import { getVoteTarget } from '../queries.js';
import { isUniqueViolation } from '../../../lib/db-errors.js';
import { runPrepared } from '../../../db/prepared.js';
import { bumpedHere, textArray } from '../../../lib/page-versions.js';
import { currentCounts, leftPlayReason, LIVE, votePages, type VoteOutcome } from './support.js';

/**
 * Support an idea.
 * Who may: canSupport — a verified person, while the challenge's voting is open, on a published
 * idea that is not their own unless the challenge allows it, within their vote budget.
 * Invariants: one vote row per (idea, person) — the primary key; challenge_voters.votes_used =
 * the person's votes on the challenge's ideas whose supports count (countsVotes), never above the budget;
 * ideas.support_count = its vote rows; recent_support +1; response_due_at set when the count
 * first reaches the challenge's response threshold, the challenge's response days from the
 * clock's now (a deadline people are shown and pages compare with the clock, like every other
 * domain date; the vote row's created_at stays on the database's clock); an audit row ('idea.support').
 *
 * All of it is ONE statement (data-modifying CTEs), so one implicit transaction that commits
 * inside the server: the idea row — the row every vote on a hot idea updates — stays locked for
 * the statement only, never across a round trip to this process. (With BEGIN … UPDATE ideas …
 * COMMIT its lock also lasted the event-loop delay of a busy server before COMMIT was sent:
 * 115 accepted votes/s on one idea instead of about 500, see bench/README.md.) In order:
 *  - target: the idea, if its supports still count, FOR KEY SHARE — a concurrent withdrawal or
 *    "not taken forward" of the idea (FOR UPDATE) waits for this statement, or this one sees the
 *    idea out of play and writes nothing;
 *  - voter: the person's challenge_voters row +1, only while below the budget (its row lock
 *    serialises one person's concurrent supports) and only if the vote is not already there;
 *  - vote: the row, only when the voter row was counted. Two identical requests at once both
 *    pass the "not already there" test; the second then fails on the primary key, which aborts
 *    its whole statement (its +1 included): it is answered as a repeat;
 *  - idea: the counts, only when the vote was inserted; audit: likewise.
 * A repeat is answered with the current state and writes nothing.
 * Throws: NotFoundError (no such idea, a draft, a draft challenge), ForbiddenError(reason).
 */
export async function castVote(deps: Deps, actor: Actor, ideaId: string): Promise<VoteOutcome> {
  if (!actor) throw new ForbiddenError('votes.policy.signIn');
  const { db } = deps;
  const target = await getVoteTarget(db, ideaId);
  if (!target) throw new NotFoundError('idea');
  const { idea, challenge } = target;
  const now = deps.clock.now();
  // The budget is enforced by the voter row's update below (race-free); here it only refuses a zero budget.
  const decision = canSupport(actor, idea, { phase: challengePhase(challenge, now), selfSupport: challenge.selfSupport }, 0, challenge.voteBudget);
  if (!decision.ok) throw new ForbiddenError(decision.reason);

  const { responseThreshold: threshold, responseDays: days } = challenge;
  const due =
    threshold !== null && days !== null
      ? sql`CASE WHEN i.response_due_at IS NULL AND i.responded_at IS NULL AND i.support_count + 1 >= ${threshold}::int
                 THEN ${now.toISOString()}::timestamptz + ${days}::int * interval '1 day' ELSE i.response_due_at END`
      : sql`i.response_due_at`;
  const repeat = () => currentCounts(db, idea.id, challenge.id, actor.id).then((c) => ({ target, supported: true, ...c, changed: false }));
  let row: { open: boolean; already: boolean; used: number | null; count: number | null } | undefined;
  try {
    row = await runPrepared(
      db,
      'votes_support',
      sql`
        WITH target AS (
          SELECT id FROM ideas WHERE id = ${idea.id}::uuid AND status NOT IN ${LIVE} FOR KEY SHARE
        ), voter AS (
          INSERT INTO challenge_voters AS cv (challenge_id, user_id, votes_used)
          SELECT ${challenge.id}::uuid, ${actor.id}::uuid, 1 FROM target
          WHERE NOT EXISTS (SELECT 1 FROM idea_votes WHERE idea_id = ${idea.id}::uuid AND user_id = ${actor.id}::uuid)
          ON CONFLICT (challenge_id, user_id) DO UPDATE SET votes_used = cv.votes_used + 1 WHERE cv.votes_used < ${challenge.voteBudget}::int
          RETURNING cv.votes_used
        ), vote AS (
          INSERT INTO idea_votes (idea_id, user_id, challenge_id)
          SELECT ${idea.id}::uuid, ${actor.id}::uuid, ${challenge.id}::uuid FROM voter
          RETURNING idea_id
        ), audit AS (
          INSERT INTO events (actor_id, name, entity_type, entity_id, subject_id, payload)
          SELECT ${actor.id}::uuid, 'idea.support', 'idea', ${idea.id}, ${idea.id}::uuid, ${JSON.stringify({ challengeId: challenge.id })}::jsonb FROM vote
        ), idea AS (
          UPDATE ideas AS i SET support_count = i.support_count + 1, recent_support = i.recent_support + 1, response_due_at = ${due}
          FROM vote WHERE i.id = vote.idea_id
          RETURNING i.support_count
        ), pages AS (
          INSERT INTO page_versions (key, version)
          SELECT k, 1 FROM idea, unnest(${textArray(votePages(idea.id, challenge.id))}::text[]) AS k ORDER BY k
          ON CONFLICT (key) DO UPDATE SET version = page_versions.version + 1
        )
        SELECT EXISTS (SELECT 1 FROM target) AS open,
               EXISTS (SELECT 1 FROM idea_votes WHERE idea_id = ${idea.id}::uuid AND user_id = ${actor.id}::uuid) AS already,
               (SELECT votes_used FROM voter) AS used,
               (SELECT support_count FROM idea) AS count`,
    );
  } catch (err) {
    if (isUniqueViolation(err)) return repeat(); // the same support, committed by a request running alongside
    throw err;
  }
  if (row?.count !== null && row?.count !== undefined) {
    bumpedHere(votePages(idea.id, challenge.id)); // the statement bumped the table (its `pages`)
    return { target, supported: true, count: Number(row.count), used: Number(row.used), changed: true };
  }
  if (!row?.open) throw new ForbiddenError(await leftPlayReason(db, idea.id));
  if (row.already) return repeat();
  // No budget left — unless the same support committed alongside (this statement's snapshot predates it).
  const [again] = await db.select({ n: sql<number>`1` }).from(ideaVotes).where(and(eq(ideaVotes.ideaId, idea.id), eq(ideaVotes.userId, actor.id))).limit(1);
  if (again) return repeat();
  throw new ForbiddenError('votes.policy.budgetSpent');
}
