import type { Context } from 'hono';
import type { SessionInfo, SessionManager, SessionUser } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Locale, T } from '../i18n/index.js';
import type { Logger } from './logger.js';
import type { RateLimiters } from './rate-limit.js';
import type { Mailer } from '../jobs/mail.js';
import type { Flash } from '../../views/layout/types.js';
import type { MembershipRow } from '../features/organisations/queries.js';

/** Everything the app needs from outside; built by server.ts (or a test). */
export type Deps = {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  logger: Logger;
  sessions: SessionManager;
  rateLimits: RateLimiters;
  mailer: Mailer;
  /** Wakes the job worker after something was enqueued (no-op when there is no worker). */
  nudgeJobs(): void;
};

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    locale: Locale;
    t: T;
    user: SessionUser | null;
    session: SessionInfo | null;
    csrfToken: string;
    flash: Flash | null;
    secureHeadersNonce?: string;
    /** The signed-in viewer's memberships looked up during this request, by organisation id (see viewerMembership). */
    viewerMemberships?: Map<string, Promise<MembershipRow | null>>;
  };
};

export type AppContext = Context<AppEnv>;
