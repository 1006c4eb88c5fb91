import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import { jobs } from '../../src/db/schema/index.js';
import { backoffSeconds, drainJobs, enqueueJob, runOneJob, startWorker, type JobHandlers } from '../../src/jobs/queue.js';
import { createLogger } from '../../src/lib/logger.js';
import { openTestDatabase, serverUrl } from '../support/db.js';

const logger = createLogger('silent');
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.close();
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

  it('fails a job of an unknown kind with a clear error instead of crashing the worker', async () => {
    await enqueueJob(db, 'test.nobody-handles-this', {});
    expect(await runOneJob(db, {}, logger)).toBe(true);
    const [job] = await allJobs();
    expect(job!.lastError).toBe('no handler for job kind test.nobody-handles-this');
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
