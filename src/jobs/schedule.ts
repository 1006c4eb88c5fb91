import type { Db } from '../db/client.js';
import { enqueueJob, type JobHandler } from './queue.js';

/** A job the worker queues by itself once per period (a feature declares it in its index.ts). */
export type Schedule = { kind: string; every: 'hour' | 'day' };

const PERIOD_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** The start of the period (UTC hour or day) that contains `at`. */
export const periodStart = (s: Schedule, at: Date) => new Date(Math.floor(at.getTime() / PERIOD_MS[s.every]) * PERIOD_MS[s.every]);

/**
 * Queues the run of `s` for the period that contains `at` (to run at `at`). Idempotent per period
 * through the job's dedupe key, so any number of instances starting, or a run queueing the next
 * one, makes one run per period.
 */
export async function enqueueScheduled(db: Db, s: Schedule, at: Date): Promise<void> {
  await enqueueJob(db, s.kind, {}, { dedupeKey: `${s.kind}:${periodStart(s, at).toISOString()}`, runAt: at });
}

/** A scheduled kind's handler: first queues the next period's run (a failing run must not end the chain), then runs. */
export function scheduled(db: Db, s: Schedule, handler: JobHandler, now: () => Date): JobHandler {
  return async (payload, job) => {
    await enqueueScheduled(db, s, new Date(periodStart(s, now()).getTime() + PERIOD_MS[s.every]));
    await handler(payload, job);
  };
}
