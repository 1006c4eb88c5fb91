import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createSessionManager } from './auth/sessions.js';
import { outboxMailer, sendMailJob, smtpMailer } from './jobs/mail.js';
import type { JobHandlers } from './jobs/queue.js';
import { enqueueScheduled, scheduled } from './jobs/schedule.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Deps } from './lib/deps.js';
import type { Logger } from './lib/logger.js';
import { createRateLimiters, type RateLimitRule } from './lib/rate-limit.js';
import { features, rateLimits, schedules, subjectKinds, subscribers } from './registry.js';
import { loadEvent } from './lib/events.js';
import { createSubjects } from './lib/subjects.js';

export type DepsOptions = {
  /** Rules replacing the registered ones, by name (tests relax them). */
  rateLimits?: Readonly<Record<string, RateLimitRule>>;
  clock?: Clock;
};

/** Wires the app's dependencies from config and an open database (server, CLI and tests alike). */
export function buildDeps(config: Config, database: Database, logger: Logger, options: DepsOptions = {}): Deps {
  const { db } = database;
  return {
    config,
    db,
    dbKind: database.kind,
    logger,
    clock: options.clock ?? systemClock,
    sessions: createSessionManager(db, { secureCookies: config.https }),
    rateLimits: createRateLimiters(db, rateLimits, options.rateLimits),
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : outboxMailer(db, config.dataDir, config.mailFrom, logger),
    subjects: createSubjects(subjectKinds),
    nudgeJobs: () => {},
  };
}

/** Every job kind's handler: sending mail, and what each feature registers (scheduled kinds queue their next run first). */
export function jobHandlers(deps: Deps): JobHandlers {
  const handlers: JobHandlers = { 'mail.send': sendMailJob(deps.mailer) };
  for (const feature of features) {
    for (const [kind, make] of Object.entries(feature.jobs ?? {})) {
      if (handlers[kind]) throw new Error(`job kind ${kind} is registered twice`);
      const schedule = schedules.find((s) => s.kind === kind);
      handlers[kind] = schedule ? scheduled(deps.db, schedule, make(deps), () => deps.clock.now()) : make(deps);
    }
  }
  for (const s of subscribers) {
    if (handlers[s.job]) throw new Error(`job kind ${s.job} is registered twice`);
    const handle = s.handle(deps);
    handlers[s.job] = async (payload) => {
      const event = await loadEvent(deps.db, subscriberPayload.parse(payload).eventId);
      if (event) await handle(event); // an event erased since (its subject deleted) has nobody left to tell
    };
  }
  return handlers;
}

/** What a subscriber's job carries: the event's id only (the event row is the truth). */
const subscriberPayload = z.object({ eventId: z.number().int().positive() });

/** Queues the current period's run of every schedule (idempotent: once per period, whatever the instances). */
export async function startSchedules(deps: Deps): Promise<void> {
  for (const s of schedules) await enqueueScheduled(deps.db, s, deps.clock.now());
}
