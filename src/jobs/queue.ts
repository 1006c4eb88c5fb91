import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { jobs } from '../db/schema/index.js';
import type { Deps } from '../lib/deps.js';
import type { Logger } from '../lib/logger.js';

/**
 * Every job kind and the type of its payload. Empty here: each kind is added where it is defined,
 * by module augmentation (as each feature's messages.en.ts adds its keys to Messages):
 *
 *   declare module '../../jobs/queue.js' {
 *     interface JobPayloads { 'votes.trending': PayloadOf<typeof trendingJob> }
 *   }
 *
 * so `enqueueJob(db, 'votes.trending', …)` checks both the kind and the payload.
 */
export interface JobPayloads {}
export type JobKind = keyof JobPayloads & string;

/** The lease a claim takes; a handler that needs longer calls ctx.extendLease. */
export const LEASE_SECONDS = 300;
/** The longest single extension, so a runaway handler cannot hold a job for days. */
export const MAX_LEASE_EXTENSION_SECONDS = 3600;

/** What a handler knows about the run it is in. */
export type JobContext = {
  id: number;
  /** This run's attempt (1 for the first); also the claim's fencing token. */
  attempts: number;
  /**
   * Keeps the job for `seconds` more from now (never shortens the lease), while this worker still
   * holds it; throws LeaseLostError if another worker has claimed it since or it has finished.
   */
  extendLease(seconds: number): Promise<void>;
};

/** The worker's view of a handler: the payload as stored (untrusted), and the run's context. */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/**
 * A job kind: the zod schema its payload must pass when the job runs, and the handler, made
 * from the app's dependencies. Declared with defineJob, listed in a feature's `jobs`.
 */
export type JobDefinition<P> = {
  payload: z.ZodType<P>;
  handle: (deps: Deps) => (payload: P, ctx: JobContext) => Promise<void>;
};
/** The payload type of a definition (for the JobPayloads augmentation). */
export type PayloadOf<D> = D extends JobDefinition<infer P> ? P : never;
/** Every registered kind with its definition, as a feature declares them (any subset). */
export type JobDefinitions = { readonly [K in JobKind]?: JobDefinition<JobPayloads[K]> };

/** Declares a job kind (checks the handler against the payload schema's type). */
export function defineJob<S extends z.ZodType>(definition: {
  payload: S;
  handle: (deps: Deps) => (payload: z.output<S>, ctx: JobContext) => Promise<void>;
}): JobDefinition<z.output<S>> {
  return definition as JobDefinition<z.output<S>>;
}

/**
 * A failure that retrying cannot cure: the job goes straight to dead (failed_at set) whatever
 * attempts it has left. A payload that fails its schema is one.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** extendLease on a job this worker no longer holds (re-claimed by another after the lease ran out, or finished). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** The worker's handler for a definition: validates the stored payload, then runs. */
export function bindJob<P>(kind: string, definition: JobDefinition<P>, deps: Deps): JobHandler {
  const handle = definition.handle(deps);
  return async (payload, ctx) => {
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError(`invalid payload for ${kind}: ${z.prettifyError(parsed.error)}`);
    await handle(parsed.data, ctx);
  };
}

export type EnqueueOptions = { dedupeKey?: string; runAt?: Date };

/**
 * Adds a job; with a dedupeKey a second enqueue of the same work is a no-op (idempotent).
 * Pass the transaction of the command that causes the job, so both commit or neither does.
 * The payload is checked by tsc here and by the kind's schema when the job runs.
 */
export async function enqueueJob<K extends JobKind>(db: Db, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): Promise<void> {
  await db
    .insert(jobs)
    .values({ kind, payload, dedupeKey: options.dedupeKey ?? null, runAt: options.runAt ?? new Date() })
    .onConflictDoNothing();
}

type ClaimedJob = { id: number; kind: string; payload: unknown; attempts: number; maxAttempts: number };

/**
 * Claims the next due job (a lease of LEASE_SECONDS); SKIP LOCKED lets several workers share the
 * table. The returned `attempts` (incremented by the claim) is the claim's fencing token: every
 * later write by this worker requires it, so a worker whose lease ran out and whose job was
 * claimed again writes nothing.
 */
export async function claimJob(db: Db): Promise<ClaimedJob | null> {
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: sql`now() + ${LEASE_SECONDS}::int * interval '1 second'`, attempts: sql`${jobs.attempts} + 1` })
    .where(
      eq(
        jobs.id,
        sql`(SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now()
              AND (locked_until IS NULL OR locked_until < now())
            ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT 1)`,
      ),
    )
    .returning({ id: jobs.id, kind: jobs.kind, payload: jobs.payload, attempts: jobs.attempts, maxAttempts: jobs.maxAttempts });
  return rows[0] ?? null;
}

/** The job as long as the claim `attempts` still holds it: same attempt, not finished. */
const heldBy = (id: number, attempts: number) => and(eq(jobs.id, id), eq(jobs.attempts, attempts), isNull(jobs.doneAt), isNull(jobs.failedAt));

/** Pushes the lease of a held job forward; throws LeaseLostError if the claim no longer holds it. */
export async function extendLease(db: Db, job: { id: number; attempts: number }, seconds: number): Promise<void> {
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_LEASE_EXTENSION_SECONDS) {
    throw new RangeError(`extendLease: seconds must be in (0, ${MAX_LEASE_EXTENSION_SECONDS}], got ${seconds}`);
  }
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: sql`greatest(${jobs.lockedUntil}, now() + ${Math.ceil(seconds)}::int * interval '1 second')` })
    .where(heldBy(job.id, job.attempts))
    .returning({ id: jobs.id });
  if (rows.length === 0) {
    throw new LeaseLostError(`job ${job.id}: lease lost (attempt ${job.attempts} no longer holds it: claimed again by another worker, or finished)`);
  }
}

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/** Runs one job if one is due; returns false when none was. */
export async function runOneJob(db: Db, handlers: JobHandlers, logger: Logger): Promise<boolean> {
  const job = await claimJob(db);
  if (!job) return false;
  const handler = handlers[job.kind];
  const ctx: JobContext = { id: job.id, attempts: job.attempts, extendLease: (seconds) => extendLease(db, job, seconds) };
  let outcome: 'done' | 'retry' | 'dead';
  let error: string | null = null;
  try {
    // Retried, not dead: during a rolling deploy an older instance may claim a kind only newer ones know.
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    await handler(job.payload, ctx);
    outcome = 'done';
  } catch (err) {
    error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    outcome = err instanceof PermanentJobError || job.attempts >= job.maxAttempts ? 'dead' : 'retry';
    logger.warn('job failed', { jobId: job.id, kind: job.kind, attempts: job.attempts, final: outcome === 'dead', error });
  }
  const written = await db
    .update(jobs)
    .set(
      outcome === 'done'
        ? { doneAt: sql`now()`, lockedUntil: null, lastError: null, payload: {} } // done: nothing keeps what it was about
        : outcome === 'dead'
          ? { failedAt: sql`now()`, lockedUntil: null, lastError: error }
          : { lockedUntil: null, lastError: error, runAt: sql`now() + ${backoffSeconds(job.attempts)}::int * interval '1 second'` },
    )
    .where(heldBy(job.id, job.attempts))
    .returning({ id: jobs.id });
  if (written.length === 0) {
    // The lease ran out and another worker claimed the job (or it finished): its outcome is theirs to write.
    logger.warn('job lease lost: outcome not recorded', { jobId: job.id, kind: job.kind, attempts: job.attempts, outcome });
  }
  return true;
}

/** Runs due jobs until none is left (tests, CLI). */
export async function drainJobs(db: Db, handlers: JobHandlers, logger: Logger, max = 1000): Promise<number> {
  let n = 0;
  while (n < max && (await runOneJob(db, handlers, logger))) n++;
  return n;
}

/**
 * Puts a dead job (failed for good) back in the queue: attempts from 0, due now, error cleared;
 * returns its kind and the error cleared. 'not-dead' when it exists but is not dead (pending,
 * running, done or already retried). Call it inside a transaction: the row is locked from the
 * check to the change, so two retries at once make one.
 */
export async function retryDeadJob(tx: Db, id: number): Promise<{ kind: string; lastError: string | null } | 'not-dead' | 'not-found'> {
  const [job] = await tx
    .select({ kind: jobs.kind, lastError: jobs.lastError, failedAt: jobs.failedAt, doneAt: jobs.doneAt })
    .from(jobs)
    .where(eq(jobs.id, id))
    .for('update')
    .limit(1);
  if (!job) return 'not-found';
  if (!job.failedAt || job.doneAt) return 'not-dead';
  await tx.update(jobs).set({ failedAt: null, lastError: null, attempts: 0, runAt: sql`now()`, lockedUntil: null }).where(eq(jobs.id, id));
  return { kind: job.kind, lastError: job.lastError };
}

/** A polling worker in this process; `nudge()` wakes it at once (after an enqueue). */
export function startWorker(db: Db, handlers: JobHandlers, logger: Logger, intervalMs = 1000) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  /** A nudge came while a round was running (maybe after its last claim): go again at once. */
  let nudged = false;
  const tick = () => {
    timer = undefined;
    nudged = false;
    running = (async () => {
      try {
        while (!stopped && (await runOneJob(db, handlers, logger))) {
          /* keep going while there is work */
        }
      } catch (err) {
        logger.error('job worker error', { error: err instanceof Error ? err.message : String(err) });
      }
      if (!stopped) timer = setTimeout(tick, nudged ? 0 : intervalMs);
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    nudge() {
      if (stopped) return;
      if (timer) {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      } else nudged = true;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
