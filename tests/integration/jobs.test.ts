import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import { events, jobs, outboxMessages } from '../../src/db/schema/index.js';
import {
  backoffSeconds,
  bindJob,
  claimJob,
  defineJob,
  drainJobs,
  enqueueJob,
  extendLease,
  LEASE_SECONDS,
  LeaseLostError,
  runOneJob,
  startWorker,
  type JobContext,
  type JobHandlers,
} from '../../src/jobs/queue.js';
import { enqueueScheduled, nextPeriodStart, periodStart, scheduled, scheduleTimes, startSchedule, type Schedule } from '../../src/jobs/schedule.js';
import { createLogger } from '../../src/lib/logger.js';
import { sessionClient } from '../support/app.js';
import { serverUrl } from '../support/db.js';
import { createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

// The kinds these tests enqueue, added the way a feature adds its own (see JobPayloads).
declare module '../../src/jobs/queue.js' {
  interface JobPayloads {
    'test.mail': { to?: string; n?: number | string };
    'test.later': Record<string, never>;
    'test.ok': { hello: string };
    'test.flaky': Record<string, never>;
    'test.nobody-handles-this': Record<string, never>;
    'test.lease': Record<string, never>;
    'test.order': { n: number };
    'test.worker': { n: number };
    'test.shared': { n: number };
    'test.greet': { name: string; times?: number };
    'test.tick': Record<string, never>;
  }
}

const logger = createLogger('silent');
const { env, db: envDb, world } = useTestEnv();
const sessionAs = (userId: string) => sessionClient(env, userId);
let db: Db;

beforeAll(() => {
  db = envDb();
});
// Every test starts from an empty queue: runOneJob claims any due job, whatever its kind.
beforeEach(async () => {
  await db.delete(jobs);
});

const allJobs = () => db.select().from(jobs).orderBy(jobs.id);
const secondsFromNow = (d: Date) => (d.getTime() - Date.now()) / 1000;
/** Pretends the retry time has come. */
const makeDue = (id: number) => db.update(jobs).set({ runAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));

describe('enqueueing', () => {
  it('creates one job for two enqueues with the same dedupeKey', async () => {
    await enqueueJob(db, 'test.mail', { to: 'a@example.org' }, { dedupeKey: 'welcome:42' });
    await enqueueJob(db, 'test.mail', { to: 'a@example.org' }, { dedupeKey: 'welcome:42' });
    await enqueueJob(db, 'test.mail', { to: 'b@example.org' }, { dedupeKey: 'welcome:43' });
    const rows = await allJobs();
    expect(rows.map((r) => r.dedupeKey)).toEqual(['welcome:42', 'welcome:43']);
  });

  it('creates separate jobs without a dedupeKey', async () => {
    await enqueueJob(db, 'test.mail', { n: 1 });
    await enqueueJob(db, 'test.mail', { n: 1 });
    expect(await allJobs()).toHaveLength(2);
  });

  it('commits or rolls back with the transaction of the command that enqueues', async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueJob(tx, 'test.mail', { n: 'rolled back' });
        throw new Error('command failed');
      }),
    ).rejects.toThrow('command failed');
    expect(await allJobs()).toEqual([]);
    await db.transaction(async (tx) => enqueueJob(tx, 'test.mail', { n: 'kept' }));
    expect((await allJobs()).map((j) => j.payload)).toEqual([{ n: 'kept' }]);
  });

  it('does not run a job before its runAt', async () => {
    await enqueueJob(db, 'test.later', {}, { runAt: new Date(Date.now() + 60_000) });
    let calls = 0;
    expect(await runOneJob(db, { 'test.later': async () => void calls++ }, logger)).toBe(false);
    expect(calls).toBe(0);
  });
});

describe('running', () => {
  it('marks a successful job done, with the payload passed to its handler', async () => {
    await enqueueJob(db, 'test.ok', { hello: 'world' });
    const seen: unknown[] = [];
    expect(await runOneJob(db, { 'test.ok': async (payload, job) => void seen.push([payload, job.attempts]) }, logger)).toBe(true);
    expect(seen).toEqual([[{ hello: 'world' }, 1]]);
    const [job] = await allJobs();
    expect(job!.doneAt).toBeInstanceOf(Date);
    expect(job).toMatchObject({ attempts: 1, lastError: null, failedAt: null, lockedUntil: null });
    expect(await runOneJob(db, { 'test.ok': async () => {} }, logger)).toBe(false); // not run twice
  });

  it('retries a failing job later with growing backoff, stores the error, and gives up after maxAttempts', async () => {
    await enqueueJob(db, 'test.flaky', {});
    const [created] = await allJobs();
    await db.update(jobs).set({ maxAttempts: 3 }).where(eq(jobs.id, created!.id));
    let calls = 0;
    const handlers: JobHandlers = {
      'test.flaky': async () => {
        calls++;
        throw new Error(`SMTP said no (${calls})`);
      },
    };

    expect(await runOneJob(db, handlers, logger)).toBe(true);
    let [job] = await allJobs();
    expect(job).toMatchObject({ attempts: 1, lastError: 'SMTP said no (1)', doneAt: null, failedAt: null, lockedUntil: null });
    expect(secondsFromNow(job!.runAt)).toBeGreaterThan(backoffSeconds(1) - 5);
    expect(secondsFromNow(job!.runAt)).toBeLessThanOrEqual(backoffSeconds(1) + 1);
    expect(await runOneJob(db, handlers, logger)).toBe(false); // not due yet
    expect(calls).toBe(1);

    await makeDue(job!.id);
    expect(await runOneJob(db, handlers, logger)).toBe(true);
    [job] = await allJobs();
    expect(job).toMatchObject({ attempts: 2, lastError: 'SMTP said no (2)', failedAt: null });
    expect(secondsFromNow(job!.runAt)).toBeGreaterThan(backoffSeconds(2) - 5); // longer than the first wait

    await makeDue(job!.id);
    expect(await runOneJob(db, handlers, logger)).toBe(true);
    [job] = await allJobs();
    expect(job).toMatchObject({ attempts: 3, lastError: 'SMTP said no (3)', doneAt: null });
    expect(job!.failedAt).toBeInstanceOf(Date);

    await makeDue(job!.id);
    expect(await runOneJob(db, handlers, logger)).toBe(false); // failed for good: never claimed again
    expect(calls).toBe(3);
  });

  it('backs off exponentially from 30 seconds, capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(8)).toBe(3600);
    expect(backoffSeconds(50)).toBe(3600);
  });

  it('fails a job of an unknown kind with a clear error instead of crashing the worker, and retries it later (a newer instance may know it)', async () => {
    await enqueueJob(db, 'test.nobody-handles-this', {});
    expect(await runOneJob(db, {}, logger)).toBe(true);
    const [job] = await allJobs();
    expect(job).toMatchObject({ lastError: 'no handler for job kind test.nobody-handles-this', failedAt: null, attempts: 1 });
  });

  it('leaves a claimed job alone while its lease runs, and reclaims it once the lease has expired', async () => {
    await enqueueJob(db, 'test.lease', {});
    const [job] = await allJobs();
    // A worker claimed it and died mid-job.
    await db.update(jobs).set({ lockedUntil: sql`now() + interval '5 minutes'`, attempts: 1 }).where(eq(jobs.id, job!.id));
    let calls = 0;
    const handlers: JobHandlers = { 'test.lease': async () => void calls++ };
    expect(await runOneJob(db, handlers, logger)).toBe(false);
    await db.update(jobs).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(jobs.id, job!.id));
    expect(await runOneJob(db, handlers, logger)).toBe(true);
    expect(calls).toBe(1);
    expect((await allJobs())[0]).toMatchObject({ attempts: 2 });
  });

  it('runs due jobs in order of runAt', async () => {
    await enqueueJob(db, 'test.order', { n: 2 }, { runAt: new Date(Date.now() - 1000) });
    await enqueueJob(db, 'test.order', { n: 1 }, { runAt: new Date(Date.now() - 5000) });
    await enqueueJob(db, 'test.order', { n: 3 });
    const order: unknown[] = [];
    expect(await drainJobs(db, { 'test.order': async (p) => void order.push((p as { n: number }).n) }, logger)).toBe(3);
    expect(order).toEqual([1, 2, 3]);
  });

  it('has a background worker that wakes on nudge() and finishes its job before stop() returns', async () => {
    const done: number[] = [];
    const worker = startWorker(
      db,
      {
        'test.worker': async (p) => {
          await new Promise((r) => setTimeout(r, 50));
          done.push((p as { n: number }).n);
        },
      },
      logger,
      60_000, // polls rarely: only the nudge can make it run soon
    );
    try {
      await new Promise((r) => setTimeout(r, 20)); // the first (empty) round has started, or is over
      await enqueueJob(db, 'test.worker', { n: 1 });
      worker.nudge();
      const deadline = Date.now() + 5000;
      while (done.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(done).toEqual([1]);
      await enqueueJob(db, 'test.worker', { n: 2 });
      worker.nudge();
      await new Promise((r) => setTimeout(r, 10)); // it has claimed the job and is in the handler
    } finally {
      await worker.stop();
    }
    expect(done).toEqual([1, 2]);
  });
});

describe.runIf(!!serverUrl)('several workers on PostgreSQL', () => {
  const database = { get url() { return (env.database as Database & { url?: string }).url; } };
  const instances: Database[] = [];
  afterAll(async () => {
    await Promise.all(instances.map((d) => d.close()));
  });

  it('never run the same job twice (FOR UPDATE SKIP LOCKED), and together run them all', async () => {
    const total = 120;
    for (let i = 0; i < total; i++) await enqueueJob(db, 'test.shared', { n: i });
    // Four worker processes' worth of connections, each draining the same queue at once.
    for (let i = 0; i < 4; i++) instances.push(await openDatabase({ databaseUrl: database.url!, dataDir: 'unused', poolSize: 2 }));
    const calls = new Map<number, number>();
    const byWorker = [0, 0, 0, 0];
    const handlersFor = (w: number): JobHandlers => ({
      'test.shared': async (p) => {
        const n = (p as { n: number }).n;
        calls.set(n, (calls.get(n) ?? 0) + 1);
        byWorker[w]!++;
        await new Promise((r) => setTimeout(r, 2)); // hold the job a moment, as real work would
      },
    });
    // Two loops per instance: eight claimers contend for every row.
    await Promise.all(instances.flatMap((d, w) => [drainJobs(d.db, handlersFor(w), logger), drainJobs(d.db, handlersFor(w), logger)]));

    expect([...calls.values()].filter((c) => c !== 1)).toEqual([]);
    expect(calls.size).toBe(total);
    expect(byWorker.filter((n) => n > 0).length).toBeGreaterThan(1); // the work really was shared
    const rows = await allJobs();
    expect(rows.every((r) => r.doneAt !== null && r.attempts === 1)).toBe(true);
  });
});

/** A logger that keeps what it is told (to see the warnings the queue writes). */
function recordingLogger() {
  const lines: { level: string; msg: string; [k: string]: unknown }[] = [];
  return { logger: createLogger('debug', (l) => lines.push(JSON.parse(l) as (typeof lines)[number])), lines };
}

describe('typed job kinds', () => {
  const greetings: string[] = [];
  const greetJob = defineJob({
    payload: z.object({ name: z.string().min(1), times: z.number().int().positive().default(1) }),
    handle: () => async (payload) => void greetings.push(`${payload.name}×${payload.times}`),
  });
  const handlers = (): JobHandlers => ({ 'test.greet': bindJob('test.greet', greetJob, env.deps) });

  it('checks kinds and payloads at compile time', async () => {
    // @ts-expect-error -- a kind nobody declared
    await enqueueJob(db, 'test.undeclared', {});
    // @ts-expect-error -- a payload of the wrong shape for its kind
    await enqueueJob(db, 'mail.send', { to: 'a@example.org' });
    // @ts-expect-error -- only kinds whose payload may be empty can be scheduled
    const bad: Schedule = { kind: 'mail.send', every: 'hour' };
    expect(bad.kind).toBe('mail.send');
  });

  it('hands the handler the payload as its schema parsed it (defaults applied)', async () => {
    greetings.length = 0;
    await enqueueJob(db, 'test.greet', { name: 'Ada' });
    await enqueueJob(db, 'test.greet', { name: 'Grace', times: 2 });
    expect(await drainJobs(db, handlers(), logger)).toBe(2);
    expect(greetings).toEqual(['Ada×1', 'Grace×2']);
    expect((await allJobs()).every((j) => j.doneAt !== null)).toBe(true);
  });

  it('sends a payload that fails its schema straight to dead, without running it or retrying, with the validation error', async () => {
    greetings.length = 0;
    // As an older version of the app might have stored it.
    await db.insert(jobs).values({ kind: 'test.greet', payload: { name: '', times: 'twice' } });
    expect(await runOneJob(db, handlers(), logger)).toBe(true);
    const [job] = await allJobs();
    expect(greetings).toEqual([]);
    expect(job).toMatchObject({ attempts: 1, doneAt: null, lockedUntil: null });
    expect(job!.maxAttempts).toBeGreaterThan(1); // dead with attempts left: no retry for what cannot pass
    expect(job!.failedAt).toBeInstanceOf(Date);
    expect(job!.lastError).toMatch(/^invalid payload for test\.greet:/);
    expect(job!.lastError).toContain('name');
    expect(job!.lastError).toContain('times');
    await makeDue(job!.id);
    expect(await runOneJob(db, handlers(), logger)).toBe(false);
  });

  it('sends an account’s mail through its registered kind, and kills a mail job whose payload is not ids', async () => {
    const user = await createUser(db);
    await enqueueJob(db, 'accounts.mail', { mail: 'existing', userId: user.id });
    await db.insert(jobs).values({ kind: 'accounts.mail', payload: { mail: 'verify', to: user.email, text: 'a rendered body' } });
    expect(await env.drainJobs()).toBe(2);
    const rows = await allJobs();
    expect(rows[0]!.doneAt).toBeInstanceOf(Date);
    expect(rows[0]!.payload).toEqual({}); // done: the payload is emptied
    expect(rows[1]).toMatchObject({ attempts: 1, doneAt: null });
    expect(rows[1]!.failedAt).toBeInstanceOf(Date);
    expect(rows[1]!.lastError).toMatch(/^invalid payload for accounts\.mail:[\s\S]*userId/);
    expect((await db.select().from(outboxMessages).where(eq(outboxMessages.to, user.email))).map((m) => m.subject)).toEqual([
      'Someone tried to create a Commonwise account with your address',
    ]);
  });
});

describe('leases', () => {
  const lockedUntil = async (id: number) => (await db.select({ at: jobs.lockedUntil }).from(jobs).where(eq(jobs.id, id)))[0]!.at!;

  it('lets a long job extend its lease while it holds it', async () => {
    await enqueueJob(db, 'test.lease', {});
    let seen: { before: number; after: number; ctx: Omit<JobContext, 'extendLease'> } | undefined;
    await runOneJob(
      db,
      {
        'test.lease': async (_p, ctx) => {
          const before = secondsFromNow(await lockedUntil(ctx.id));
          await ctx.extendLease(1800);
          const after = secondsFromNow(await lockedUntil(ctx.id));
          await ctx.extendLease(10); // never shortens the lease
          seen = { before, after: Math.min(after, secondsFromNow(await lockedUntil(ctx.id))), ctx: { id: ctx.id, attempts: ctx.attempts } };
        },
      },
      logger,
    );
    expect(seen!.before).toBeGreaterThan(LEASE_SECONDS - 10);
    expect(seen!.before).toBeLessThanOrEqual(LEASE_SECONDS + 1);
    expect(seen!.after).toBeGreaterThan(1790);
    expect(seen!.after).toBeLessThanOrEqual(1801);
    expect(seen!.ctx.attempts).toBe(1);
    const [job] = await allJobs();
    expect(job).toMatchObject({ id: seen!.ctx.id, lockedUntil: null });
    expect(job!.doneAt).toBeInstanceOf(Date);
  });

  it('refuses to extend a lease that was lost and re-claimed, and the stale worker cannot mark the job done', async () => {
    const { logger: rec, lines } = recordingLogger();
    await enqueueJob(db, 'test.lease', {});
    let refused: unknown;
    let other: Awaited<ReturnType<typeof claimJob>> = null;
    await runOneJob(
      db,
      {
        'test.lease': async (_p, ctx) => {
          // This worker stalls past its lease; another claims the job.
          await db.update(jobs).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(jobs.id, ctx.id));
          other = await claimJob(db);
          refused = await ctx.extendLease(60).catch((e: unknown) => e);
          // … and then finishes as if all were well.
        },
      },
      rec,
    );
    expect(other).toMatchObject({ attempts: 2 });
    expect(refused).toBeInstanceOf(LeaseLostError);
    expect((refused as Error).message).toMatch(/lease lost/);
    const [job] = await allJobs();
    expect(job).toMatchObject({ attempts: 2, doneAt: null, failedAt: null });
    expect(secondsFromNow(job!.lockedUntil!)).toBeGreaterThan(LEASE_SECONDS - 10); // still the new holder's lease
    expect(lines.filter((l) => l.msg === 'job lease lost: outcome not recorded')).toMatchObject([{ level: 'warn', jobId: job!.id, attempts: 1, outcome: 'done' }]);

    // The new holder still can extend and finish it.
    await extendLease(db, other!, 60);
    await expect(extendLease(db, { id: job!.id, attempts: 1 }, 60)).rejects.toThrow(LeaseLostError);
  });

  it('does not let a stale worker record a failure either (no retry scheduled, no job killed)', async () => {
    const { logger: rec, lines } = recordingLogger();
    await enqueueJob(db, 'test.lease', {});
    const [created] = await allJobs();
    await db.update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.id, created!.id)); // a failure would be final
    await runOneJob(
      db,
      {
        'test.lease': async (_p, ctx) => {
          await db.update(jobs).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(jobs.id, ctx.id));
          await claimJob(db);
          throw new Error('too late anyway');
        },
      },
      rec,
    );
    const [job] = await allJobs();
    expect(job).toMatchObject({ attempts: 2, failedAt: null, lastError: null, doneAt: null });
    expect(lines.some((l) => l.msg === 'job lease lost: outcome not recorded' && l['outcome'] === 'dead')).toBe(true);
  });

  it('refuses to extend the lease of a finished job, and nonsense durations', async () => {
    await enqueueJob(db, 'test.lease', {});
    await runOneJob(db, { 'test.lease': async () => {} }, logger);
    const [job] = await allJobs();
    await expect(extendLease(db, { id: job!.id, attempts: 1 }, 60)).rejects.toThrow(LeaseLostError);
    for (const seconds of [0, -5, Number.NaN, 10 * 86_400]) await expect(extendLease(db, { id: job!.id, attempts: 1 }, seconds)).rejects.toThrow(RangeError);
  });
});

describe('schedules', () => {
  const at = (iso: string) => new Date(iso);
  const tick = (every: Schedule['every'], offset?: Schedule['offset']): Schedule => ({ kind: 'test.tick', every, ...(offset ? { offset } : {}) });

  it('computes periods of N minutes or hours, with an offset, in UTC', () => {
    expect(periodStart(tick({ minutes: 5 }), at('2026-03-14T12:07:30Z'))).toEqual(at('2026-03-14T12:05:00Z'));
    expect(periodStart(tick({ minutes: 5 }), at('2026-03-14T12:05:00Z'))).toEqual(at('2026-03-14T12:05:00Z'));
    expect(nextPeriodStart(tick({ minutes: 5 }), at('2026-03-14T12:09:59.999Z'))).toEqual(at('2026-03-14T12:10:00Z'));
    expect(periodStart(tick('hour'), at('2026-03-14T12:59:00Z'))).toEqual(at('2026-03-14T12:00:00Z'));
    expect(periodStart(tick('day'), at('2026-03-14T23:59:00Z'))).toEqual(at('2026-03-14T00:00:00Z'));
    // Daily at 03:00 UTC.
    const nightly = tick('day', { hours: 3 });
    expect(periodStart(nightly, at('2026-03-14T02:59:00Z'))).toEqual(at('2026-03-13T03:00:00Z'));
    expect(periodStart(nightly, at('2026-03-14T03:00:00Z'))).toEqual(at('2026-03-14T03:00:00Z'));
    expect(nextPeriodStart(nightly, at('2026-03-14T03:00:00Z'))).toEqual(at('2026-03-15T03:00:00Z'));
    // Every 6 hours at half past.
    expect(periodStart(tick({ hours: 6 }, { minutes: 30 }), at('2026-03-14T06:29:00Z'))).toEqual(at('2026-03-14T00:30:00Z'));
    expect(periodStart(tick({ hours: 1, minutes: 30 }), at('2026-03-14T01:31:00Z'))).toEqual(at('2026-03-14T01:30:00Z'));
  });

  it('refuses schedules that cannot be kept', () => {
    for (const s of [tick({ minutes: 0 }), tick({}), tick({ minutes: 1.5 }), tick({ hours: -1 }), tick('hour', { minutes: 60 }), tick('day', { hours: 24 }), tick({ minutes: 5 }, { minutes: 5 })]) {
      expect(() => scheduleTimes(s), JSON.stringify(s)).toThrow(/schedule test\.tick/);
    }
    expect(() => scheduled(db, tick({ minutes: 0 }), async () => {}, () => new Date())).toThrow(); // at start-up, not at the first run
  });

  /** A scheduled handler counting its runs, with the clock `now`. */
  function ticker(s: Schedule, now: () => Date = () => new Date()) {
    const runs: number[] = [];
    const handlers: JobHandlers = { 'test.tick': scheduled(db, s, async (_p, ctx) => void runs.push(ctx.id), now) };
    return { runs, handlers, handlersOn: (other: Db): JobHandlers => ({ 'test.tick': scheduled(other, s, async (_p, ctx) => void runs.push(ctx.id), now) }) };
  }

  it('runs once per period when two workers start and drain at the same time, and queues the next period', async () => {
    const s = tick({ minutes: 5 });
    const t = ticker(s);
    // A second instance: its own connections on PostgreSQL (real contention), the same database on PGlite.
    const second = serverUrl ? await openDatabase({ databaseUrl: (env.database as Database & { url?: string }).url!, dataDir: 'unused', poolSize: 2 }) : undefined;
    const otherDb = second?.db ?? db;
    try {
      const now = new Date();
      await Promise.all([startSchedule(db, s, now), startSchedule(otherDb, s, now), startSchedule(db, s, now)]);
      expect(await allJobs()).toHaveLength(1);
      await Promise.all([drainJobs(db, t.handlers, logger), drainJobs(otherDb, t.handlersOn(otherDb), logger)]);
      expect(t.runs).toHaveLength(1);
    } finally {
      await second?.close();
    }
    const rows = await allJobs();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.doneAt).toBeInstanceOf(Date);
    const next = rows[1]!;
    expect(next.doneAt).toBeNull();
    expect(next.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(next.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    expect(next.runAt.getTime() % (5 * 60_000)).toBe(0);
    expect(next.dedupeKey).toBe(`test.tick:${next.runAt.toISOString()}`);
    // An instance starting later in the period queues nothing more: the next run is waiting.
    await startSchedule(db, s, new Date());
    expect(await allJobs()).toHaveLength(2);
  });

  it('after downtime of several periods, runs once and then carries on from the current period', async () => {
    const s = tick({ minutes: 5 });
    const t = ticker(s);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await startSchedule(db, s, hourAgo); // the worker ran an hour ago, queued its run, and went down
    await startSchedule(db, s, new Date()); // it comes back: the run left waiting is the one to run
    expect(await allJobs()).toHaveLength(1);
    expect(await drainJobs(db, t.handlers, logger)).toBe(1);
    expect(t.runs).toHaveLength(1);
    const rows = await allJobs();
    expect(rows).toHaveLength(2); // nothing queued for the twelve periods missed
    expect(rows[1]!.runAt).toEqual(nextPeriodStart(s, new Date()));
    expect(await drainJobs(db, t.handlers, logger)).toBe(0);
  });

  it('also runs a chain left queued for a past period only once (the worker was down when it came due)', async () => {
    const s = tick('hour');
    const t = ticker(s);
    // What a run three hours ago queued: the run of the hour after it, long due.
    await enqueueScheduled(db, s, new Date(Date.now() - 2 * 3_600_000));
    await startSchedule(db, s, new Date());
    expect(await drainJobs(db, t.handlers, logger)).toBe(1);
    expect(t.runs).toHaveLength(1);
    expect((await allJobs()).map((j) => j.doneAt === null)).toEqual([false, true]);
  });

  it('keeps an offset: a daily run at 03:00 UTC queues the next one for 03:00', async () => {
    const s = tick('day', { hours: 3 });
    const t = ticker(s);
    await startSchedule(db, s, new Date());
    expect(await drainJobs(db, t.handlers, logger)).toBe(1);
    const next = (await allJobs())[1]!;
    expect(next.runAt.getUTCHours()).toBe(3);
    expect(next.runAt.getUTCMinutes()).toBe(0);
    expect(next.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(next.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
  });

  it('queues the next run even when this one fails, so the chain does not end', async () => {
    const s = tick({ minutes: 10 });
    await startSchedule(db, s, new Date());
    const handlers: JobHandlers = {
      'test.tick': scheduled(db, s, async () => Promise.reject(new Error('boom')), () => new Date()),
    };
    expect(await runOneJob(db, handlers, logger)).toBe(true);
    const rows = await allJobs();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.lastError).toBe('boom');
    expect(rows[1]!.runAt).toEqual(nextPeriodStart(s, new Date()));
  });
});

describe('the failed jobs page (/admin/jobs)', () => {
  /** A dead job of `kind`, failed `secondsAgo` ago. */
  async function deadJob(kind: string, secondsAgo: number, extra: Partial<typeof jobs.$inferInsert> = {}) {
    const [row] = await db
      .insert(jobs)
      .values({ kind, payload: {}, attempts: 8, lastError: `${kind} went wrong`, failedAt: sql`now() - ${secondsAgo}::int * interval '1 second'`, ...extra })
      .returning();
    return row!;
  }

  it('lists dead jobs newest first for a platform admin, with kind, attempts, error and time, in English and French', async () => {
    const w = await world();
    await deadJob('test.older', 120);
    await deadJob('test.newer', 10, { lastError: 'SMTP <refused>' });
    await enqueueJob(db, 'test.ok', { hello: 'pending' });
    await db.insert(jobs).values({ kind: 'test.finished', payload: {}, doneAt: new Date() });

    const admin = await w.as('admin');
    const res = await admin.get('/admin/jobs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Failed jobs</h1>');
    expect(html.indexOf('test.newer')).toBeGreaterThan(0);
    expect(html.indexOf('test.newer')).toBeLessThan(html.indexOf('test.older'));
    expect(html).not.toContain('test.ok');
    expect(html).not.toContain('test.finished');
    expect(html).toContain('SMTP &lt;refused&gt;'); // escaped
    expect(html).toContain('<td>8</td>');
    expect(html).toMatch(/<time datetime="[^"]+"/);
    expect(html.match(/<form method="post" action="\/admin\/jobs\/\d+\/retry"/g)).toHaveLength(2);
    expect(html).toMatch(/name="_csrf"/);

    const frAdmin = await createUser(db, { isAdmin: true, locale: 'fr' });
    const frHtml = await (await (await sessionAs(frAdmin.id)).get('/admin/jobs')).text();
    expect(frHtml).toContain('<html lang="fr"');
    expect(frHtml).toContain('<h1>Tâches en échec</h1>');
    expect(frHtml).toContain('Relancer');

    expect(await (await admin.get('/admin')).text()).toContain('href="/admin/jobs"');
  });

  it('says so when there are no failed jobs', async () => {
    const w = await world();
    const html = await (await (await w.as('admin')).get('/admin/jobs')).text();
    expect(html).toContain('No failed jobs.');
    expect(html).not.toContain('<table');
  });

  it('pages through dead jobs with keyset cursors (ties on failed_at included), at a constant number of queries', async () => {
    const w = await world();
    const admin = await w.as('admin');
    await deadJob('test.single', 5);
    const one = await env.countQueries(() => admin.get('/admin/jobs'));
    // 54 more, most failing in the same microsecond.
    await db.insert(jobs).values(Array.from({ length: 54 }, (_, i) => ({ kind: `test.bulk-${i}`, payload: {}, attempts: 3, lastError: 'x', failedAt: sql`now() - interval '1 minute'` })));
    const first = await admin.get('/admin/jobs');
    const firstHtml = await first.text();
    const many = await env.countQueries(() => admin.get('/admin/jobs'));
    expect(many).toBe(one);

    const ids = (html: string) => [...html.matchAll(/action="\/admin\/jobs\/(\d+)\/retry"/g)].map((m) => Number(m[1]));
    const page1 = ids(firstHtml);
    expect(page1).toHaveLength(50);
    const next = /href="(\/admin\/jobs\?after=[^"]+)" rel="next"/.exec(firstHtml)?.[1];
    expect(next).toBeTruthy();
    const secondHtml = await (await admin.get(next!.replaceAll('&amp;', '&'))).text();
    const page2 = ids(secondHtml);
    expect(page2).toHaveLength(5);
    expect(new Set([...page1, ...page2]).size).toBe(55);
    expect(secondHtml).toContain('href="/admin/jobs"'); // back to the first page
    expect((await admin.get('/admin/jobs?after=not-a-cursor')).status).toBe(400);
    expect((await admin.get(`/admin/jobs?after=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', '1 OR 1=1'])).toString('base64url')}`)).status).toBe(400);
  });

  it('lets a platform admin retry a dead job: back in the queue from attempt 0, due now, audited, with a confirmation', async () => {
    const w = await world();
    const to = w.users.citizen.email;
    const dead = await deadJob('accounts.mail', 30, { payload: { mail: 'existing', userId: w.users.citizen.id }, lastError: 'SMTP said no' });
    const admin = await w.as('admin');
    const res = await admin.post(`/admin/jobs/${dead.id}/retry`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/jobs');
    const [job] = await db.select().from(jobs).where(eq(jobs.id, dead.id));
    expect(job).toMatchObject({ attempts: 0, failedAt: null, lastError: null, doneAt: null, lockedUntil: null });
    expect(secondsFromNow(job!.runAt)).toBeLessThanOrEqual(1);
    const [entry] = await db.select().from(events).where(and(eq(events.name, 'job.retry'), eq(events.entityId, String(dead.id)))).orderBy(desc(events.id));
    expect(entry).toMatchObject({ actorId: w.users.admin.id, entityType: 'job', payload: { kind: 'accounts.mail' } });

    const after = await (await admin.get('/admin/jobs')).text();
    expect(after).toContain(`Job ${dead.id} (accounts.mail) is queued again`);
    expect(after).toContain('No failed jobs.');

    // It really runs again.
    expect(await env.drainJobs()).toBe(1);
    expect((await db.select().from(outboxMessages).where(eq(outboxMessages.to, to))).map((m) => m.subject)).toEqual(['Someone tried to create a Commonwise account with your address']);
  });

  it('answers a clear 409 for a job that is not dead (any more), and 404 for one that does not exist', async () => {
    const w = await world();
    const admin = await w.as('admin');
    const dead = await deadJob('test.twice', 5);
    expect((await admin.post(`/admin/jobs/${dead.id}/retry`)).status).toBe(303);
    const again = await admin.post(`/admin/jobs/${dead.id}/retry`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('has already been retried');
    await enqueueJob(db, 'test.ok', { hello: 'pending' });
    const [done] = await db.insert(jobs).values({ kind: 'test.finished', payload: {}, doneAt: new Date() }).returning();
    const [pending] = await db.select().from(jobs).where(eq(jobs.kind, 'test.ok'));
    for (const j of [pending!, done!]) {
      expect((await admin.post(`/admin/jobs/${j.id}/retry`)).status).toBe(409);
    }
    expect((await db.select().from(jobs).where(eq(jobs.id, done!.id)))[0]!.doneAt).toBeInstanceOf(Date);
    for (const id of ['999999999', 'abc', '0', '1e3', '-1', '9007199254740993', '99999999999999999999']) expect((await admin.post(`/admin/jobs/${id}/retry`)).status).toBe(404);
  });

  it('refuses everyone but a platform admin, and changes nothing', async () => {
    const w = await world();
    const dead = await deadJob('test.guarded', 5);
    for (const who of ['citizen', 'member', 'owner', 'partner'] as const) {
      const c = await w.as(who);
      expect((await c.get('/admin/jobs')).status).toBe(403);
      expect((await c.post(`/admin/jobs/${dead.id}/retry`)).status).toBe(403);
    }
    const anon = await w.as('anonymous');
    const res = await anon.get('/admin/jobs');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/sign-in\?next=/);
    expect((await anon.post(`/admin/jobs/${dead.id}/retry`)).status).toBe(303);
    // An admin's form without the CSRF token is refused too.
    expect((await (await w.as('admin')).post(`/admin/jobs/${dead.id}/retry`, { _csrf: 'forged' })).status).toBe(403);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, dead.id));
    expect(job).toMatchObject({ attempts: 8, lastError: 'test.guarded went wrong' });
    expect(job!.failedAt).toBeInstanceOf(Date);
  });
});
