/**
 * A finished competition in a bench data set (issue 13's target: the results page at 5,000 ideas
 * and 20 judges): on the given challenge, written straight into the database once (the rows the
 * judging commands would have made, set-based), then the results computed and announced by the
 * judging feature's own computeResults. Idempotent: a challenge already announced is left alone;
 * everything is one transaction.
 */
import { sql } from 'drizzle-orm';
import { rawRows, type Db } from '../../src/db/client.js';
import { computeResults } from '../../src/features/judging/index.js';

export type CompetitionSize = { judges: number; shortlist: number };
export const COMPETITION: CompetitionSize = { judges: 20, shortlist: 200 };

export async function ensureCompetition(db: Db, challengeId: string, size: CompetitionSize = COMPETITION): Promise<{ judgeUserIds: string[]; shortlisted: string[] }> {
  const existing = await rawRows<{ id: string }>(db, sql`SELECT j.user_id AS id FROM judges j WHERE j.challenge_id = ${challengeId} ORDER BY j.created_at, j.id`);
  const announced = await rawRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM judging_settings WHERE challenge_id = ${challengeId} AND announced_at IS NOT NULL`);
  if (announced[0]!.n > 0) {
    const listed = await rawRows<{ id: string }>(db, sql`SELECT idea_id AS id FROM shortlist WHERE challenge_id = ${challengeId}`);
    return { judgeUserIds: existing.map((e) => e.id), shortlisted: listed.map((l) => l.id) };
  }
  return db.transaction(async (tx) => {
    const run = (s: ReturnType<typeof sql>) => tx.execute(s);
    const tag = challengeId.slice(0, 8);
    await run(sql`DELETE FROM rubric_criteria WHERE challenge_id = ${challengeId}`);
    await run(sql`
      INSERT INTO rubric_criteria (challenge_id, position, name, name_fr, description, weight, scale_min, scale_max, comment_required)
      VALUES (${challengeId}, 1, 'Impact on residents', 'Effet pour les habitants', 'How many people it helps, and how much.', 4, 1, 5, false),
             (${challengeId}, 2, 'Feasibility', 'Faisabilité', 'Can the council and its partners do it within a year?', 3, 0, 10, true),
             (${challengeId}, 3, 'Value for money', 'Rapport qualité-prix', '', 2, 1, 10, false),
             (${challengeId}, 4, 'Fairness', 'Équité', 'Does it reach the people who need it most?', 1, 1, 5, false)`);
    await run(sql`
      INSERT INTO judging_settings (challenge_id, people_weight, normalisation, blind_review, publish_panel) VALUES (${challengeId}, 30, 'none', false, true)
      ON CONFLICT (challenge_id) DO UPDATE SET people_weight = 30, publish_panel = true`);
    const judges = await rawRows<{ id: string; user_id: string }>(
      tx,
      sql`
        WITH u AS (
          INSERT INTO users (email, display_name, password_hash, email_verified_at, trust)
          SELECT 'bench-judge-' || ${tag} || '-' || n || '@example.org', 'Bench Judge ' || n, 'x', now(), 'trusted' FROM generate_series(1, ${size.judges}::int) AS n
          RETURNING id)
        INSERT INTO judges (challenge_id, user_id, confidentiality_at) SELECT ${challengeId}, id, now() FROM u RETURNING id, user_id`,
    );
    const listed = await rawRows<{ id: string }>(
      tx,
      sql`
        INSERT INTO shortlist (idea_id, challenge_id)
        SELECT id, challenge_id FROM ideas
         WHERE challenge_id = ${challengeId} AND status IN ('submitted', 'under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented') AND hidden_at IS NULL
         ORDER BY support_count DESC, published_at, id LIMIT ${size.shortlist}
        ON CONFLICT DO NOTHING RETURNING idea_id AS id`,
    );
    // Every judge scores every idea, submitted: values that vary by idea and judge, within each scale.
    await run(sql`
      INSERT INTO judge_assignments (judge_id, idea_id, challenge_id, conflict, conflict_at, values, comments, state, version, saved_at, submitted_at)
      SELECT j.id, s.idea_id, ${challengeId}, 'none', now(),
             (SELECT jsonb_object_agg(c.id::text, c.scale_min + ((s.rn * 7 + j.rn * 3 + c.position * 5) % (c.scale_max - c.scale_min + 1)))
                FROM rubric_criteria c WHERE c.challenge_id = ${challengeId}),
             (SELECT jsonb_object_agg(c.id::text, 'Workable with the parks team.') FROM rubric_criteria c WHERE c.challenge_id = ${challengeId} AND c.comment_required),
             'submitted', 1, now(), now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM judges WHERE challenge_id = ${challengeId}) j
        CROSS JOIN (SELECT idea_id, row_number() OVER (ORDER BY idea_id) AS rn FROM shortlist WHERE challenge_id = ${challengeId}) s`);
    const top = await rawRows<{ id: string }>(tx, sql`SELECT s.idea_id AS id FROM shortlist s JOIN ideas i ON i.id = s.idea_id WHERE s.challenge_id = ${challengeId} ORDER BY i.support_count DESC, i.id LIMIT 3`);
    await run(sql`
      INSERT INTO awards (challenge_id, idea_id, kind, place, citation, citation_fr, prize)
      SELECT ${challengeId}, x.id::uuid, x.kind, x.place, x.citation, x.citation_fr, x.prize
        FROM (VALUES (${top[0]?.id ?? null}, 'place', 1, 'The panel’s and the people’s **first choice**.', 'Le **premier choix** du jury et du public.', 'Up to £15,000 and a pilot with the parks team'),
                     (${top[1]?.id ?? null}, 'place', 2, 'A close second, ready to start.', NULL, '£5,000'),
                     (${top[2]?.id ?? null}, 'mention', NULL, 'Worth trying in one ward first.', NULL, '')) AS x (id, kind, place, citation, citation_fr, prize)
       WHERE x.id IS NOT NULL`);
    const now = new Date();
    const results = await computeResults(tx, challengeId, now);
    await run(sql`UPDATE judging_settings SET announced_at = ${now.toISOString()}::timestamptz, results = ${JSON.stringify(results)}::jsonb WHERE challenge_id = ${challengeId}`);
    await run(sql`ANALYZE judge_assignments`);
    return { judgeUserIds: judges.map((j) => j.user_id), shortlisted: listed.map((l) => l.id) };
  });
}
