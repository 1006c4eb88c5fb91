/**
 * A competition's judging pages under load, on the real server and PostgreSQL (issue 13's target:
 * the judging pages for judges and staff keep p99 ≤ 100 ms at 20 connections, at 5,000 ideas and
 * 20 judges):
 *
 *   createdb cw_bench_judging
 *   BENCH_DATABASE_URL=postgres://…/cw_bench_judging npx tsx bench/judging.ts
 *
 * Seeds (once per database, straight into it) a council's challenge with BENCH_IDEAS ideas and a
 * finished competition on it (bench/suite/competition.ts: 200 shortlisted, 20 judges, every score
 * submitted, announced), a member of the council's staff and one of the judges with a session.
 * Then autocannon, 20 connections, BENCH_SECONDS per page, signed in: the staff's judging pages
 * (overview, shortlist, scoreboard and its CSV, one idea's scores, awards), the judge's (Judging
 * area, their 200 ideas, one score page), and the public results page with a session (past the
 * anonymous page cache). Prints a table; the figures go into bench/README.md by hand. The
 * anonymous results page against the bare stack is in `npm run bench` (its "results" page).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { ensureBuilt, startServer } from '../tests/support/server.js';
import { ensureCompetition } from './suite/competition.js';
import { createPeople } from './suite/people.js';
import { measureSignedIn, REFERENCE, report, type Row, type SignedInPage } from './suite/signed-in.js';

const databaseUrl = process.env['BENCH_DATABASE_URL'];
if (!databaseUrl) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL database (it is migrated, and bench data is added to it).');
const IDEAS = Number(process.env['BENCH_IDEAS'] ?? 5_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);

const database = await openDatabase({ databaseUrl, dataDir: 'unused', poolSize: 2 });
await database.migrate();
const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
const run = randomBytes(4).toString('hex');

// ---- Seed (once per database) ----

let [challenge] = await sql<{ id: string; organisation_id: string }[]>`SELECT id, organisation_id FROM challenges WHERE title = 'Bench competition' LIMIT 1`;
if (!challenge) {
  console.log(`Seeding a challenge with ${IDEAS} ideas…`);
  const started = Date.now();
  const [org] = await sql<{ id: string }[]>`INSERT INTO organisations (kind, name, slug) VALUES ('council', ${`Bench Judging Council ${run}`}, ${`bench-judging-${run}`}) RETURNING id`;
  const authors = await createPeople(sql, run, 500, 'entrant', { sessions: false });
  const day = 86_400_000;
  const now = Date.now();
  [challenge] = await sql<{ id: string; organisation_id: string }[]>`
    INSERT INTO challenges (organisation_id, title, summary, status, submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, judging_close_at, results_at, published_at, idea_count)
    VALUES (${org!.id}, 'Bench competition', 'A competition at scale.', 'published', ${new Date(now - 60 * day)}, ${new Date(now - 30 * day)}, ${new Date(now - 29 * day)}, ${new Date(now - 10 * day)}, ${new Date(now - 5 * day)}, ${new Date(now - day)}, ${new Date(now - 61 * day)}, ${IDEAS})
    RETURNING id, organisation_id`;
  await sql`
    INSERT INTO ideas (challenge_id, author_id, status, title, summary, description, description_html, support_count, published_at)
    SELECT ${challenge!.id}, (${sql.array(authors.map((a) => a.userId))}::uuid[])[1 + n % ${authors.length}::int], 'submitted',
           'Bench idea ' || n, 'A summary of bench idea ' || n || '.', repeat('Some words about it. ', 40), '<p>' || repeat('Some words about it. ', 40) || '</p>',
           (${IDEAS}::int - n) / 3, now() - (n || ' minutes')::interval
      FROM generate_series(1, ${IDEAS}::int) AS n`;
  await sql`ANALYZE ideas`;
  console.log(`Seeded in ${Math.round((Date.now() - started) / 1000)} s.`);
}
const { judgeUserIds, shortlisted } = await ensureCompetition(database.db, challenge!.id);
await database.close();

/** A session for an existing account (the judge), as createPeople makes them. */
async function sessionFor(userId: string): Promise<string> {
  const id = randomBytes(20).toString('hex');
  await sql`INSERT INTO sessions (id_hash, user_id, expires_at, csrf_token) VALUES (${createHash('sha256').update(id).digest('hex')}, ${userId}, ${new Date(Date.now() + 7 * 86_400_000)}, ${randomBytes(24).toString('base64url')})`;
  return `cw_session=${id}`;
}
const [staff] = await createPeople(sql, run, 1, 'staff');
await sql`INSERT INTO memberships (organisation_id, user_id, role) VALUES (${challenge!.organisation_id}, ${staff!.userId}, 'member')`;
const judge = await sessionFor(judgeUserIds[0]!);
const ideaCount = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ideas WHERE challenge_id = ${challenge!.id}`)[0]!.n;
const scoreCount = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM judge_assignments WHERE challenge_id = ${challenge!.id} AND state = 'submitted'`)[0]!.n;

// ---- Load ----

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-judging-'));
ensureBuilt();
const server = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'false', JOBS: 'false', LOG_LEVEL: 'error' });

const ch = challenge!.id;
const idea = shortlisted[0]!;
const pages: SignedInPage[] = [
  [REFERENCE, '/following', staff!.cookie],
  ['staff: judging overview', `/challenges/${ch}/judging`, staff!.cookie],
  ['staff: shortlist', `/challenges/${ch}/judging/shortlist`, staff!.cookie],
  ['staff: scoreboard', `/challenges/${ch}/judging/scoreboard`, staff!.cookie],
  ['staff: scoreboard CSV', `/challenges/${ch}/judging/scoreboard.csv`, staff!.cookie],
  ['staff: one idea’s scores', `/challenges/${ch}/judging/scoreboard/${idea}`, staff!.cookie],
  ['staff: awards', `/challenges/${ch}/judging/awards`, staff!.cookie],
  ['judge: Judging area', '/judging', judge],
  ['judge: their ideas', `/judging/${ch}`, judge],
  ['judge: a score page', `/judging/${ch}/${idea}`, judge],
  ['results page (signed in)', `/challenges/${ch}/results`, staff!.cookie],
  [REFERENCE, '/following', staff!.cookie],
];

let rows: Row[] = [];
try {
  rows = await measureSignedIn(server.url, pages, SECONDS);
} finally {
  await server.stop();
  await sql.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

report(
  `Judging: ${ideaCount.toLocaleString('en')} ideas, ${shortlisted.length} shortlisted, ${judgeUserIds.length} judges, ${scoreCount.toLocaleString('en')} scores; ${os.cpus().length} cores, 20 connections, ${SECONDS} s per page`,
  rows,
);
