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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { ensureBuilt, startServer, waitExit } from '../tests/support/server.js';
import { createPeople, type Person } from './suite/people.js';
import { castVotes, seedVoteChallenge, voteInvariant, voteTotals } from './suite/votes.js';

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
const { challengeId, ideaIds } = await seedVoteChallenge(sql, run, IDEAS + 1);
const [hot, ...spread] = ideaIds as [string, ...string[]];

console.log(`Seeding ${3 * VOTES + 2 * WARMUP} voters…`);
const warm = await createPeople(sql, run, 2 * WARMUP, 'warm');
const hotVoters = await createPeople(sql, run, VOTES, 'hot');
const spreadVoters = await createPeople(sql, run, VOTES, 'spread');

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
async function scenario(name: string, voters: Person[], ideaOf: (n: number) => string): Promise<Row> {
  const ids = [hot, ...spread];
  const before = await voteTotals(sql, challengeId, ids);
  const cpuBefore = cpuSeconds();
  const r = await castVotes(server.url, voters, ideaOf, { connections: CONNECTIONS, returnTo: `/challenges/${challengeId}` });
  const cpuAfter = cpuSeconds();
  const after = await voteTotals(sql, challengeId, ids);
  return {
    scenario: name,
    ...r,
    cpu: {
      server: Math.round(((cpuAfter.server - cpuBefore.server) * 1e4) / voters.length) / 10,
      postgres: Math.round(((cpuAfter.postgres - cpuBefore.postgres) * 1e4) / voters.length) / 10,
      machine: Math.round(((cpuAfter.total - cpuBefore.total) * 1e4) / voters.length) / 10,
    },
    invariant: voteInvariant(r.accepted, before, after).text,
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
