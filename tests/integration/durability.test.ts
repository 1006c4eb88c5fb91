/**
 * Operational guarantees of the real server process (`node dist/server.js`, see
 * tests/support/server.ts), not of app.request():
 * what a SIGKILL, a SIGTERM and a second process on the same data directory do to the data.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { isAlive } from '../../src/db/dir-lock.js';
import { users } from '../../src/db/schema/index.js';
import { createServerDatabase, serverUrl } from '../support/db.js';
import { anonymousCsrf, killAllServers, postForm, startServer, waitExit, type RunningServer } from '../support/server.js';

const PASSWORD = 'a long unguessable phrase';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every request of a burst comes from its own address (TRUST_PROXY), so the per-address sign-up limit does not interfere. */
const ipFor = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
let ipCounter = 1;

afterAll(async () => {
  await killAllServers();
});

/** The pid written in a lock file (first line; the second is the process's start time). */
const lockPid = (file: string) => fs.readFileSync(file, 'utf8').split('\n')[0]!.trim();

/** Waits until a process can no longer run (gone, or a zombie waiting to be reaped). */
async function waitGone(pid: number, ms = 5000) {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await sleep(20);
  return !isAlive(pid);
}

async function signUp(server: RunningServer, email: string) {
  const csrf = await anonymousCsrf(server.url);
  const res = await postForm(server.url, '/sign-up', csrf, { displayName: 'Durable Person', email, password: PASSWORD }, { 'X-Forwarded-For': ipFor(ipCounter++) });
  await res.arrayBuffer();
  return res;
}

/**
 * Fires `total` sign-ups, `concurrency` at a time, and SIGKILLs the server (its whole process
 * group) as soon as `killAfter` of them have been answered 303. Returns the emails answered 303.
 */
async function signUpBurstThenKill(server: RunningServer, { total, concurrency, killAfter }: { total: number; concurrency: number; killAfter: number }) {
  const csrf = await anonymousCsrf(server.url);
  const tag = randomUUID().slice(0, 8);
  const confirmed: string[] = [];
  const unexpected: string[] = [];
  let unanswered = 0;
  let next = 0;
  let killed = false;
  const started = Date.now();
  async function worker() {
    while (next < total && Date.now() - started < 30_000) {
      const i = next++;
      const email = `burst-${tag}-${i}@example.org`;
      let res: Response;
      try {
        res = await postForm(server.url, '/sign-up', csrf, { displayName: `Burst ${i}`, email, password: PASSWORD }, { 'X-Forwarded-For': ipFor(ipCounter++) });
      } catch {
        unanswered++; // connection reset or refused: the outcome is unknown to the client, nothing to check
        continue;
      }
      if (res.status === 303 && res.headers.get('Location') === '/sign-up/check-email') {
        // The answer is only sent after the sign-up's transaction committed.
        confirmed.push(email);
        if (!killed && confirmed.length >= killAfter) {
          killed = true;
          server.killHard();
        }
      } else unexpected.push(`${email}: ${res.status}`);
      await res.arrayBuffer().catch(() => undefined);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (!killed) server.killHard();
  return { confirmed, unexpected, unanswered, killed };
}

/**
 * Starts a sign-up whose body is still being uploaded, sends SIGTERM while the handler waits
 * for it, then finishes the upload: a graceful shutdown must still answer it.
 */
async function signUpInFlightDuringSigterm(server: RunningServer, email: string) {
  const csrf = await anonymousCsrf(server.url);
  const body = new URLSearchParams({ _csrf: csrf.token, displayName: 'Slow Uploader', email, password: PASSWORD }).toString();
  const response = new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const req = http.request(`${server.url}/sign-up`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(Buffer.byteLength(body)),
        Origin: server.url,
        Cookie: csrf.cookie,
        'X-Forwarded-For': ipFor(ipCounter++),
      },
      agent: new http.Agent({ keepAlive: true }), // a browser keeps the connection open: shutdown must not wait for it
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 20));
    void (async () => {
      await sleep(400); // the server is inside the handler, waiting for the rest of the body
      server.signal('SIGTERM');
      await sleep(400); // shutdown has begun: the listener is closed
      req.end(body.slice(20));
    })();
  });
  const res = await response;
  const exit = await waitExit(server, 15_000);
  return { res, exit };
}

describe('embedded PGlite server', () => {
  let dataDir: string;
  let first: RunningServer;
  const lockFile = () => path.join(dataDir, 'commonwise.lock');
  /** Every account the server answered with success, across kills and restarts. */
  const mustExist: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-durability-'));
    first = await startServer({ DATA_DIR: dataDir, TRUST_PROXY: 'true' });
  });
  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz with JSON', async () => {
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'pglite' });
  });

  it('refuses a second server on the same DATA_DIR, while the first keeps working with its data', async () => {
    const keeper = `keeper-${randomUUID().slice(0, 8)}@example.org`;
    expect((await signUp(first, keeper)).status).toBe(303);
    mustExist.push(keeper);
    const holder = lockPid(lockFile());

    const second = await startServer({ DATA_DIR: dataDir, TRUST_PROXY: 'true' }, { waitReady: false });
    const exit = await waitExit(second, 30_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(second.output()).toMatch(/already using this data directory/);
    expect(second.output()).toContain(dataDir);
    expect(second.output()).toContain(`pid ${holder}`);

    // The first is untouched: still ready, still the lock holder, its data still there.
    expect(lockPid(lockFile())).toBe(holder);
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    const csrf = await anonymousCsrf(first.url);
    const signIn = await postForm(first.url, '/sign-in', csrf, { email: keeper, password: PASSWORD }, { 'X-Forwarded-For': ipFor(ipCounter++) });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('Location')).toBe('/');
  });

  let restarted: RunningServer;

  it('loses no answered sign-up when SIGKILLed mid-burst, and restarts taking over the stale lock', async () => {
    const killedPid = Number(lockPid(lockFile()));
    const burst = await signUpBurstThenKill(first, { total: 160, concurrency: 16, killAfter: 40 });
    const exit = await waitExit(first);
    expect(exit.signal).toBe('SIGKILL');
    expect(burst.unexpected).toEqual([]);
    expect(burst.killed).toBe(true);
    expect(burst.confirmed.length).toBeGreaterThanOrEqual(40);
    expect(burst.unanswered).toBeGreaterThan(0); // the kill really came mid-burst
    mustExist.push(...burst.confirmed);

    // The killed process left its lock file behind; its pid is gone.
    expect(lockPid(lockFile())).toBe(String(killedPid));
    expect(await waitGone(killedPid)).toBe(true);

    restarted = await startServer({ DATA_DIR: dataDir, TRUST_PROXY: 'true' });
    expect(lockPid(lockFile())).not.toBe(String(killedPid));
    expect(await (await fetch(`${restarted.url}/readyz`)).json()).toEqual({ status: 'ok', database: 'pglite' });
    // It takes writes again after the crash.
    const after = `after-crash-${randomUUID().slice(0, 8)}@example.org`;
    expect((await signUp(restarted, after)).status).toBe(303);
    mustExist.push(after);
  });

  it('on SIGTERM finishes the request in flight, exits 0 and removes the lock file', async () => {
    const email = `inflight-${randomUUID().slice(0, 8)}@example.org`;
    const { res, exit } = await signUpInFlightDuringSigterm(restarted, email);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/sign-up/check-email');
    mustExist.push(email);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(restarted.output()).not.toMatch(/"level":"error"/);
  });

  it('has every account the servers answered with success', async () => {
    expect(mustExist.length).toBeGreaterThan(40);
    const database = await openDatabase({ dataDir });
    try {
      const rows = await database.db.select({ email: users.email }).from(users).where(inArray(users.email, mustExist));
      const found = new Set(rows.map((r) => r.email));
      expect(mustExist.filter((e) => !found.has(e))).toEqual([]);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('on SIGTERM during start-up, finishes the current step, exits 0 and removes the lock file', async () => {
    const server = await startServer({ DATA_DIR: dataDir }, { waitReady: false });
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(lockFile()) && Date.now() < deadline) await sleep(10);
    expect(fs.existsSync(lockFile())).toBe(true); // it holds the data directory: opening or migrating
    server.signal('SIGTERM');
    expect(await waitExit(server, 20_000)).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(lockFile())).toBe(false);
  });
});

describe.runIf(!!serverUrl)('PostgreSQL server', () => {
  let pgDatabase: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
  let databaseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    pgDatabase = await createServerDatabase('cw_durability');
    databaseUrl = pgDatabase.url;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-durability-pg-'));
  });
  afterAll(async () => {
    await killAllServers();
    await pgDatabase?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no answered sign-up when SIGKILLed mid-burst, and drains a request in flight on SIGTERM', async () => {
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, TRUST_PROXY: 'true' };
    const server = await startServer(env);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ok', database: 'postgres' });
    const burst = await signUpBurstThenKill(server, { total: 160, concurrency: 16, killAfter: 40 });
    expect((await waitExit(server)).signal).toBe('SIGKILL');
    expect(burst.unexpected).toEqual([]);
    expect(burst.confirmed.length).toBeGreaterThanOrEqual(40);
    expect(burst.unanswered).toBeGreaterThan(0);

    const restarted = await startServer(env);
    const inflight = `inflight-${randomUUID().slice(0, 8)}@example.org`;
    const { res, exit } = await signUpInFlightDuringSigterm(restarted, inflight);
    expect(res.status).toBe(303);
    expect(exit).toEqual({ code: 0, signal: null });

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const expected = [...burst.confirmed, inflight];
      const rows = await sql<{ email: string }[]>`select email from users where email = any(${expected})`;
      const found = new Set(rows.map((r) => r.email));
      expect(expected.filter((e) => !found.has(e))).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
