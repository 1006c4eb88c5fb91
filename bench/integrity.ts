/**
 * The vote integrity report at scale (issue 12, point 6): one challenge with BENCH_SUPPORTS
 * supports (default 120,000: 40,000 people, three supports each, over 200 ideas), on PostgreSQL:
 *
 *   createdb cw_bench_integrity
 *   BENCH_DATABASE_URL=postgres://…/cw_bench_integrity npx tsx bench/integrity.ts
 *
 * Seeds once per database (set-based), then times the anomaly report's statement
 * (findAnomalies) and the public summary (integritySummary), BENCH_ROUNDS times each, and prints
 * the median and the slowest. The report is a staff page: its cost grows with one challenge's
 * supports, never with the platform's. The figures go into bench/README.md by hand.
 */
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { findAnomalies, integritySummary } from '../src/features/votes/index.js';

const url = process.env['BENCH_DATABASE_URL'];
if (!url) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL database (it is migrated, and bench data is added to it).');
const PEOPLE = Math.ceil(Number(process.env['BENCH_SUPPORTS'] ?? 120_000) / 3);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10);

const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
await database.migrate();
const sql = postgres(url, { max: 1, onnotice: () => {} });

let [challenge] = await sql<{ id: string }[]>`SELECT id FROM challenges WHERE title = 'Bench integrity' LIMIT 1`;
if (!challenge) {
  console.log(`Seeding ${PEOPLE * 3} supports…`);
  await sql.begin(async (tx) => {
    const [org] = await tx<{ id: string }[]>`INSERT INTO organisations (kind, name, slug) VALUES ('council', 'Bench integrity council', 'bench-integrity') RETURNING id`;
    [challenge] = await tx<{ id: string }[]>`
      INSERT INTO challenges (organisation_id, title, summary, brief, status, submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, vote_budget)
      VALUES (${org!.id}, 'Bench integrity', 's', 'b', 'published', now() - interval '30 days', now() - interval '10 days', now() - interval '9 days', now() + interval '5 days', 5)
      RETURNING id`;
    // People joined over the last 300 days; a tenth of them share 300 networks, the rest have their own; 40 browser strings.
    await tx`INSERT INTO users (email, display_name, password_hash, created_at)
             SELECT 'bench-integrity-' || g || '@example.org', 'Bench ' || g, 'x', now() - ((g % 300) || ' days')::interval FROM generate_series(1, ${PEOPLE}::int) g`;
    const [author] = await tx<{ id: string }[]>`SELECT id FROM users WHERE email = 'bench-integrity-1@example.org'`;
    const ideas = await tx<{ id: string }[]>`
      INSERT INTO ideas (challenge_id, author_id, title, summary, description, status, published_at)
      SELECT ${challenge!.id}, ${author!.id}, 'Bench idea ' || g, 's', 'd', 'published', now() - interval '12 days' FROM generate_series(1, 200) g RETURNING id`;
    await tx`INSERT INTO idea_votes (idea_id, user_id, challenge_id, created_at, network, agent)
             SELECT (${tx.array(ideas.map((i) => i.id))}::uuid[])[1 + (abs(hashtext(u.id::text || k)) % 200)], u.id, ${challenge!.id}, now() - ((abs(hashtext(u.id::text)) % 8) || ' days')::interval,
                    CASE WHEN abs(hashtext(u.id::text)) % 10 = 0 THEN 'shared' || (abs(hashtext(u.id::text)) % 300) ELSE md5(u.id::text) END, 'ua' || (abs(hashtext(u.id::text || 'a')) % 40)
             FROM users u, generate_series(1, 3) k WHERE u.email LIKE 'bench-integrity-%' ON CONFLICT DO NOTHING`;
    await tx`UPDATE ideas SET support_count = (SELECT count(*) FROM idea_votes v WHERE v.idea_id = ideas.id) WHERE challenge_id = ${challenge!.id}`;
  });
  await sql`ANALYZE`;
}
const n = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM idea_votes WHERE challenge_id = ${challenge!.id}`)[0]!.n;

async function time(name: string, run: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${name.padEnd(22)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(0).padStart(4)} ms   slowest ${ms.at(-1)!.toFixed(0).padStart(4)} ms`);
}

console.log(`One challenge with ${n} supports:`);
let groups = 0;
await time('anomaly report', async () => void (groups = (await findAnomalies(database.db, challenge!.id)).length));
await time('public summary', () => integritySummary(database.db, challenge!.id));
console.log(`(${groups} groups reported)`);
await sql.end();
await database.close();
