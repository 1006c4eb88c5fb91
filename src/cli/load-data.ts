import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password.js';
import type { Db } from '../db/client.js';

/**
 * A large synthetic dataset for benchmarks: one council ("Load Test Borough …"), `challenges`
 * published challenges open for ideas, `ideas / 10` residents, and `ideas` published ideas spread
 * over the challenges with varied titles, topics, support counts and dates. Generated inside the
 * database (generate_series), in batches, with ids derived from a run tag so rows can reference
 * each other without round trips. Each run adds a new council; nothing existing is touched.
 */
export async function seedLoadData(db: Db, options: { ideas: number; challenges?: number; onProgress?: (done: number) => void }) {
  const total = options.ideas;
  const challengeCount = options.challenges ?? Math.max(5, Math.min(50, Math.ceil(total / 5000)));
  const userCount = Math.max(10, Math.ceil(total / 10));
  const run = randomBytes(4).toString('hex');
  const passwordHash = await hashPassword(randomBytes(18).toString('base64url')); // nobody signs in as these
  // Whole numbers as typed parameters: untyped, postgres.js would send them as text.
  const n = (v: number) => sql`${Math.trunc(v)}::int`;
  const uid = (expr: ReturnType<typeof sql>) => sql`md5(${'load-user-' + run + '-'} || (${expr})::text)::uuid`;
  const cid = (expr: ReturnType<typeof sql>) => sql`md5(${'load-challenge-' + run + '-'} || (${expr})::text)::uuid`;

  await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO organisations (id, kind, name, slug, description, verified)
      VALUES (md5(${'load-org-' + run})::uuid, 'council', ${'Load Test Borough ' + run}, ${'load-test-' + run},
              'Synthetic council created by npm run seed -- --ideas, for benchmarks.', false)`);
    await tx.execute(sql`
      INSERT INTO users (id, email, display_name, password_hash, email_verified_at)
      SELECT ${uid(sql`g`)}, ${'load-' + run + '-'} || g || '@load.example', 'Resident ' || g, ${passwordHash}, now()
      FROM generate_series(0, ${n(userCount - 1)}) AS g`);
    await tx.execute(sql`
      INSERT INTO challenges (id, organisation_id, status, title, summary, brief, brief_html, submissions_open_at, submissions_close_at,
                              voting_open_at, voting_close_at, results_at, published_at, created_at)
      SELECT ${cid(sql`g`)}, md5(${'load-org-' + run})::uuid, 'published',
             'Load test challenge ' || g || ': ' || (ARRAY['safer crossings','quieter streets','shared gardens','warm spaces','open data','repair cafés','bus shelters','play areas'])[1 + g % 8],
             'A synthetic challenge for benchmarks.', 'Synthetic brief.', '<p>Synthetic brief.</p>',
             now() - interval '30 days', now() + (g % 60 + 10) * interval '1 day',
             now() + (g % 60 + 20) * interval '1 day', now() + (g % 60 + 40) * interval '1 day', now() + (g % 60 + 60) * interval '1 day',
             now() - (g % 30) * interval '1 day', now() - interval '31 days'
      FROM generate_series(0, ${n(challengeCount - 1)}) AS g`);
    await tx.execute(sql`
      INSERT INTO challenge_topics (challenge_id, topic_id)
      SELECT ${cid(sql`g`)}, t.id FROM generate_series(0, ${n(challengeCount - 1)}) AS g
      JOIN topics t ON t.id = (SELECT min(id) FROM topics) + g % 12`);
  });

  const batch = 20_000;
  for (let from = 0; from < total; from += batch) {
    const to = Math.min(total, from + batch) - 1;
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        INSERT INTO ideas (id, challenge_id, author_id, status, title, summary, description, description_html, support_count, published_at, created_at)
        SELECT md5(${'load-idea-' + run + '-'} || g::text)::uuid, ${cid(sql`g % ${n(challengeCount)}`)}, ${uid(sql`g % ${n(userCount)}`)},
               (ARRAY['submitted','submitted','submitted','submitted','shortlisted','accepted','implemented','not_taken_forward'])[1 + g % 8],
               (ARRAY['More','Better','Shared','Safer','Greener','Quieter','Smarter','Open'])[1 + g % 8] || ' ' ||
               (ARRAY['benches','cycle lanes','street trees','bus stops','library hours','play streets','food markets','data portals','warm hubs','repair workshops'])[1 + (g / 8) % 10] ||
               ' in ' || (ARRAY['the high street','the old town','Riverside','the station area','every ward','the park'])[1 + (g / 80) % 6] || ' #' || g,
               'A synthetic idea for benchmarks.', 'Synthetic description of idea ' || g || '.', '<p>Synthetic description of idea ' || g || '.</p>',
               (g * 7919) % 500, now() - (g % 28) * interval '1 day' - (g % 1440) * interval '1 minute', now() - interval '29 days'
        FROM generate_series(${n(from)}, ${n(to)}) AS g`);
      await tx.execute(sql`
        INSERT INTO idea_topics (idea_id, topic_id)
        SELECT md5(${'load-idea-' + run + '-'} || g::text)::uuid, (SELECT min(id) FROM topics) + g % 12
        FROM generate_series(${n(from)}, ${n(to)}) AS g`);
    });
    options.onProgress?.(to + 1);
  }
  await db.execute(sql`
    UPDATE challenges c SET idea_count = (SELECT count(*)::int FROM ideas i WHERE i.challenge_id = c.id AND i.status NOT IN ('draft', 'withdrawn')),
                            participant_count = (SELECT count(DISTINCT i.author_id)::int FROM ideas i WHERE i.challenge_id = c.id AND i.status NOT IN ('draft', 'withdrawn'))
    WHERE c.organisation_id = md5(${'load-org-' + run})::uuid`);
  await db.execute(sql`ANALYZE`);
  return { run, organisationSlug: `load-test-${run}`, challenges: challengeCount, users: userCount, ideas: total };
}
