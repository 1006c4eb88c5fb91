/**
 * Every count the commands maintain, compared with the rows it counts (used by the demo and
 * load-data tests): comments and ideas the moderators hid (or hold) are not counted, nor supports
 * the council set aside. Answers one line per difference: empty when every count equals its rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { findVoteDrift } from '../../src/features/votes/reconcile.js';
import { TRENDING_DAYS } from '../../src/features/votes/trending.js';

export type CountDrift = { counter: string; id: string; stored: string | null; actual: string | null };

async function rows(db: Db, query: SQL): Promise<CountDrift[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as CountDrift[];
}

const LIVE = sql`('draft', 'withdrawn')`;

export async function findCountDrift(db: Db): Promise<CountDrift[]> {
  const found = await rows(
    db,
    sql`
    WITH per_subject AS (
      SELECT s.id, s.comment_count, (SELECT count(*) FROM comments c WHERE c.subject_id = s.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL) AS live_comments
      FROM subjects s
    ), per_idea AS (
      SELECT i.id, i.support_count, i.recent_support, i.responded_at, i.response_due_at,
             (SELECT count(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.set_aside_id IS NULL) AS votes,
             (SELECT count(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.set_aside_id IS NULL AND v.created_at > now() - ${TRENDING_DAYS}::int * interval '1 day') AS recent_votes,
             (SELECT min(r.created_at) FROM idea_responses r WHERE r.idea_id = i.id) AS first_response,
             (c.response_threshold IS NOT NULL AND c.response_days IS NOT NULL) AS has_rule,
             c.response_threshold
      FROM ideas i JOIN challenges c ON c.id = i.challenge_id
    ), per_challenge AS (
      SELECT c.id, c.idea_count, c.participant_count,
             (SELECT count(*) FROM ideas i WHERE i.challenge_id = c.id AND i.status NOT IN ${LIVE} AND i.hidden_at IS NULL) AS ideas,
             (SELECT count(DISTINCT i.author_id) FROM ideas i WHERE i.challenge_id = c.id AND i.status NOT IN ${LIVE} AND i.hidden_at IS NULL) AS authors
      FROM challenges c
    )
    SELECT 'ideas.support_count' AS counter, id::text, support_count::text AS stored, votes::text AS actual FROM per_idea WHERE support_count <> votes
    UNION ALL
    SELECT 'ideas.recent_support', id::text, recent_support::text, recent_votes::text FROM per_idea WHERE recent_support <> recent_votes
    UNION ALL
    SELECT 'subjects.comment_count', id::text, comment_count::text, live_comments::text FROM per_subject WHERE comment_count <> live_comments
    UNION ALL
    SELECT 'ideas.responded_at', id::text, responded_at::text, first_response::text FROM per_idea WHERE responded_at IS DISTINCT FROM first_response
    UNION ALL
    -- A due date while the idea waits for its first answer, once its supports reached the rule's threshold; none otherwise.
    SELECT 'ideas.response_due_at', id::text, response_due_at::text,
           CASE WHEN has_rule AND first_response IS NULL AND support_count >= response_threshold THEN 'a date' ELSE 'none' END
    FROM per_idea
    WHERE (response_due_at IS NOT NULL) <> (has_rule AND first_response IS NULL AND support_count >= response_threshold)
    UNION ALL
    SELECT 'challenges.idea_count', id::text, idea_count::text, ideas::text FROM per_challenge WHERE idea_count <> ideas
    UNION ALL
    SELECT 'challenges.participant_count', id::text, participant_count::text, authors::text FROM per_challenge WHERE participant_count <> authors
    ORDER BY 1, 2`,
  );
  const votes = await findVoteDrift(db);
  return [
    ...found,
    ...votes.voters.map((v) => ({ counter: 'challenge_voters.votes_used', id: `${v.challengeId}/${v.userId}`, stored: String(v.stored), actual: String(v.actual) })),
  ];
}
