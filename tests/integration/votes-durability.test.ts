/**
 * The real server process (tests/support/server.ts) SIGKILLed during a voting burst, then
 * restarted: every vote answered with success is stored, and the maintained counts still equal
 * the vote rows (the vote, the budget and the count commit together or not at all). Then
 * `npm run votes:reconcile` on the same database says so, finds a count broken by hand, and
 * repairs it. On embedded PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createSessionManager } from '../../src/auth/sessions.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { ideas, ideaVotes } from '../../src/db/schema/index.js';
import { findVoteDrift } from '../../src/features/votes/reconcile.js';
import { createServerDatabase, serverUrl } from '../support/db.js';
import { createChallenge, createIdea, createOrganisation, createUser } from '../support/factories.js';
import { killAllServers, runCli, startServer, waitExit, type RunningServer } from '../support/server.js';

const DAY = 86_400_000;
const VOTERS = 240;

afterAll(async () => {
  await killAllServers();
});

type Voter = { userId: string; cookie: string; csrf: string };
type World = { challengeId: string; hot: string; other: string; voters: Voter[] };

/** A challenge in its voting phase with two ideas, and VOTERS people with a session each, written straight into the database. */
async function seed(database: Database): Promise<World> {
  const { db } = database;
  const org = await createOrganisation(db, { kind: 'council' });
  const now = Date.now();
  const ch = await createChallenge(db, org.id, {
    submissionsOpenAt: new Date(now - 20 * DAY),
    submissionsCloseAt: new Date(now - 2 * DAY),
    votingOpenAt: new Date(now - DAY),
    votingCloseAt: new Date(now + 7 * DAY),
    voteBudget: 2,
  });
  const author = await createUser(db);
  const [hot, other] = [await createIdea(db, ch.id, author.id, { title: 'Hot idea' }), await createIdea(db, ch.id, author.id, { title: 'Other idea' })];
  const sessions = createSessionManager(db, { secureCookies: false, adminsRequireSecondFactor: false });
  const voters: Voter[] = [];
  for (let n = 0; n < VOTERS; n++) {
    const user = await createUser(db);
    const { cookie, session } = await sessions.create(user.id, { device: 'Chrome · Linux' });
    voters.push({ userId: user.id, cookie: cookie.split(';')[0]!, csrf: session.csrfToken });
  }
  return { challengeId: ch.id, hot: hot.id, other: other.id, voters };
}

type Confirmed = { userId: string; ideaId: string };

/**
 * Each voter supports the hot idea and every other voter the second idea too, `concurrency` at a
 * time; the server (its whole process group) is SIGKILLed as soon as `killAfter` supports have
 * been answered 303. Returns the supports answered with success.
 */
async function voteBurstThenKill(server: RunningServer, w: World, { concurrency, killAfter }: { concurrency: number; killAfter: number }) {
  const work = w.voters.flatMap((v, n) => [{ v, ideaId: w.hot }, ...(n % 2 ? [{ v, ideaId: w.other }] : [])]);
  const confirmed: Confirmed[] = [];
  const unexpected: string[] = [];
  let unanswered = 0;
  let next = 0;
  let killed = false;
  const started = Date.now();
  async function worker() {
    while (next < work.length && Date.now() - started < 60_000) {
      const { v, ideaId } = work[next++]!;
      let res: Response;
      try {
        res = await fetch(`${server.url}/ideas/${ideaId}/support`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: v.cookie },
          body: new URLSearchParams({ _csrf: v.csrf, returnTo: `/challenges/${w.challengeId}` }).toString(),
        });
      } catch {
        unanswered++; // reset or refused: the client never learnt the outcome
        continue;
      }
      // The 303 is only sent after the vote's transaction committed.
      if (res.status === 303 && res.headers.get('Location') === `/challenges/${w.challengeId}#vote-${ideaId}`) {
        confirmed.push({ userId: v.userId, ideaId });
        if (!killed && confirmed.length >= killAfter) {
          killed = true;
          server.killHard();
        }
      } else unexpected.push(`${v.userId} → ${ideaId}: ${res.status}`);
      await res.arrayBuffer().catch(() => undefined);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (!killed) server.killHard();
  return { confirmed, unexpected, unanswered, killed };
}

/** Every confirmed support is a row; the counts and budgets equal the rows. */
async function expectDurable(database: Database, w: World, confirmed: Confirmed[]) {
  const { db } = database;
  const rows = await db
    .select({ userId: ideaVotes.userId, ideaId: ideaVotes.ideaId })
    .from(ideaVotes)
    .where(and(eq(ideaVotes.challengeId, w.challengeId), inArray(ideaVotes.ideaId, [w.hot, w.other])));
  const stored = new Set(rows.map((r) => `${r.userId}:${r.ideaId}`));
  expect(confirmed.filter((c) => !stored.has(`${c.userId}:${c.ideaId}`))).toEqual([]);
  expect(rows.length).toBeGreaterThanOrEqual(confirmed.length);
  const counts = await db.select({ id: ideas.id, n: ideas.supportCount }).from(ideas).where(inArray(ideas.id, [w.hot, w.other]));
  expect(counts.reduce((a, r) => a + r.n, 0)).toBe(rows.length);
  expect(await findVoteDrift(db, { challengeId: w.challengeId })).toEqual({ ideas: [], voters: [] });
}

/** `npm run votes:reconcile` (the compiled program it runs), on the given database. */
const reconcileCli = (args: string[], env: Record<string, string>) => runCli('votes-reconcile', args, { LOG_LEVEL: 'silent', ...env });

/** The CLI reports consistency (0), then a count broken by hand (1, unchanged), then repairs it (0). */
async function checkCli(open: () => Promise<Database>, w: World, env: Record<string, string>) {
  const ok = await reconcileCli([], env);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toContain('Votes are consistent');

  let database = await open();
  const [before] = await database.db.select({ n: ideas.supportCount }).from(ideas).where(eq(ideas.id, w.hot));
  await database.db.update(ideas).set({ supportCount: before!.n + 5 }).where(eq(ideas.id, w.hot));
  await database.close();

  const found = await reconcileCli(['--challenge', w.challengeId], env);
  expect(found.code, found.stderr).toBe(1);
  expect(found.stdout).toContain(`idea ${w.hot}: support_count ${before!.n + 5}, vote rows ${before!.n}`);
  expect(found.stdout).toContain('Nothing was changed');
  const repaired = await reconcileCli(['--repair'], env);
  expect(repaired.code, repaired.stderr).toBe(0);
  expect(repaired.stdout).toContain('Repaired');
  const bad = await reconcileCli(['--challenge', 'nope'], env);
  expect(bad.code).toBe(2);

  database = await open();
  try {
    const [after] = await database.db.select({ n: ideas.supportCount }).from(ideas).where(eq(ideas.id, w.hot));
    expect(after!.n).toBe(before!.n);
  } finally {
    await database.close();
  }
}

describe('embedded PGlite server', { timeout: 180_000 }, () => {
  let dataDir: string;
  let world: World;
  const open = () => openDatabase({ dataDir });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-votes-durability-'));
    const database = await open();
    try {
      await database.migrate();
      world = await seed(database);
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no answered vote when SIGKILLed mid-burst; counts equal rows after the restart; the CLI agrees', async () => {
    const env = { DATA_DIR: dataDir, JOBS: 'false' };
    const server = await startServer(env);
    const burst = await voteBurstThenKill(server, world, { concurrency: 16, killAfter: 80 });
    expect((await waitExit(server)).signal).toBe('SIGKILL');
    expect(burst.unexpected).toEqual([]);
    expect(burst.killed).toBe(true);
    expect(burst.confirmed.length).toBeGreaterThanOrEqual(80);
    expect(burst.unanswered).toBeGreaterThan(0); // the kill really came mid-burst

    const restarted = await startServer(env);
    const late = world.voters.find((v) => !burst.confirmed.some((c) => c.userId === v.userId))!;
    const res = await fetch(`${restarted.url}/ideas/${world.hot}/support`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: restarted.url, Cookie: late.cookie },
      body: new URLSearchParams({ _csrf: late.csrf }).toString(),
    });
    expect(res.status).toBe(303);
    restarted.signal('SIGTERM');
    expect((await waitExit(restarted)).code).toBe(0);

    const database = await open();
    try {
      await expectDurable(database, world, [...burst.confirmed, { userId: late.userId, ideaId: world.hot }]);
    } finally {
      await database.close();
    }
    await checkCli(open, world, env);
  });
});

describe.runIf(!!serverUrl)('PostgreSQL server', { timeout: 180_000 }, () => {
  let pg: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
  let dataDir: string;
  let world: World;
  const open = () => openDatabase({ databaseUrl: pg!.url, dataDir, poolSize: 2 });

  beforeAll(async () => {
    pg = await createServerDatabase('cw_votes_durability');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-votes-durability-pg-'));
    const database = await open();
    try {
      await database.migrate();
      world = await seed(database);
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(async () => {
    await killAllServers();
    await pg?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no answered vote when SIGKILLed mid-burst; counts equal rows; the CLI agrees', async () => {
    const env = { DATABASE_URL: pg!.url, DATA_DIR: dataDir, JOBS: 'false' };
    const server = await startServer(env);
    const burst = await voteBurstThenKill(server, world, { concurrency: 32, killAfter: 80 });
    expect((await waitExit(server)).signal).toBe('SIGKILL');
    expect(burst.unexpected).toEqual([]);
    expect(burst.confirmed.length).toBeGreaterThanOrEqual(80);
    expect(burst.unanswered).toBeGreaterThan(0);
    // PostgreSQL ends the killed server's sessions (and rolls back what they had not committed) on its own.
    const database = await open();
    try {
      await expectDurable(database, world, burst.confirmed);
    } finally {
      await database.close();
    }
    await checkCli(open, world, env);
  });
});
