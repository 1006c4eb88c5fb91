/**
 * Votes per second against the real server on PostgreSQL:
 *
 *   createdb cw_bench_votes
 *   BENCH_DATABASE_URL=postgres://…/cw_bench_votes npx tsx bench/votes.ts
 *
 * Seeds (straight into the database, for speed) a council, a challenge in its voting phase with
 * one hot idea and BENCH_IDEAS other ideas, and as many distinct verified people with a session
 * as there will be votes. Then, with autocannon from this process and the server in another:
 *   (a) every request a different person supporting the ONE hot idea (the row every vote updates);
 *   (b) every request a different person supporting one of the other ideas, in turn.
 * Each request is a plain form POST (CSRF field, session cookie) answered 303 once committed.
 * After each run it checks accepted responses = new vote rows = the support_count added = the
 * supports used (challenge_voters), i.e. none lost and none doubled.
 *
 * BENCH_VOTES (default 10000) votes per scenario, BENCH_CONNECTIONS (default 50) connections,
 * BENCH_IDEAS (default 200) ideas for (b), BENCH_PROFILE=<dir> a CPU profile of the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { ensureBuilt, startServer, waitExit } from '../tests/support/server.js';

const databaseUrl = process.env['BENCH_DATABASE_URL'];
if (!databaseUrl) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL database (it is migrated, and bench data is added to it).');
const VOTES = Number(process.env['BENCH_VOTES'] ?? 10_000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const IDEAS = Number(process.env['BENCH_IDEAS'] ?? 200);
const WARMUP = 500;

// ---- Seed ----

const migrated = await openDatabase({ databaseUrl, dataDir: 'unused', poolSize: 1 });
await migrated.migrate();
await migrated.close();

const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
const run = randomBytes(4).toString('hex');
const DAY = 86_400_000;
const now = Date.now();

const [council] = await sql<{ id: string }[]>`
  INSERT INTO organisations (kind, name, slug, description) VALUES ('council', ${`Bench council ${run}`}, ${`bench-${run}`}, 'Votes benchmark')
  RETURNING id`;
const [challenge] = await sql<{ id: string }[]>`
  INSERT INTO challenges (organisation_id, status, title, summary, submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, vote_budget, published_at)
  VALUES (${council!.id}, 'published', ${`Bench votes ${run}`}, 'Votes benchmark', ${new Date(now - 20 * DAY)}, ${new Date(now - 2 * DAY)},
          ${new Date(now - DAY)}, ${new Date(now + 7 * DAY)}, 5, ${new Date(now - 20 * DAY)})
  RETURNING id`;
const challengeId = challenge!.id;
const ideaRows = await sql<{ id: string }[]>`
  INSERT INTO ideas (challenge_id, status, title, summary, published_at)
  SELECT ${challengeId}, 'submitted', 'Bench idea ' || n, 'An idea to vote for', now() FROM generate_series(0, ${IDEAS}) AS n
  RETURNING id`;
const [hot, ...spread] = ideaRows.map((r) => r.id) as [string, ...string[]];

type Voter = { cookie: string; csrf: string };
/** `n` people with a verified account and a live session each (in batches: one INSERT per 1,000). */
async function createVoters(n: number, label: string): Promise<Voter[]> {
  const voters: Voter[] = [];
  for (let start = 0; start < n; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - start) }, (_, i) => {
      const id = randomBytes(20).toString('hex');
      return { n: start + i, id, csrf: randomBytes(24).toString('base64url') };
    });
    const users = await sql<{ id: string }[]>`
      INSERT INTO users ${sql(batch.map((b) => ({ email: `bench-${run}-${label}-${b.n}@example.org`, display_name: `Voter ${b.n}`, password_hash: 'x', email_verified_at: new Date() })))}
      RETURNING id`;
    // Sessions valid for a week: lucia only extends (and rewrites) them in their second half.
    await sql`INSERT INTO sessions ${sql(
      batch.map((b, i) => ({ id_hash: createHash('sha256').update(b.id).digest('hex'), user_id: users[i]!.id, expires_at: new Date(now + 7 * DAY), csrf_token: b.csrf })),
    )}`;
    voters.push(...batch.map((b) => ({ cookie: `cw_session=${b.id}`, csrf: b.csrf })));
  }
  return voters;
}

console.log(`Seeding ${3 * VOTES + 2 * WARMUP} voters…`);
const warm = await createVoters(2 * WARMUP, 'warm');
const hotVoters = await createVoters(VOTES, 'hot');
const spreadVoters = await createVoters(VOTES, 'spread');

// ---- Load ----

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-votes-'));
// BENCH_PROFILE=<dir> writes a V8 CPU profile of the server there (open it in Chrome's DevTools).
const profile: Record<string, string> = process.env['BENCH_PROFILE'] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(process.env['BENCH_PROFILE'])}` } : {};
ensureBuilt(); // the server runs from dist/, as in production
const server = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'false', JOBS: 'false', LOG_LEVEL: 'error', ...profile });

/** CPU seconds used so far by the server process and by PostgreSQL's processes (Linux /proc; zeros elsewhere). */
function cpuSeconds(): { server: number; postgres: number; total: number } {
  const ticks = 100; // USER_HZ
  const of = (pid: string) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpu: (Number(fields[11]) + Number(fields[12])) / ticks };
    } catch {
      return { comm: '', cpu: 0 };
    }
  };
  // PostgreSQL's processes serving this database, and its shared background processes (WAL writer,
  // checkpointer, autovacuum…); not the backends of other databases on the same server.
  let postgresCpu = 0;
  const database = new URL(databaseUrl!).pathname.slice(1);
  try {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      const p = of(pid);
      if (p.comm !== 'postgres') continue;
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const backend = /^postgres: [^:]+: \S+ (\S+) (\S+\(\d+\)|\[local\])/.exec(title);
      if (!backend || backend[1] === database) postgresCpu += p.cpu;
    }
  } catch {
    /* not Linux */
  }
  let total = 0;
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    total = (cpu.reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!) / ticks; // all but idle and iowait
  } catch {
    /* not Linux */
  }
  return { server: server.proc.pid ? of(String(server.proc.pid)).cpu : 0, postgres: postgresCpu, total };
}

type Totals = { rows: number; counts: number; used: number };
async function totals(ids: string[]): Promise<Totals> {
  const [r] = await sql<{ rows: number; counts: number; used: number }[]>`
    SELECT (SELECT count(*)::int FROM idea_votes WHERE idea_id = ANY(${ids}::uuid[])) AS rows,
           (SELECT coalesce(sum(support_count), 0)::int FROM ideas WHERE id = ANY(${ids}::uuid[])) AS counts,
           (SELECT coalesce(sum(votes_used), 0)::int FROM challenge_voters WHERE challenge_id = ${challengeId}) AS used`;
  return r!;
}

type Row = {
  scenario: string;
  votes: number;
  accepted: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  refused: number;
  errors: number;
  /** CPU milliseconds per vote: the server process, PostgreSQL, and the whole machine (load generator and anything else included). */
  cpu: { server: number; postgres: number; machine: number };
  invariant: string;
};

/** Each request: the next person, supporting the idea `ideaOf(n)`, as the no-JS form would. */
async function scenario(name: string, voters: Voter[], ideaOf: (n: number) => string): Promise<Row> {
  const ids = [hot, ...spread];
  const before = await totals(ids);
  const cpuBefore = cpuSeconds();
  let next = 0;
  const started = performance.now();
  let last = started;
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    amount: voters.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const n = next++;
          const v = voters[n % voters.length]!;
          return {
            ...req,
            path: `/ideas/${ideaOf(n)}/support`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: v.cookie },
            body: `_csrf=${encodeURIComponent(v.csrf)}&returnTo=${encodeURIComponent(`/challenges/${challengeId}`)}`,
          };
        },
        onResponse: () => {
          last = performance.now();
        },
      },
    ],
  });
  // Up to the last answer: autocannon notices that `amount` is reached on a one-second tick only.
  const seconds = (last - started) / 1000;
  const cpuAfter = cpuSeconds();
  const after = await totals(ids);
  const codes = result.statusCodeStats ?? {};
  const accepted = codes['303']?.count ?? 0;
  const refused = Object.entries(codes)
    .filter(([code]) => code !== '303')
    .reduce((a, [, s]) => a + (s.count ?? 0), 0);
  const added = { rows: after.rows - before.rows, counts: after.counts - before.counts, used: after.used - before.used };
  const ok = added.rows === accepted && added.counts === accepted && added.used === accepted;
  return {
    scenario: name,
    votes: voters.length,
    accepted,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: Math.round(accepted / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused,
    errors: result.errors + result.timeouts,
    cpu: {
      server: Math.round(((cpuAfter.server - cpuBefore.server) * 1e4) / voters.length) / 10,
      postgres: Math.round(((cpuAfter.postgres - cpuBefore.postgres) * 1e4) / voters.length) / 10,
      machine: Math.round(((cpuAfter.total - cpuBefore.total) * 1e4) / voters.length) / 10,
    },
    invariant: `${ok ? 'ok' : 'BROKEN'}: accepted ${accepted} = rows ${added.rows} = support_count +${added.counts} = votes_used +${added.used}`,
  };
}

try {
  // Warm-up (JIT, connection pool, caches), not reported.
  await scenario('warm-up', warm, (n) => spread[n % spread.length]!);
  const rows = [
    await scenario('(a) one hot idea', hotVoters, () => hot),
    await scenario(`(b) spread over ${spread.length} ideas`, spreadVoters, (n) => spread[n % spread.length]!),
  ];
  console.log(`\nVotes on PostgreSQL, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${CONNECTIONS} connections, one distinct person per vote\n`);
  console.log(
    '| scenario | votes sent | accepted | seconds | accepted votes/s | p50 ms | p99 ms | refused | errors | CPU ms/vote: server, PostgreSQL, machine | after the run |\n|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows)
    console.log(
      `| ${r.scenario} | ${r.votes} | ${r.accepted} | ${r.seconds} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.refused} | ${r.errors} | ${r.cpu.server}, ${r.cpu.postgres}, ${r.cpu.machine} | ${r.invariant} |`,
    );
  if (rows.some((r) => !r.invariant.startsWith('ok') || r.errors > 0)) {
    process.exitCode = 1;
    console.log(`\nServer output:\n${server.output().slice(-5000)}`);
  }
} finally {
  server.signal('SIGTERM');
  await waitExit(server);
  await sql.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
