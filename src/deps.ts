import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createSessionManager } from './auth/sessions.js';
import { outboxMailer, smtpMailer } from './jobs/mail.js';
import { bindJob, defineJob, type JobDefinition, type JobDefinitions, type JobHandlers } from './jobs/queue.js';
import { scheduled, startSchedule } from './jobs/schedule.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Deps } from './lib/deps.js';
import type { Logger } from './lib/logger.js';
import { createRateLimiters, type RateLimitRule } from './lib/rate-limit.js';
import { serverSecret } from './lib/secret.js';
import { createSecurityLog } from './lib/security-log.js';
import { features, rateLimits, reportableKinds, schedules, subjectKinds, subscribers } from './registry.js';
import { loadEvent, type RecordedEvent } from './jobs/events.js';
import { createSubjects } from './lib/subjects.js';
import { createReportables } from './lib/reportables.js';
import { createPageStore } from './lib/page-store.js';

/** The longest a cached page is served (what changes with the clock alone is never older): 60 s. */
const PAGE_MAX_AGE_MS = 60_000;

export type DepsOptions = {
  /** Rules replacing the registered ones, by name (tests relax them). */
  rateLimits?: Readonly<Record<string, RateLimitRule>>;
  clock?: Clock;
};

/** Wires the app's dependencies from config and an open database (server, CLI and tests alike). */
export function buildDeps(config: Config, database: Database, logger: Logger, options: DepsOptions = {}): Deps {
  const { db } = database;
  const clock = options.clock ?? systemClock;
  const secret = serverSecret(config, logger);
  return {
    config,
    db,
    dbKind: database.kind,
    logger,
    clock,
    sessions: createSessionManager(db, { secureCookies: config.https, adminsRequireSecondFactor: config.adminsRequireSecondFactor }),
    rateLimits: createRateLimiters(db, rateLimits, { secret, overrides: options.rateLimits ?? {}, clock }),
    secret,
    securityLog: createSecurityLog(db, secret, logger),
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : outboxMailer(db, config.dataDir, config.mailFrom, logger),
    subjects: createSubjects(subjectKinds),
    reportables: createReportables(reportableKinds),
    pages: config.pageCacheBytes > 0 ? createPageStore(config.pageCacheBytes, PAGE_MAX_AGE_MS) : null,
    nudgeJobs: () => {},
  };
}

/**
 * Every job kind's handler, assembled from the definitions each feature registers (its mail among
 * them). Each handler checks its payload against the kind's schema before running; scheduled
 * kinds queue their next run first.
 */
export function jobHandlers(deps: Deps): JobHandlers {
  const definitions: [string, JobDefinition<unknown>][] = [];
  const collect = (jobs: JobDefinitions) => {
    // Each definition is checked against its own kind's payload where it is declared; here they are only passed on.
    for (const [kind, definition] of Object.entries(jobs)) if (definition) definitions.push([kind, definition as unknown as JobDefinition<unknown>]);
  };
  for (const feature of features) collect(feature.jobs ?? {});

  const handlers: JobHandlers = {};
  for (const [kind, definition] of definitions) {
    if (handlers[kind]) throw new Error(`job kind ${kind} is registered twice`);
    const handler = bindJob(kind, definition, deps);
    const schedule = schedules.find((s) => s.kind === kind);
    handlers[kind] = schedule ? scheduled(deps.db, schedule, handler, () => deps.clock.now()) : handler;
  }
  for (const s of schedules) if (!handlers[s.kind]) throw new Error(`schedule ${s.kind} has no job of that kind`);
  for (const s of subscribers) {
    if (handlers[s.job]) throw new Error(`job kind ${s.job} is registered twice`);
    const handle = s.handle(deps);
    handlers[s.job] = bindJob(s.job, subscriberJob(handle), deps);
  }
  return handlers;
}

/** A subscriber's job: it carries the event's id only (the event row is the truth), and runs the subscriber on the event. */
const subscriberJob = (handle: (event: RecordedEvent) => Promise<void>) =>
  defineJob({
    payload: z.object({ eventId: z.number().int().positive() }),
    handle: (deps) => async ({ eventId }) => {
      const event = await loadEvent(deps.db, eventId);
      if (event) await handle(event); // an event erased since (its subject deleted) has nobody left to tell
    },
  });

/**
 * Starts every schedule's chain: queues the current period's run unless one is waiting
 * (idempotent: one run per period, whatever the instances, and one after downtime).
 */
export async function startSchedules(deps: Deps): Promise<void> {
  for (const s of schedules) await startSchedule(deps.db, s, deps.clock.now());
}
