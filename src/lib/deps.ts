import type { PageStore } from './page-store.js';
import type { SessionManager } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Mailer } from './mailer.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { RateLimiters } from './rate-limit.js';
import type { Subjects } from './subjects.js';
import type { Reportables } from './reportables.js';
import type { SecurityLog } from './security-log.js';

/** Everything the app needs from outside; built by src/deps.ts for the server, the CLI and tests alike. */
export type Deps = {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  logger: Logger;
  /** The time as commands, policies and pages see it (tests set it instead of sleeping). */
  clock: Clock;
  sessions: SessionManager;
  rateLimits: RateLimiters;
  /** The server's secret for keyed hashes (src/lib/secret.ts): rate-limit keys, the networks and browsers of votes. */
  secret: () => string;
  /** The append-only security event log (src/lib/security-log.ts). */
  securityLog: SecurityLog;
  mailer: Mailer;
  /** The registered subject kinds (src/lib/subjects.ts). */
  subjects: Subjects;
  /** The registered kinds of reportable content (src/lib/reportables.ts). */
  reportables: Reportables;
  /** Anonymous visitors' rendered pages (src/http/page-cache.ts), or null when PAGE_CACHE_MB=0. */
  pages: PageStore | null;
  /** Wakes the job worker after something was enqueued (no-op when there is no worker). */
  nudgeJobs(): void;
};
