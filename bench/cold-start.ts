/**
 * Cold start: the time from spawning `npm start` (exactly what a person types) to the first
 * HTTP 200 of `/`, on an embedded database that is already migrated and seeded with the demo.
 * Each run also times the milestones in the server's log, to show where the time goes.
 *
 *   npx tsx bench/cold-start.ts                         # 7 runs on a fresh, initialised DATA_DIR
 *   BENCH_RUNS=10 BENCH_DATA_DIR=./data npx tsx bench/cold-start.ts
 *   BENCH_PROJECT=/tmp/other-checkout npx tsx bench/cold-start.ts   # `npm start` of another checkout
 *
 * Without BENCH_DATA_DIR a temporary data directory is initialised first by one `npm start`
 * (migrations + demo) that is not counted. The budget is 3 s. On a shared machine the wall time
 * depends on what else runs; the CPU time used by `npm start` and everything it started (read
 * from /proc, Linux only) up to the first 200 depends much less on it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../tests/support/server.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 7);
const project = path.resolve(process.env['BENCH_PROJECT'] ?? ROOT);
const givenDir = process.env['BENCH_DATA_DIR'];
const dataDir = givenDir ? path.resolve(givenDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cold-'));

/** Milestones, in ms from the spawn; undefined when not seen. */
type Run = { firstOutput?: number; databaseOpen?: number; migrated?: number; listening?: number; firstPage: number; cpu?: number };

/**
 * CPU time (ms) used so far by the processes of a process group, including their children that
 * have exited (e.g. npm's pre-start script); undefined without /proc.
 */
function groupCpuMs(pgid: number): number | undefined {
  let ticks = 0;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      // Fields after "pid (comm) ": state ppid pgrp … utime(14) stime(15) cutime(16) cstime(17).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) !== pgid) continue;
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    }
  } catch {
    return undefined;
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One `npm start`: spawn, poll `/` until 200, then SIGTERM the process group and wait for it to go. */
async function coldStart(): Promise<Run> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['DATABASE_URL', 'DEMO', 'JOBS', 'PUBLIC_URL', 'NODE_ENV'].includes(k) && !k.startsWith('npm_')) env[k] = v;
  }
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });

  const t0 = performance.now();
  const child = spawn('npm', ['start'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const marks: Partial<Run> = {};
  let output = '';
  const seen = (chunk: Buffer) => {
    const at = performance.now() - t0;
    marks.firstOutput ??= at;
    output += chunk.toString();
    if (marks.databaseOpen === undefined && output.includes('Embedded database (PGlite)')) marks.databaseOpen = at;
    if (marks.migrated === undefined && output.includes('migrations applied')) marks.migrated = at;
    if (marks.listening === undefined && output.includes('Commonwise is listening')) marks.listening = at;
  };
  child.stdout!.on('data', seen);
  child.stderr!.on('data', seen);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  let firstPage: number | undefined;
  let cpu: number | undefined;
  const deadline = t0 + 60_000;
  while (firstPage === undefined && performance.now() < deadline && !gone) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        firstPage = performance.now() - t0;
        cpu = groupCpuMs(child.pid!);
      }
    } catch {
      await sleep(10);
    }
  }
  try {
    process.kill(-child.pid!, 'SIGTERM'); // npm, its shell and the server
  } catch {
    /* already gone */
  }
  await Promise.race([exited, sleep(15_000)]);
  // The server releases the embedded database's lock file on its way out; wait for it.
  for (let i = 0; i < 300 && fs.existsSync(path.join(dataDir, 'commonwise.lock')); i++) await sleep(50);
  if (firstPage === undefined) throw new Error(`no 200 from / :\n${output}`);
  return { ...marks, firstPage, ...(cpu === undefined ? {} : { cpu }) };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
};
const ms = (x: number | undefined) => (x === undefined ? '–' : String(Math.round(x)));

try {
  if (!givenDir || !fs.existsSync(path.join(dataDir, 'pgdata'))) {
    process.stdout.write(`initialising ${dataDir} (migrations and demo; not counted)… `);
    const init = await coldStart();
    console.log(`done in ${ms(init.firstPage)} ms`);
  }
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await coldStart());

  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`\n\`npm start\` in ${project} → first 200 of /, ${runs} runs, ${os.cpus().length} cores, load average ${load}, DATA_DIR already initialised\n`);
  console.log('ms from the spawn:\n');
  console.log('| run | npm output | database open | migrations checked | listening | first 200 of / | CPU used |');
  console.log('|---|---|---|---|---|---|---|');
  results.forEach((r, i) =>
    console.log(`| ${i + 1} | ${ms(r.firstOutput)} | ${ms(r.databaseOpen)} | ${ms(r.migrated)} | ${ms(r.listening)} | ${ms(r.firstPage)} | ${ms(r.cpu)} |`),
  );
  const s = stats(results.map((r) => r.firstPage));
  console.log(`\nfirst 200 of / (ms): min ${ms(s.min)}, median ${ms(s.median)}, max ${ms(s.max)} (budget 3000)`);
  const cpus = results.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
  if (cpus.length) {
    const c = stats(cpus);
    console.log(`CPU time used up to it (ms): min ${ms(c.min)}, median ${ms(c.median)}, max ${ms(c.max)}`);
  }
} finally {
  if (!givenDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
