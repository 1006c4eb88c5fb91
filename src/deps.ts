import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createSessionManager } from './auth/sessions.js';
import { createRateLimiters, rateLimitRules } from './lib/rate-limit.js';
import { outboxMailer, sendMailJob, smtpMailer } from './jobs/mail.js';
import type { JobHandlers } from './jobs/queue.js';
import { TRENDING_JOB, trendingJob } from './features/votes/trending.js';
import type { Deps } from './lib/context.js';
import type { Logger } from './lib/logger.js';

/** Wires the app's dependencies from config and an open database (server, CLI and tests alike). */
export function buildDeps(config: Config, database: Database, logger: Logger, options: { rateLimits?: typeof rateLimitRules } = {}): Deps {
  const { db } = database;
  return {
    config,
    db,
    dbKind: database.kind,
    logger,
    sessions: createSessionManager(db, { secureCookies: config.https }),
    rateLimits: createRateLimiters(db, options.rateLimits),
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : outboxMailer(db, config.dataDir, config.mailFrom, logger),
    nudgeJobs: () => {},
  };
}

export function jobHandlers(deps: Deps): JobHandlers {
  return { 'mail.send': sendMailJob(deps.mailer), [TRENDING_JOB]: trendingJob(deps.db) };
}
