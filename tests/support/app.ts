import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { buildDeps, jobHandlers } from '../../src/deps.js';
import { drainJobs } from '../../src/jobs/queue.js';
import type { Deps } from '../../src/lib/deps.js';
import { settableClock, type SettableClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { handledSecret, logFileFor } from './secrets.js';
import type { RateLimitRule } from '../../src/lib/rate-limit.js';
import { rateLimits } from '../../src/registry.js';
import { openTestDatabase } from './db.js';
import { readMails } from '../e2e/support/mail.js';

export const ORIGIN = 'http://localhost';

/** The header htmx sends with each request it makes. */
export const HX = { 'HX-Request': 'true' };

/**
 * The code of the one-time link to `path` in a mail's text: what follows its '#' (decision 0068),
 * e.g. codeIn(mail.text, '/reset-password'). The mail must also give it on a line of its own, for
 * pasting without JavaScript.
 */
export function codeIn(text: string, path: '/verify-email' | '/reset-password'): string {
  const m = new RegExp(`${ORIGIN}${path}#([A-Za-z0-9_-]+)\n`).exec(text);
  if (!m?.[1]) throw new Error(`no ${path} link in: ${text}`);
  if (!text.includes(`\n\n${m[1]}\n\n`)) throw new Error(`the code of the ${path} link is not given for pasting in: ${text}`);
  handledSecret(m[1]);
  return m[1];
}

/** Generous limits so tests are not throttled by each other; rate-limit tests pass their own. */
export const relaxedLimits: Record<string, RateLimitRule> = Object.fromEntries(rateLimits.map((l) => [l.name, { points: 10_000, duration: 60 }]));

export type TestEnv = {
  app: App;
  deps: Deps;
  database: Database;
  config: Config;
  /** The app's clock: real time until a test moves it (reset() brings it back). */
  clock: SettableClock;
  /** Runs queued jobs (mail) now. */
  drainJobs(): Promise<number>;
  /**
   * Most recent messages as sent, newest first: read from the development mail spool, the one
   * place a one-time link is kept whole (the outbox table masks them).
   */
  mails(): Promise<{ to: string; subject: string; text: string }[]>;
  /** The app's most recent log lines (JSON, oldest first; at most LOG_LINES_KEPT). */
  logs(): string[];
  /** Counts the database queries `fn` issues (e.g. one page request). */
  countQueries(fn: () => Promise<unknown>): Promise<number>;
  /** The queries `fn` issues, with their parameters. */
  captureQueries(fn: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]>;
  close(): Promise<void>;
};

export type EnvOptions = { rateLimits?: Record<string, RateLimitRule>; env?: Record<string, string> };

/** An app with its own fresh database (see openTestDatabase) and data directory. */
export async function createTestEnv(options: EnvOptions = {}): Promise<TestEnv> {
  let capture: { sql: string; params: unknown[] }[] | undefined;
  let queries = 0;
  const database = await openTestDatabase((sql, params) => {
    queries++;
    capture?.push({ sql, params });
  });
  return buildEnv(database, options, {
    async countQueries(fn) {
      const before = queries;
      await fn();
      return queries - before;
    },
    async captureQueries(fn) {
      capture = [];
      try {
        await fn();
        return capture;
      } finally {
        capture = undefined;
      }
    },
    closeDatabase: true,
  });
}

const LOG_LINES_KEPT = 2000;

/** With TEST_LOG_DIR set (CI), every test app's log lines also go to one file per test process there (see secrets.ts). */
const logPath = logFileFor(`log-${process.pid}.jsonl`);
const logFile = logPath ? fs.createWriteStream(logPath, { flags: 'a' }) : undefined;

function buildEnv(
  database: Database,
  options: EnvOptions,
  extra: Pick<TestEnv, 'countQueries' | 'captureQueries'> & { closeDatabase: boolean },
): TestEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-test-'));
  // Platform admins' second factor is optional here (the default, required, is tested with it set: tests/integration/second-factor.test.ts).
  const config = loadConfig({ PUBLIC_URL: ORIGIN, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_SECOND_FACTOR: 'optional', ...options.env });
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => {
    lines.push(line);
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
    logFile?.write(`${line}\n`);
  });
  const clock = settableClock();
  const deps = buildDeps(config, database, logger, { rateLimits: options.rateLimits ?? relaxedLimits, clock });
  return {
    app: createApp(deps),
    deps,
    database,
    config,
    clock,
    drainJobs: () => drainJobs(deps.db, jobHandlers(deps), logger),
    mails: async () => readMails(dataDir).reverse().slice(0, 50),
    logs: () => [...lines],
    countQueries: extra.countQueries,
    captureQueries: extra.captureQueries,
    async close() {
      if (extra.closeDatabase) await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Res = Response & { text(): Promise<string> };

/** Cookies, form fields and link parts that hold secrets (noted for .ci/check-logs.ts). */
const SECRET_COOKIES = new Set(['cw_session', '__Host-cw_session', 'cw_csrf']);
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', 'token', '_csrf']);
function noteSecretsIn(url: string) {
  // No link of ours carries one (decision 0068); a test that puts one in a query still has it checked.
  handledSecret(new URL(url, ORIGIN).searchParams.get('token') ?? undefined);
}

/**
 * A browser-like client over app.request(): keeps cookies, sends our Origin, and fills in the
 * CSRF token the way a form on the page would.
 */
export class Client {
  readonly cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(
    readonly app: App,
    readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
      if (!expired && SECRET_COOKIES.has(name)) handledSecret(decodeURIComponent(value));
      if (name === 'cw_session' || name === 'cw_csrf') this.csrf = undefined;
    }
  }

  async request(method: string, url: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Res> {
    noteSecretsIn(url);
    const res = await this.app.request(url, {
      method,
      ...(init.body !== undefined ? { body: init.body } : {}),
      headers: { Origin: ORIGIN, ...this.headers, ...(this.cookies.size ? { Cookie: this.cookieHeader() } : {}), ...init.headers },
    });
    this.remember(res);
    return res as Res;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request('GET', url, { headers });
  }

  /** The CSRF token a page would carry for this client. */
  async csrfToken(): Promise<string> {
    if (this.csrf) return this.csrf;
    // Signed in, every page's header has a form (the language switch); a visitor's pages hold no token but the sign-in form's.
    const token = async (path: string) => /name="_csrf" value="([^"]+)"/.exec(await (await this.get(path)).text());
    const m = (await token('/privacy')) ?? (await token('/sign-in'));
    if (!m?.[1]) throw new Error('no CSRF token on the page');
    this.csrf = m[1];
    handledSecret(this.csrf);
    return this.csrf;
  }

  /** Submits a form as a browser would (with the CSRF token unless `_csrf` is given). */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<Res> {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', await this.csrfToken());
    for (const [k, v] of Object.entries(form))
      for (const item of Array.isArray(v) ? v : [v]) {
        body.append(k, item);
        if (SECRET_FIELDS.has(k)) handledSecret(item);
      }
    return this.request('POST', url, { body: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** The hidden submission key of the form on the page at `url` (it guards against repeated submits). */
  async submissionKey(url: string): Promise<string> {
    const res = await this.get(url);
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    const m = /name="submissionKey" value="([^"]+)"/.exec(await res.text());
    if (!m?.[1]) throw new Error(`no submission key on ${url}`);
    return m[1];
  }

  async signIn(email: string, password: string): Promise<Res> {
    const res = await this.post('/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
    return res;
  }
}

// ---- Several apps on one database (other settings, a broken dependency) ----

/**
 * Another app on the same database as `base`, with other settings (e.g. `env: { PUBLIC_URL:
 * 'https://commonwise.test' }`): saves opening a second database. close() leaves the database open.
 */
export function createTestEnvOn(base: TestEnv, options: EnvOptions = {}): TestEnv {
  return buildEnv(base.database, options, { countQueries: base.countQueries, captureQueries: base.captureQueries, closeDatabase: false });
}

/** A Client signed in from the start, that knows its session's CSRF token without fetching a page. */
export class SessionClient extends Client {
  constructor(
    app: App,
    readonly sessionToken: string,
    headers: Record<string, string> = {},
  ) {
    super(app, headers);
  }
  override async csrfToken(): Promise<string> {
    return this.sessionToken;
  }
  /** False once a response ended the session (sign-out, password change…). */
  get signedIn() {
    return this.cookies.has('cw_session');
  }
}

/** A signed-in Client for `userId` without going through the sign-in form (no password hashing): a fresh session each call. */
export async function sessionClient(env: TestEnv, userId: string, headers: Record<string, string> = {}): Promise<SessionClient> {
  const { cookie, session } = await env.deps.sessions.create(userId, { device: 'Chrome · Linux' });
  const c = new SessionClient(env.app, session.csrfToken, headers);
  handledSecret(session.csrfToken);
  const [pair = ''] = cookie.split(';');
  const eq = pair.indexOf('=');
  c.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  return c;
}
