/**
 * The bench suite, one command (ARCHITECTURE §7):
 *
 *   npm run bench                 # full: about 16 min once the data sets exist (load average 4–5)
 *   npm run bench -- --quick      # 1k and 10k ideas, short runs: under 3 min
 *
 * Every scenario runs against its comparison in the same run, in three rounds, alternating
 * (round r starts with a different server) so that the noise of a shared machine falls on both:
 *
 * - pages: home, the challenge directory, the busiest challenge (fair random order and newest),
 *   its most supported idea, the organisation directory, the busiest organisation, the most
 *   prolific author — each on the real server (warm: its page cache; cold: PAGE_CACHE_MB=0, every
 *   request renders) against the bare stack (bench/suite/bare-server.ts: hono + one prepared
 *   query + the same bytes), on PostgreSQL at the main size (100k ideas; quick: 10k);
 * - the read/write mix: reads of the busiest challenge and its five most supported ideas while
 *   signed-in people support those ideas (20/s) and comment on them (2/s);
 * - votes on one hot idea (bench/suite/votes.ts) against pgbench doing the same rows;
 * - growth: every page's p99 at the largest size (1m; quick: 10k) against the smallest (1k);
 * - embedded: every page on PGlite against PostgreSQL, both with 10k ideas.
 *
 * The data sets are made once (`npm run seed -- --ideas N` into cw_bench_<N> databases and an
 * embedded data directory under ~/.cache/commonwise-bench) and reused. The table is printed and,
 * for a full run, written into bench/README.md between its markers.
 *
 * Options: --quick, --rounds R, --seconds S (per page run), --mix-seconds S, --main 100k, --growth 1k,1m,
 * --embedded 10k, --only pages,mix,votes,growth,embedded, --no-seed (fail instead of seeding),
 * --seed-only (make the missing data sets and stop), --write / --no-write (the README). Environment: BENCH_DATABASE_URL (the PostgreSQL server;
 * default postgres://root@127.0.0.1:5432, or PGHOST/PGPORT/PGUSER), BENCH_CACHE_DIR,
 * BENCH_SEED_PROJECT (another checkout's seeder, e.g. a faster one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { ensureBuilt, freePort, ROOT, startServer, type RunningServer } from '../tests/support/server.js';
import type { BareConfig, BarePage } from './suite/bare-server.js';
import {
  adminSql,
  choosePages,
  copyPgliteDataset,
  databaseExists,
  databaseUrl,
  ensurePgDataset,
  ensurePgliteDataset,
  pgDatabaseName,
  sizeLabel,
  type PageSet,
  type Provenance,
} from './suite/datasets.js';
import { measure, median, postAtRate, visitorCookie, VISITORS, type Measured, type WriteRun } from './suite/load.js';
import { createPeople, formBody, type Person } from './suite/people.js';
import { table, writeReadme, type Row } from './suite/report.js';
import { castVotes, preparePgbench, runPgbench, seedVoteChallenge, voteInvariant, voteTotals } from './suite/votes.js';

// ---- Options ----

const USAGE = `npm run bench [-- --quick] [--rounds R] [--seconds S] [--mix-seconds S] [--main 100k] [--growth 1k,1m] [--embedded 10k]
                [--only pages,mix,votes,growth,embedded] [--no-seed | --seed-only] [--write | --no-write]`;
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    'mix-seconds': { type: 'string' },
    main: { type: 'string' },
    growth: { type: 'string' },
    embedded: { type: 'string' },
    only: { type: 'string' },
    'no-seed': { type: 'boolean' },
    'seed-only': { type: 'boolean' },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const parseSize = (s: string) => {
  const m = /^(\d+)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a size: ${s} (e.g. 1k, 100k, 1m)\n${USAGE}`);
  return Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
};
const quick = Boolean(args.quick);
const PARTS = ['pages', 'mix', 'votes', 'growth', 'embedded'] as const;
type Part = (typeof PARTS)[number];
const only = new Set((args.only ?? PARTS.join(',')).split(',').map((p) => p.trim()) as Part[]);
for (const p of only) if (!PARTS.includes(p)) throw new Error(`--only takes ${PARTS.join(', ')}\n${USAGE}`);

const S = {
  rounds: Number(args.rounds ?? 3),
  /** Seconds per page run. */
  seconds: Number(args.seconds ?? (quick ? 0.4 : 2.5)),
  /** Seconds per read/write mix run. */
  mixSeconds: Number(args['mix-seconds'] ?? (quick ? 1 : 5)),
  connections: 20,
  main: parseSize(args.main ?? (quick ? '10k' : '100k')),
  growth: (args.growth ?? (quick ? '1k,10k' : '1k,1m')).split(',').map(parseSize),
  embedded: parseSize(args.embedded ?? '10k'),
  /** Votes per round on the hot idea, and as many pgbench transactions. */
  votes: quick ? 400 : 3000,
  warmVotes: quick ? 100 : 1000,
  voteConnections: 50,
  supportsPerSecond: 20,
  commentsPerSecond: 2,
};
if (S.growth.length !== 2 || S.growth[0]! >= S.growth[1]!) throw new Error(`--growth takes two sizes, smaller first (e.g. 1k,1m)\n${USAGE}`);
const [SMALL, BIG] = S.growth as [number, number];
/** At most this many servers on PostgreSQL at once: each may open 10 connections (max_connections is 100 here, shared). */
const MAX_PG_SERVERS = 5;

const wallStart = Date.now();
/** A line of progress, with the seconds since the start. */
const log = (line: string) => console.log(line.replace(/^(\s*)/, `$1[${Math.round((Date.now() - wallStart) / 1000)} s] `));
const loadAtStart = os.loadavg();

// ---- Targets: the servers a scenario is measured on ----

type Store = 'pg' | 'pglite';
type Target = { key: string; kind: 'cw' | 'bare'; store: Store; size: number; cache: boolean };
const target = (kind: 'cw' | 'bare', store: Store, size: number, cache: boolean): Target => ({
  key: `${kind === 'bare' ? 'bare' : `${store === 'pglite' ? 'pglite-' : ''}${cache ? 'warm' : 'cold'}`}@${sizeLabel(size)}`,
  kind,
  store,
  size,
  cache,
});
const warm = (size: number, store: Store = 'pg') => target('cw', store, size, true);
const cold = (size: number, store: Store = 'pg') => target('cw', store, size, false);
const bare = (size: number) => target('bare', 'pg', size, true);

/** Two targets compared with each other (what ties them to one phase). */
const comparisons: [Target, Target][] = [];
/** The targets whose pages are measured one by one (the mix alone needs none). */
const pageTargets = new Set<string>();
const compare = (pages: boolean, ...pairs: [Target, Target][]) => {
  comparisons.push(...pairs);
  if (pages) for (const t of pairs.flat()) pageTargets.add(t.key);
};
if (only.has('pages') || only.has('mix')) compare(only.has('pages'), [warm(S.main), bare(S.main)], [cold(S.main), bare(S.main)]);
if (only.has('growth')) compare(true, [warm(BIG), warm(SMALL)], [cold(BIG), cold(SMALL)]);
if (only.has('embedded')) compare(true, [warm(S.embedded, 'pglite'), warm(S.embedded)], [cold(S.embedded, 'pglite'), cold(S.embedded)]);

/**
 * Phases: targets that are compared run side by side (and alternate); unrelated groups run one
 * after the other when together they would hold too many PostgreSQL connections.
 */
function phases(): Target[][] {
  const all = new Map<string, Target>();
  const parent = new Map<string, string>();
  const find = (k: string): string => (parent.get(k) === k ? k : find(parent.get(k)!));
  for (const [a, b] of comparisons)
    for (const t of [a, b])
      if (!all.has(t.key)) {
        all.set(t.key, t);
        parent.set(t.key, t.key);
      }
  for (const [a, b] of comparisons) parent.set(find(a.key), find(b.key));
  const groups = new Map<string, Target[]>();
  for (const t of all.values()) groups.set(find(t.key), [...(groups.get(find(t.key)) ?? []), t]);
  const pgCount = (ts: Target[]) => ts.filter((t) => t.store === 'pg').length;
  const merged: Target[][] = [];
  for (const g of groups.values()) {
    const into = merged.find((m) => pgCount(m) + pgCount(g) <= MAX_PG_SERVERS);
    if (into) into.push(...g);
    else merged.push([...g]);
  }
  return merged;
}

// ---- Servers ----

type Running = { t: Target; url: string; stop(): Promise<void> };
const running = new Set<Running>();
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(d);
  return d;
};

async function startCommonwise(t: Target, where: { databaseUrl?: string; dataDir?: string }): Promise<Running> {
  const env: Record<string, string> = { JOBS: 'false', LOG_LEVEL: 'error', ...(t.cache ? {} : { PAGE_CACHE_MB: '0' }) };
  // BENCH_PROFILE=<dir>: a V8 CPU profile of each Commonwise server, written there when it stops (open it in Chrome's DevTools).
  if (process.env['BENCH_PROFILE']) env['NODE_OPTIONS'] = `--cpu-prof --cpu-prof-dir=${path.resolve(process.env['BENCH_PROFILE'], t.key)}`;
  if (where.databaseUrl) Object.assign(env, { DATABASE_URL: where.databaseUrl, DATA_DIR: tempDir('cw-bench-srv-') });
  else Object.assign(env, { DATA_DIR: where.dataDir! });
  const server: RunningServer = await startServer(env, { timeoutMs: 180_000 });
  const r: Running = {
    t,
    url: server.url,
    async stop() {
      running.delete(r);
      await server.stop();
    },
  };
  running.add(r);
  return r;
}

/** The bare stack (bench/suite/bare-server.ts) in its own process, serving `pages`. */
async function startBare(t: Target, url: string, pages: BarePage[]): Promise<Running> {
  const port = await freePort();
  const configFile = path.join(tempDir('cw-bench-bare-'), 'config.json');
  const config: BareConfig = { databaseUrl: url, port, poolSize: 10, pages };
  fs.writeFileSync(configFile, JSON.stringify(config));
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', 'bench/suite/bare-server.ts', configFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare stack not listening after 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`bare stack exited ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const r: Running = {
    t,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      running.delete(r);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(r);
  return r;
}

/** A page as the server sends it to the bench's requests: the raw (gzipped) bytes and the headers. */
function fetchRaw(base: string, pagePath: string): Promise<{ status: number; headers: [string, string][]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${pagePath}`, { headers: { 'accept-encoding': 'gzip', cookie: visitorCookie(0) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const skip = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
        const headers: [string, string][] = [];
        for (const [k, v] of Object.entries(res.headers))
          if (!skip.has(k) && v !== undefined) for (const one of Array.isArray(v) ? v : [v]) headers.push([k, one]);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
  });
}

async function stopAll() {
  await Promise.allSettled([...running].map((r) => r.stop()));
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping the servers…');
  void stopAll().finally(() => process.exit(130));
});

// ---- Data sets ----

const pageSets = new Map<string, PageSet>();
const provenances = new Map<string, Provenance | undefined>();
const pgUrls = new Map<number, string>();
const pgliteDirs = new Map<number, string>();
const dataKey = (store: Store, size: number) => `${store}:${size}`;

async function prepareData(targets: Target[]) {
  for (const t of targets) {
    const key = dataKey(t.store, t.size);
    if (pageSets.has(key)) continue;
    const missing = t.store === 'pg' ? !(await databaseExists(pgDatabaseName(t.size))) : false;
    if (missing && args['no-seed']) throw new Error(`${pgDatabaseName(t.size)} does not exist (--no-seed): seed it with DATABASE_URL=… npm run seed -- --ideas ${t.size}`);
    if (t.store === 'pg') {
      const { url, provenance } = await ensurePgDataset(t.size, log);
      pgUrls.set(t.size, url);
      provenances.set(key, provenance);
      pageSets.set(key, await choosePages({ databaseUrl: url }));
    } else {
      const { dir, provenance } = await ensurePgliteDataset(t.size, log);
      pgliteDirs.set(t.size, dir);
      provenances.set(key, provenance);
      pageSets.set(key, await choosePages({ dataDir: dir }));
    }
  }
}
const pagesOf = (t: Target) => pageSets.get(dataKey(t.store, t.size))!;
const pathOf = (t: Target, name: string) => pagesOf(t).pages.find((p) => p.name === name)!.path;
const mixPaths = (set: PageSet) => [pathOf(warm(S.main), 'challenge (random)'), pathOf(warm(S.main), 'challenge (newest)'), ...set.mixIdeas.map((id) => `/ideas/${id}`)];

// ---- Results ----

/** results[target key][page name or "mix"][round] */
const results = new Map<string, Map<string, Measured[]>>();
const record = (t: Target, name: string, m: Measured) => {
  const byName = results.get(t.key) ?? new Map<string, Measured[]>();
  results.set(t.key, byName);
  byName.set(name, [...(byName.get(name) ?? []), m]);
};
const writes: { target: string; supports: WriteRun; comments: WriteRun }[] = [];

const codes = (w: WriteRun) => `${w.accepted} accepted of ${w.answered} answered (${w.sent} sent)${Object.keys(w.codes).some((c) => c !== '303') ? ` ${JSON.stringify(w.codes)}` : ''}${w.errors ? `, ${w.errors} errors` : ''}`;
const rotate = <T>(xs: T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]!);
const fmt = (m: Measured, t: Target) =>
  `${m.rps} req/s, p99 ${m.p99} ms${m.errors ? `, ${m.errors} errors` : ''}${t.kind === 'cw' && m.hits + m.misses ? `, ${Math.round((100 * m.hits) / (m.hits + m.misses))}% hits` : ''}`;

// ---- A phase: start its servers, warm them up, run the rounds ----

async function runPhase(targets: Target[]) {
  const pageNames = pageSets.get(dataKey(targets[0]!.store, targets[0]!.size))!.pages.map((p) => p.name);
  log(`\nPhase: ${targets.map((t) => t.key).join(', ')} (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  const servers = new Map<string, Running>();
  try {
    const cw = targets.filter((t) => t.kind === 'cw');
    const started = await Promise.all(
      cw.map((t) => {
        if (t.store === 'pg') return startCommonwise(t, { databaseUrl: pgUrls.get(t.size)! });
        const copy = copyPgliteDataset(pgliteDirs.get(t.size)!); // a data directory serves one process
        tempDirs.push(copy);
        return startCommonwise(t, { dataDir: copy });
      }),
    );
    for (const r of started) servers.set(r.t.key, r);
    log(`  servers ready`);
    // Warm-up (JIT, connection pools): every page a few times (the page caches are filled before each run).
    for (const r of started)
      for (const p of pagesOf(r.t).pages) {
        const w = await measure(r.url, [p.path], { seconds: 0, connections: 10, amount: quick ? 10 : 40 });
        if (w.errors) throw new Error(`${r.t.key} ${p.path}: ${w.errors} errors while warming up`);
      }
    const bareTarget = targets.find((t) => t.kind === 'bare');
    if (bareTarget) {
      const source = servers.get(warm(bareTarget.size).key)!;
      const set = pagesOf(bareTarget);
      const wanted = [...set.pages.map((p) => ({ path: p.path, scopes: p.scopes })), ...set.mixIdeas.map((id) => ({ path: `/ideas/${id}`, scopes: ['site', `subject:${id}`] }))];
      const pages: BarePage[] = [];
      for (const p of wanted) {
        const got = await fetchRaw(source.url, p.path);
        if (got.status !== 200 || !got.headers.some(([k, v]) => k === 'content-encoding' && v === 'gzip')) throw new Error(`${p.path}: ${got.status}, not gzipped`);
        pages.push({ path: p.path, scopes: p.scopes, headers: got.headers, gzip: got.body.toString('base64') });
      }
      const b = await startBare(bareTarget, pgUrls.get(bareTarget.size)!, pages);
      servers.set(bareTarget.key, b);
      await measure(b.url, pages.map((p) => p.path), { seconds: 0, connections: 10, amount: pages.length * 40 });
    }
    log(`  warmed up`);

    const hasMix = only.has('mix') && servers.has(warm(S.main).key) && servers.has(bare(S.main).key);
    let people: Person[] = [];
    let mixSql: postgres.Sql | undefined;
    if (hasMix) {
      const perRun = Math.ceil((S.supportsPerSecond + S.commentsPerSecond) * (S.mixSeconds + 2) * 1.5);
      mixSql = postgres(pgUrls.get(S.main)!, { max: 2, onnotice: () => {} });
      people = await createPeople(mixSql, randomBytes(4).toString('hex'), perRun * 2 * (S.rounds + 1), 'mix');
    }
    let nextPerson = 0;
    /** Supports and comments on the mix's ideas at the mix's rates, from people not used before, until stopped. */
    const startWrites = (url: string, set: PageSet) => {
      const abort = new AbortController();
      const person = () => people[nextPerson++ % people.length]!;
      const idea = (n: number) => set.mixIdeas[n % set.mixIdeas.length];
      const supports = postAtRate(
        url,
        S.supportsPerSecond,
        (n) => {
          const p = person();
          return { path: `/ideas/${idea(n)}/support`, cookie: p.cookie, body: formBody({ _csrf: p.csrf, returnTo: `/challenges/${set.busiestChallenge.id}` }) };
        },
        abort.signal,
      );
      const comments = postAtRate(
        url,
        S.commentsPerSecond,
        (n) => {
          const p = person();
          return {
            path: `/ideas/${idea(n)}/comments`,
            cookie: p.cookie,
            body: formBody({ _csrf: p.csrf, body: `Bench comment ${n}: the same thing happened on our street, and the fix held for a year.`, submissionKey: randomBytes(18).toString('base64url') }),
          };
        },
        abort.signal,
      );
      return {
        async stop() {
          abort.abort();
          return { supports: await supports, comments: await comments };
        },
      };
    };
    // The write paths warm too (their first runs compile them), not measured: the first round was always far worse.
    for (const t of hasMix ? [warm(S.main), cold(S.main)] : []) {
      const writing = startWrites(servers.get(t.key)!.url, pagesOf(t));
      await new Promise((r) => setTimeout(r, 2_000));
      await writing.stop();
    }

    for (let round = 0; round < S.rounds; round++) {
      log(`  round ${round + 1}/${S.rounds}`);
      for (const name of pageTargets.size ? pageNames : []) {
        const line: string[] = [];
        for (const t of rotate(targets, round)) {
          if (!pageTargets.has(t.key)) continue;
          const url = servers.get(t.key)!.url;
          const pagePath = pathOf(t.kind === 'bare' ? warm(t.size) : t, name);
          // Warm: each visitor's copy in the cache first (entries also end after 60 s), not measured.
          if (t.kind === 'cw' && t.cache) await measure(url, [pagePath], { seconds: 0, connections: 10, amount: VISITORS });
          const m = await measure(url, [pagePath], { seconds: S.seconds, connections: S.connections });
          record(t, name, m);
          line.push(`${t.key} ${fmt(m, t)}`);
        }
        log(`    ${name}: ${line.join(' · ')}`);
      }
      if (hasMix) {
        const set = pagesOf(warm(S.main));
        const paths = mixPaths(set);
        const line: string[] = [];
        for (const t of rotate([bare(S.main), warm(S.main), cold(S.main)], round)) {
          const url = servers.get(t.key)!.url;
          if (t.kind === 'bare') {
            const m = await measure(url, paths, { seconds: S.mixSeconds, connections: S.connections });
            record(t, 'mix', m);
            line.push(`${t.key} ${fmt(m, t)}`);
            continue;
          }
          if (t.cache) await measure(url, paths, { seconds: 0, connections: 10, amount: paths.length * VISITORS }); // the cache warm first
          // Signed-in people supporting and commenting on the same ideas while the reads run (each person once).
          const writing = startWrites(url, set);
          await new Promise((r) => setTimeout(r, 300));
          const m = await measure(url, paths, { seconds: S.mixSeconds, connections: S.connections });
          const w = { target: t.key, ...(await writing.stop()) };
          writes.push(w);
          record(t, 'mix', m);
          line.push(`${t.key} ${fmt(m, t)} (supports ${codes(w.supports)}, comments ${codes(w.comments)})`);
        }
        log(`    mix: ${line.join(' · ')}`);
      }
    }
    await mixSql?.end();
  } finally {
    await stopAll();
  }
}

// ---- Votes: one hot idea against pgbench ----

type VoteRound = { cw: { perSecond: number; p99: number; errors: number; refused: number; invariant: string; ok: boolean }; pg: { perSecond: number; p99: number; failed: number; invariant: string; ok: boolean } };
const voteRounds: VoteRound[] = [];

async function runVotes() {
  const name = 'cw_bench_votes';
  const url = databaseUrl(name);
  log(`\nVotes (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}): a fresh ${name}`);
  await adminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminSql(`CREATE DATABASE ${name}`);
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  try {
    const db = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
    await db.migrate();
    await db.close();
    const run = randomBytes(4).toString('hex');
    const { challengeId, ideaIds } = await seedVoteChallenge(sql, run, 2 * S.rounds + 20);
    const warmIdeas = ideaIds.slice(2 * S.rounds);
    const warmPeople = await createPeople(sql, run, S.warmVotes, 'warm');
    const rounds: { cw: Person[]; pg: Person[] }[] = [];
    for (let r = 0; r < S.rounds; r++) rounds.push({ cw: await createPeople(sql, run, S.votes, `hot${r}`), pg: await createPeople(sql, run, S.votes, `pgbench${r}`, { sessions: false }) });
    const server = await startCommonwise(warm(0), { databaseUrl: url });
    const returnTo = `/challenges/${challengeId}`;
    try {
      await castVotes(server.url, warmPeople, (n) => warmIdeas[n % warmIdeas.length]!, { connections: S.voteConnections, returnTo });
      for (let r = 0; r < S.rounds; r++) {
        const cwIdea = ideaIds[2 * r]!;
        const pgIdea = ideaIds[2 * r + 1]!;
        const result: Partial<VoteRound> = {};
        await preparePgbench(sql, rounds[r]!.pg);
        for (const which of r % 2 ? (['pg', 'cw'] as const) : (['cw', 'pg'] as const)) {
          if (which === 'cw') {
            const before = await voteTotals(sql, challengeId, [cwIdea]);
            const v = await castVotes(server.url, rounds[r]!.cw, () => cwIdea, { connections: S.voteConnections, returnTo });
            const inv = voteInvariant(v.accepted, before, await voteTotals(sql, challengeId, [cwIdea]));
            result.cw = { perSecond: v.perSecond, p99: v.p99, errors: v.errors, refused: v.refused, invariant: inv.text, ok: inv.ok };
            log(`  round ${r + 1} Commonwise: ${v.accepted}/${v.votes} accepted, ${v.perSecond} votes/s, p99 ${v.p99} ms; ${inv.text}`);
          } else {
            const before = await voteTotals(sql, challengeId, [pgIdea]);
            const p = await runPgbench(url, { challengeId, ideaId: pgIdea, clients: S.voteConnections, transactions: S.votes });
            // pgbench keeps no voter rows (challenge_voters): its check is rows = counts = transactions.
            const inv = voteInvariant(p.transactions - p.failed, before, await voteTotals(sql, challengeId, [pgIdea]), false);
            result.pg = { perSecond: p.perSecond, p99: p.p99, failed: p.failed, invariant: inv.text, ok: inv.ok };
            log(`  round ${r + 1} pgbench: ${p.transactions} transactions, ${p.perSecond} tps, p99 ${p.p99} ms; ${inv.text}`);
          }
        }
        voteRounds.push(result as VoteRound);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await sql.end();
    await adminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

// ---- The table ----

function rowsFor(own: Target, other: Target, name: string, how: 'throughput' | 'growth'): Omit<Row, 'scenario' | 'against' | 'target'> {
  const a = results.get(own.key)?.get(name) ?? [];
  const b = results.get(other.key)?.get(name) ?? [];
  const n = Math.min(a.length, b.length);
  const ratio = Array.from({ length: n }, (_, i) => (how === 'growth' ? a[i]!.p99 / Math.max(1, b[i]!.p99) : a[i]!.rps / Math.max(1, b[i]!.rps)));
  const hits = a.reduce((s, m) => s + m.hits, 0);
  const misses = a.reduce((s, m) => s + m.misses, 0);
  const errors = a.reduce((s, m) => s + m.errors, 0) + b.reduce((s, m) => s + m.errors, 0);
  const notes = [...(own.cache && hits + misses ? [`${Math.round((100 * hits) / (hits + misses))}% cache hits`] : []), ...(errors ? [`${errors} errors`] : [])];
  return { own: a.map((m) => m.rps), other: b.map((m) => m.rps), ratio, p99: a.map((m) => m.p99), otherP99: b.map((m) => m.p99), ...(notes.length ? { note: notes.join(', ') } : {}) };
}

function report(): string {
  const out: string[] = [];
  const noErrors = (r: Omit<Row, 'scenario' | 'against' | 'target'>) => !r.note?.includes('errors');
  const mainSet = pageSets.get(dataKey('pg', S.main));
  const pageNames = mainSet?.pages.map((p) => p.name) ?? [...pageSets.values()][0]?.pages.map((p) => p.name) ?? [];
  const describe = (set: PageSet | undefined) =>
    set ? ` (${set.ideas.toLocaleString('en')} ideas; busiest challenge ${set.busiestChallenge.ideas.toLocaleString('en')} ideas)` : '';

  if (only.has('pages') && mainSet) {
    const rows: Row[] = [];
    for (const name of pageNames) {
      const w = rowsFor(warm(S.main), bare(S.main), name, 'throughput');
      rows.push({ scenario: `${name}, warm`, against: 'bare stack', ...w, target: '≥ 0.5×, p99 ≤ 100 ms', pass: median(w.ratio) >= 0.5 && median(w.p99) <= 100 && noErrors(w) });
      const c = rowsFor(cold(S.main), bare(S.main), name, 'throughput');
      rows.push({ scenario: `${name}, cold (no page cache)`, against: 'bare stack', ...c, target: '(recorded beside the warm figure)' });
    }
    out.push(`### Anonymous pages on PostgreSQL, ${sizeLabel(S.main)}${describe(mainSet)}\n\n${table(rows)}`);
  }
  if (only.has('mix') && results.get(warm(S.main).key)?.has('mix')) {
    const rows: Row[] = [];
    const w = rowsFor(warm(S.main), bare(S.main), 'mix', 'throughput');
    rows.push({ scenario: 'read/write mix, warm', against: 'bare stack (no writes)', ...w, target: '≥ 0.5×, p99 ≤ 100 ms', pass: median(w.ratio) >= 0.5 && median(w.p99) <= 100 && noErrors(w) });
    const c = rowsFor(cold(S.main), bare(S.main), 'mix', 'throughput');
    rows.push({ scenario: 'read/write mix, cold (no page cache)', against: 'bare stack (no writes)', ...c, target: '(recorded beside the warm figure)' });
    const sum = (k: 'supports' | 'comments', f: 'sent' | 'answered' | 'accepted') => writes.reduce((s, w) => s + w[k][f], 0);
    const writeP99 = (k: 'supports' | 'comments') => Math.round(median(writes.map((w) => w[k].p99)));
    out.push(
      `### Read/write mix on PostgreSQL, ${sizeLabel(S.main)}\n\nReads, in turn: the busiest challenge (random order and newest) and its five most supported ideas; ` +
        `meanwhile signed-in people (one request each, sessions written into the database) support those ideas at ${S.supportsPerSecond}/s and comment on them at ` +
        `${S.commentsPerSecond}/s, as no-JavaScript form posts. Every support makes again the idea's page and the lists that show it (decision 0055). After 2 s of writes to warm up, ${S.mixSeconds} s per run. ` +
        `Writes over the runs, accepted (303) of answered (of sent: the rest were still running when a run ended): ` +
        `supports ${sum('supports', 'accepted')} of ${sum('supports', 'answered')} (${sum('supports', 'sent')}), p99 ${writeP99('supports')} ms; ` +
        `comments ${sum('comments', 'accepted')} of ${sum('comments', 'answered')} (${sum('comments', 'sent')}), p99 ${writeP99('comments')} ms.\n\n${table(rows)}`,
    );
  }
  if (only.has('votes') && voteRounds.length) {
    const own = voteRounds.map((r) => r.cw.perSecond);
    const other = voteRounds.map((r) => r.pg.perSecond);
    const ok = voteRounds.every((r) => r.cw.ok && r.pg.ok && r.cw.errors === 0);
    const row: Row = {
      scenario: 'votes, one hot idea (accepted/s)',
      against: 'pgbench, same rows',
      own,
      other,
      ratio: own.map((o, i) => o / Math.max(1, other[i]!)),
      p99: voteRounds.map((r) => r.cw.p99),
      otherP99: voteRounds.map((r) => r.pg.p99),
      target: '≥ 1,000 accepted/s, accepted = rows = counts',
      pass: median(own) >= 1000 && ok,
      note: ok ? 'accepted = rows = counts in every round, no errors' : 'a vote lost or doubled, or errors: see the rounds below',
    };
    out.push(
      `### Votes on PostgreSQL\n\n${S.votes.toLocaleString('en')} votes per round on a fresh hot idea, ${S.voteConnections} connections, every vote a different person ` +
        `(no-JavaScript form post, answered 303 once committed). pgbench: the same number of transactions over as many clients, each inserting the vote row ` +
        `and adding one to the idea's counts in one prepared statement.\n\n${table([row])}\n\n` +
        voteRounds.map((r, i) => `- round ${i + 1}: Commonwise ${r.cw.invariant}; pgbench ${r.pg.invariant}`).join('\n'),
    );
  }
  if (only.has('growth') && results.has(warm(BIG).key)) {
    const rows: Row[] = [];
    for (const name of pageNames)
      for (const mode of ['warm', 'cold'] as const) {
        const t = mode === 'warm' ? [warm(BIG), warm(SMALL)] : [cold(BIG), cold(SMALL)];
        const g = rowsFor(t[0]!, t[1]!, name, 'growth');
        rows.push({ scenario: `${name}, ${mode}`, against: `same page at ${sizeLabel(SMALL)} (ratio of p99)`, ...g, target: 'p99 grows ≤ 1.5×', pass: median(g.ratio) <= 1.5 && noErrors(g) });
      }
    out.push(
      `### Growth ${sizeLabel(SMALL)} → ${sizeLabel(BIG)} on PostgreSQL\n\n${sizeLabel(SMALL)}${describe(pageSets.get(dataKey('pg', SMALL)))}; ${sizeLabel(BIG)}${describe(pageSets.get(dataKey('pg', BIG)))}. ` +
        `Commonwise req/s is at ${sizeLabel(BIG)}, the comparison at ${sizeLabel(SMALL)}; the ratio is p99 at ${sizeLabel(BIG)} ÷ p99 at ${sizeLabel(SMALL)}, per round.\n\n${table(rows)}`,
    );
  }
  if (only.has('embedded') && results.has(warm(S.embedded, 'pglite').key)) {
    const rows: Row[] = [];
    for (const name of pageNames)
      for (const mode of ['warm', 'cold'] as const) {
        const t = mode === 'warm' ? [warm(S.embedded, 'pglite'), warm(S.embedded)] : [cold(S.embedded, 'pglite'), cold(S.embedded)];
        const e = rowsFor(t[0]!, t[1]!, name, 'throughput');
        const against = `PostgreSQL, ${sizeLabel(S.embedded)}, ${mode}`;
        if (mode === 'cold') rows.push({ scenario: `${name}, cold (no page cache)`, against, ...e, target: '(recorded beside the warm figure)' });
        else rows.push({ scenario: `${name}, warm`, against, ...e, target: '≥ 0.5× (within 2×), p99 ≤ 250 ms', pass: median(e.ratio) >= 0.5 && median(e.p99) <= 250 && noErrors(e) });
      }
    out.push(`### Embedded (PGlite) against PostgreSQL, ${sizeLabel(S.embedded)}${describe(pageSets.get(dataKey('pglite', S.embedded)))}\n\n${table(rows)}`);
  }
  return out.join('\n\n');
}

/** One line per data set: where, how big, what seeded it. */
function dataSets(): string {
  return [...pageSets.entries()]
    .map(([key, set]) => {
      const [store, size] = key.split(':') as [Store, string];
      const p = provenances.get(key);
      const where = store === 'pg' ? pgDatabaseName(Number(size)) : `PGlite ${pgliteDirs.get(Number(size))}`;
      return `- ${where}: ${set.ideas.toLocaleString('en')} ideas, the busiest challenge ${set.busiestChallenge.ideas.toLocaleString('en')}; ${p ? `seeded ${p.seededAt.slice(0, 10)} by ${p.seeder}` : 'seeded by hand'}`;
    })
    .join('\n');
}

// ---- Main ----

ensureBuilt(); // the servers run from dist/, as in production
const [pgVersion] = await adminSql<{ server_version: string }>('SHOW server_version');
const cpus = os.cpus();
log(`Bench suite (${quick ? '--quick' : 'full'}): ${cpus.length} cores, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, PostgreSQL ${pgVersion?.server_version}`);
let body = '';
try {
  const plan = phases();
  await prepareData(plan.flat());
  if (args['seed-only']) {
    log(`Data sets ready:\n${dataSets()}`);
    process.exit(0);
  }
  const prepared = Date.now();
  for (const p of plan) await runPhase(p);
  if (only.has('votes')) await runVotes();
  const wall = Math.round((Date.now() - wallStart) / 1000);
  const measuring = Math.round((Date.now() - prepared) / 1000);
  const loadAtEnd = os.loadavg();
  const l = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
  body =
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`npm run bench${quick ? ' -- --quick' : ''}\`` +
    `${args.only ? ` (--only ${args.only})` : ''}: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB; ` +
    `load average (1 / 5 / 15 min) ${l(loadAtStart)} at the start, ${l(loadAtEnd)} at the end; PostgreSQL ${pgVersion?.server_version} on the same machine; ` +
    `Node ${process.version}. ${S.rounds} rounds, ${S.seconds} s per page run, ${S.connections} connections, gzip, ${VISITORS} visitors' seed cookies in turn; ` +
    `the servers with JOBS=false. Wall time ${Math.floor(wall / 60)} min ${wall % 60} s (${measuring} s after the data sets were ready). ` +
    `Results: median of the rounds decides pass or fail; min / median / max show the spread.\n\nData sets (\`npm run seed -- --ideas N\`):\n\n${dataSets()}\n\n${report()}`;
  console.log(`\n${body}\n`);
} finally {
  await stopAll();
}
const write = args.write || (!quick && !args.only && !args['no-write']);
if (write && body) {
  writeReadme(
    path.join(ROOT, 'bench/README.md'),
    body,
    `## The suite: \`npm run bench\`

\`npm run bench\` (bench/run.ts) runs every target of ARCHITECTURE §7 against its comparison in the same run, three
rounds, alternating: anonymous pages (warm, cold, and a read/write mix) against the bare stack, votes against pgbench, growth
from the smallest to the largest data set, and the embedded database against PostgreSQL. It prints the tables and writes the
latest full run here (between the markers). \`npm run bench -- --quick\` (under 3 minutes, 1k and 10k ideas, short runs)
prints only. See the header of bench/run.ts for the options.`,
  );
  console.log('Written to bench/README.md.');
}
// A broken vote invariant (a vote lost or doubled) fails the command; missed targets are in the table.
process.exit(voteRounds.some((r) => !r.cw.ok || !r.pg.ok) ? 1 : 0);
