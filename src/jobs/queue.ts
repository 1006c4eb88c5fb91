import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jobs } from '../db/schema/index.js';
import type { Logger } from '../lib/logger.js';

export type JobHandler = (payload: unknown, job: { id: number; attempts: number }) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/**
 * Adds a job; with a dedupeKey a second enqueue of the same work is a no-op (idempotent).
 * Pass the transaction of the command that causes the job, so both commit or neither does.
 */
export async function enqueueJob(db: Db, kind: string, payload: unknown, options: { dedupeKey?: string; runAt?: Date } = {}) {
  await db
    .insert(jobs)
    .values({ kind, payload, dedupeKey: options.dedupeKey ?? null, runAt: options.runAt ?? new Date() })
    .onConflictDoNothing();
}

type ClaimedJob = { id: number; kind: string; payload: unknown; attempts: number; maxAttempts: number };

/** Claims the next due job (lease of 5 minutes); SKIP LOCKED lets several workers share the table. */
export async function claimJob(db: Db): Promise<ClaimedJob | null> {
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: sql`now() + interval '5 minutes'`, attempts: sql`${jobs.attempts} + 1` })
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

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/** Runs one job if one is due; returns false when none was. */
export async function runOneJob(db: Db, handlers: JobHandlers, logger: Logger): Promise<boolean> {
  const job = await claimJob(db);
  if (!job) return false;
  const handler = handlers[job.kind];
  try {
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    await handler(job.payload, job);
    await db.update(jobs).set({ doneAt: new Date(), lockedUntil: null, lastError: null }).where(eq(jobs.id, job.id));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const final = job.attempts >= job.maxAttempts;
    logger.warn('job failed', { jobId: job.id, kind: job.kind, attempts: job.attempts, final, error: message });
    await db
      .update(jobs)
      .set({
        lockedUntil: null,
        lastError: message.slice(0, 2000),
        ...(final ? { failedAt: new Date() } : { runAt: new Date(Date.now() + backoffSeconds(job.attempts) * 1000) }),
      })
      .where(and(eq(jobs.id, job.id)));
  }
  return true;
}

/** Runs due jobs until none is left (tests, CLI). */
export async function drainJobs(db: Db, handlers: JobHandlers, logger: Logger, max = 1000): Promise<number> {
  let n = 0;
  while (n < max && (await runOneJob(db, handlers, logger))) n++;
  return n;
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
