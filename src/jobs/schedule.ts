import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jobs } from '../db/schema/index.js';
import type { JobHandler, JobKind, JobPayloads } from './queue.js';

/** Kinds whose payload may be empty: only these can be scheduled (the worker queues them with `{}`). */
export type SchedulableKind = { [K in JobKind]: Record<string, never> extends JobPayloads[K] ? K : never }[JobKind];

/** A length of time in whole minutes and/or hours. */
export type Duration = { hours?: number; minutes?: number };

/**
 * A job the worker queues by itself once per period (a feature declares it in its index.ts).
 * Periods are counted in UTC from the Unix epoch, shifted by `offset`:
 *   { kind, every: 'hour' }                               at the start of every hour
 *   { kind, every: { minutes: 5 } }                       at :00, :05, :10 …
 *   { kind, every: 'day', offset: { hours: 3 } }          every day at 03:00 UTC
 *   { kind, every: { hours: 6 }, offset: { minutes: 30 } } at 00:30, 06:30, 12:30, 18:30 UTC
 * The offset must be shorter than the period. Whatever the number of instances, and after any
 * downtime, there is at most one run per period (see enqueueScheduled and scheduled).
 */
export type Schedule = { kind: SchedulableKind; every: 'hour' | 'day' | Duration; offset?: Duration };

const MINUTE = 60_000;
const durationMs = (d: Duration) => ((d.hours ?? 0) * 60 + (d.minutes ?? 0)) * MINUTE;

/** The schedule's period and offset in milliseconds; throws on a period under a minute or an offset outside it. */
export function scheduleTimes(s: Schedule): { periodMs: number; offsetMs: number } {
  const periodMs = s.every === 'hour' ? 60 * MINUTE : s.every === 'day' ? 1440 * MINUTE : durationMs(s.every);
  const offsetMs = s.offset ? durationMs(s.offset) : 0;
  const whole = (d: Duration | undefined) => !d || [d.hours ?? 0, d.minutes ?? 0].every((n) => Number.isInteger(n) && n >= 0);
  if (!whole(typeof s.every === 'string' ? undefined : s.every) || !whole(s.offset) || periodMs < MINUTE || offsetMs >= periodMs) {
    throw new Error(`schedule ${s.kind}: the period must be whole minutes or hours (at least one minute) and the offset shorter than the period`);
  }
  return { periodMs, offsetMs };
}

/** The start of the period of `s` that contains `at`. */
export function periodStart(s: Schedule, at: Date): Date {
  const { periodMs, offsetMs } = scheduleTimes(s);
  return new Date(Math.floor((at.getTime() - offsetMs) / periodMs) * periodMs + offsetMs);
}

/** The start of the period after the one that contains `at`. */
export const nextPeriodStart = (s: Schedule, at: Date) => new Date(periodStart(s, at).getTime() + scheduleTimes(s).periodMs);

const dedupeKey = (s: Schedule, start: Date) => `${s.kind}:${start.toISOString()}`;

/**
 * Queues the run of `s` for the period that contains `at` (to run at `at`). Idempotent per period
 * through the job's dedupe key, so any number of instances doing it makes one run per period.
 */
export async function enqueueScheduled(db: Db, s: Schedule, at: Date): Promise<void> {
  await db
    .insert(jobs)
    .values({ kind: s.kind, payload: {}, dedupeKey: dedupeKey(s, periodStart(s, at)), runAt: at })
    .onConflictDoNothing();
}

/**
 * Starts the chain of `s` at start-up: queues the current period's run unless a run of this kind
 * is already waiting (one statement, so instances starting together agree). After downtime the
 * run left waiting from before is the one that runs — once, not once per missed period — and
 * it queues the next period's run.
 */
export async function startSchedule(db: Db, s: Schedule, now: Date): Promise<void> {
  await db.execute(sql`
    INSERT INTO ${jobs} (kind, payload, dedupe_key, run_at)
    SELECT ${s.kind}, '{}'::jsonb, ${dedupeKey(s, periodStart(s, now))}, ${now.toISOString()}::timestamptz
    WHERE NOT EXISTS (SELECT 1 FROM ${jobs} WHERE kind = ${s.kind} AND done_at IS NULL AND failed_at IS NULL)
    ON CONFLICT DO NOTHING`);
}

/**
 * A scheduled kind's handler: first queues the run of the period after the current one (a
 * failing run must not end the chain; a late run — after downtime — skips the periods missed),
 * then runs.
 */
export function scheduled(db: Db, s: Schedule, handler: JobHandler, now: () => Date): JobHandler {
  scheduleTimes(s); // a bad schedule fails at start-up, not at its first run
  return async (payload, ctx) => {
    await enqueueScheduled(db, s, nextPeriodStart(s, now()));
    await handler(payload, ctx);
  };
}
