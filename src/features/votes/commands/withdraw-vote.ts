import { sql } from 'drizzle-orm';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { challengePhase } from '../../challenges/index.js';
import { canUnsupport } from '../policy.js';
import { getVoteTarget } from '../queries.js';
import { TRENDING_DAYS } from '../trending.js';
import { runPrepared } from '../../../db/prepared.js';
import { bumpedHere, textArray } from '../../../lib/page-versions.js';
import { currentCounts, leftPlayReason, LIVE, votePages, type VoteOutcome } from './support.js';

/**
 * Withdraw one's support from an idea.
 * Who may: canUnsupport — the supporter, while the challenge's voting is open, on an idea whose
 * supports still count (not withdrawn, not "not taken forward"). Withdrawing a support one does not give writes nothing and is answered with the
 * current state (a repeated click). A support the council's staff set aside cannot be withdrawn:
 * it stays, uncounted, and its supports are not given back (ForbiddenError 'votes.policy.setAside').
 * Invariants: the vote row is deleted; the person's votes_used and the idea's support_count go
 * down by one; recent_support too if the vote is younger than the trending window (an older one
 * was already taken off by the trending job, or will be); an audit row ('idea.unsupport').
 * One statement, like castVote (see there why): the idea is first locked FOR KEY SHARE, which
 * does not wait for other voters' count updates but does wait for a withdrawal of the idea
 * (which locks the idea before its supporters' voter rows: taking the voter row first here
 * could deadlock with it), and refuses an idea that left play meanwhile.
 * Throws: NotFoundError, ForbiddenError(reason).
 */
export async function withdrawVote(deps: Deps, actor: Actor, ideaId: string): Promise<VoteOutcome> {
  if (!actor) throw new ForbiddenError('votes.policy.signIn');
  const { db } = deps;
  const target = await getVoteTarget(db, ideaId);
  if (!target) throw new NotFoundError('idea');
  const { idea, challenge } = target;
  const decision = canUnsupport(actor, idea, { phase: challengePhase(challenge, deps.clock.now()) });
  if (!decision.ok) throw new ForbiddenError(decision.reason);

  const row = await runPrepared<{ open: boolean; aside: boolean; used: number | null; count: number | null }>(
    db,
    'votes_unsupport',
    sql`
      WITH target AS (
        SELECT id FROM ideas WHERE id = ${idea.id}::uuid AND status NOT IN ${LIVE} FOR KEY SHARE
      ), vote AS (
        DELETE FROM idea_votes AS v USING target
        WHERE v.idea_id = target.id AND v.user_id = ${actor.id}::uuid AND v.set_aside_id IS NULL
        RETURNING v.idea_id, v.created_at > now() - ${TRENDING_DAYS}::int * interval '1 day' AS recent
      ), voter AS (
        UPDATE challenge_voters AS cv SET votes_used = greatest(0, cv.votes_used - 1)
        FROM vote WHERE cv.challenge_id = ${challenge.id}::uuid AND cv.user_id = ${actor.id}::uuid
        RETURNING cv.votes_used
      ), audit AS (
        INSERT INTO events (actor_id, name, entity_type, entity_id, subject_id, payload)
        SELECT ${actor.id}::uuid, 'idea.unsupport', 'idea', ${idea.id}, ${idea.id}::uuid, ${JSON.stringify({ challengeId: challenge.id })}::jsonb FROM vote
      ), idea AS (
        UPDATE ideas AS i SET support_count = greatest(0, i.support_count - 1),
          recent_support = CASE WHEN vote.recent THEN greatest(0, i.recent_support - 1) ELSE i.recent_support END
        FROM vote WHERE i.id = vote.idea_id
        RETURNING i.support_count
      ), pages AS (
        INSERT INTO page_versions (key, version)
        SELECT k, 1 FROM idea, unnest(${textArray(votePages(idea.id, challenge.id))}::text[]) AS k ORDER BY k
        ON CONFLICT (key) DO UPDATE SET version = page_versions.version + 1
      )
      SELECT EXISTS (SELECT 1 FROM target) AS open,
             EXISTS (SELECT 1 FROM idea_votes AS v WHERE v.idea_id = ${idea.id}::uuid AND v.user_id = ${actor.id}::uuid AND v.set_aside_id IS NOT NULL) AS aside,
             (SELECT votes_used FROM voter) AS used, (SELECT support_count FROM idea) AS count`,
  );
  if (!row?.open) throw new ForbiddenError(await leftPlayReason(db, idea.id));
  if (row.aside) throw new ForbiddenError('votes.policy.setAside');
  if (row.count === null || row.count === undefined) return { target, supported: false, ...(await currentCounts(db, idea.id, challenge.id, actor.id)), changed: false };
  bumpedHere(votePages(idea.id, challenge.id)); // the statement bumped the table (its `pages`)
  return { target, supported: false, count: Number(row.count), used: Number(row.used ?? 0), changed: true };
}
