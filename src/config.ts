import path from 'node:path';
import { z } from 'zod';

/** Unset and empty (`PORT=` in an env file) mean the same: the default. */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A whole number written in decimal digits (no "0x10", "1e3" or "3.5") within [min, max]. */
const integer = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(z.number().min(min, message).max(max, message))
      .default(fallback),
  );
};

// ---- The operator: who runs this site, named by the privacy notice and the accessibility statement ----

/** Optional one-line text (blank counts as unset). */
const optionalText = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().max(max, `must be at most ${max} characters`).optional());
const optionalEmail = z.preprocess(emptyToUndefined, z.email({ error: 'must be an email address, e.g. privacy@council.example' }).optional());

const operatorSchema = {
  /** The organisation that runs this site: the data controller (e.g. "Riverside Borough Council"). */
  OPERATOR_NAME: optionalText(200),
  /** Where people write about their data (and, unless ACCESSIBILITY_CONTACT_EMAIL says otherwise, about accessibility). */
  OPERATOR_CONTACT_EMAIL: optionalEmail,
  /** The operator's postal address, on one line (optional). */
  OPERATOR_ADDRESS: optionalText(300),
  /** Where to report an accessibility problem (default: OPERATOR_CONTACT_EMAIL). */
  ACCESSIBILITY_CONTACT_EMAIL: optionalEmail,
  /** The body that enforces accessibility rules where the site is run (default: a sentence that names none). */
  ACCESSIBILITY_ENFORCEMENT_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).optional()),
};

/** Who runs the site, as the privacy notice and the accessibility statement name them (null: not configured). */
export type Operator = {
  name: string | null;
  contactEmail: string | null;
  address: string | null;
  /** ACCESSIBILITY_CONTACT_EMAIL, else OPERATOR_CONTACT_EMAIL. */
  accessibilityEmail: string | null;
  enforcementUrl: string | null;
};

/**
 * What the start-up log warns about the operator's details: until the data controller and a
 * contact are configured, the privacy notice and the accessibility statement say that they are not.
 */
export function operatorWarnings(config: Pick<Config, 'operator'>): string[] {
  const { operator } = config;
  const missing = [!operator.name && 'OPERATOR_NAME', !operator.contactEmail && 'OPERATOR_CONTACT_EMAIL'].filter((v): v is string => Boolean(v));
  if (missing.length === 0) return [];
  return [
    `The operator of this site is not configured (set ${missing.join(' and ')}): the privacy notice names no data controller or contact, ` +
      'and the accessibility statement gives no contact; both pages say so to every visitor.',
  ];
}

const schema = z.object({
  PORT: integer(0, 65535, 3000),
  HOST: z.preprocess(emptyToUndefined, z.string().trim().optional()),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, e.g. https://ideas.example.gov' }).optional()),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().optional()),
  MIGRATION_DATABASE_URL: z.preprocess(emptyToUndefined, z.string().optional()),
  DATA_DIR: z.string().default('./data'),
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().optional()),
  MAIL_FROM: z.string().default('Commonwise <no-reply@commonwise.localhost>'),
  TRUST_PROXY: z
    .preprocess(emptyToUndefined, z.string().regex(/^(true|false|[0-9])$/, 'must be false, true, or the number of proxies in front (0–9)').optional())
    .transform((v) => (v === undefined || v === 'false' ? 0 : v === 'true' ? 1 : Number(v))),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DEMO: z
    .preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).optional())
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  DEMO_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(8, 'must be at least 8 characters long').max(256).optional()),
  BODY_LIMIT_KB: integer(1, 1024 * 1024, 256),
  JOBS: z
    .preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).optional())
    .transform((v) => v !== 'false' && v !== '0'),
  RETENTION_DAYS: integer(1, 3650, 30),
  PAGE_CACHE_MB: integer(0, 65536, 64),
  MODERATION_HOLD_REPORTS: integer(0, 1000, 3),
  MODERATION_ALERT_HOURS: integer(0, 24 * 365, 24),
  MODERATION_ERASE_DAYS: integer(0, 3650, 180),
  STEP_UP_SECONDS: integer(10, 24 * 3600, 900),
  ADMIN_SECOND_FACTOR: z.preprocess(emptyToUndefined, z.enum(['required', 'optional']).default('required')),
  TLS_CERT_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  TLS_KEY_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  SECRET_KEY: z.preprocess(emptyToUndefined, z.string().trim().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional()),
  ...operatorSchema,
});

/** The PEM files Node serves HTTPS with (src/tls.ts). */
export type TlsFiles = { certFile: string; keyFile: string };

export type Config = {
  port: number;
  /** HOST as set; unset, the server picks with listenHost() (loopback while demo content is present). */
  host: string | undefined;
  /** Canonical origin of the site, e.g. https://commonwise.example; used for links in mail and the CSRF origin check. */
  publicUrl: string;
  /** PUBLIC_URL was set: only its origin passes the CSRF origin check (otherwise the request's own origin). */
  publicUrlExplicit: boolean;
  /** True when PUBLIC_URL is https: cookies get Secure and HSTS is sent. */
  https: boolean;
  databaseUrl: string | undefined;
  /** The role that applies migrations at start-up (PostgreSQL only); unset, DATABASE_URL's role does (docs/security/deployment.md). */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Reverse proxies in front that append to X-Forwarded-For (0: none; the socket's address is the client's). */
  trustProxy: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Seed demo content into an empty database at start-up (default: only for the embedded database, and never in production). */
  demo: boolean;
  /** The demo accounts' password, for development and tests only; unset, one is generated when the demo is seeded and printed once. */
  demoPassword: string | undefined;
  bodyLimitBytes: number;
  /** Run the background job worker in this process. */
  jobs: boolean;
  /** How long expired sessions, tokens, submission keys, rate-limit counters and finished jobs are kept (daily housekeeping). */
  retentionDays: number;
  /** Memory for anonymous visitors' rendered pages, per process (0: no page cache). */
  pageCacheBytes: number;
  /** Reports from this many distinct trusted people hide content until a moderator decides (0: never held automatically). */
  holdReports: number;
  /** Moderators are mailed when reports or reviews have waited longer than this (0: never). */
  alertHours: number;
  /** Hidden content is erased this many days after the decision that hid it (0: kept for good). */
  eraseDays: number;
  /** Sensitive actions need a sign-in or re-authentication at most this long ago (the step-up). */
  stepUpSeconds: number;
  /** Platform admins must use a second factor (ADMIN_SECOND_FACTOR=required, the default): until they set one up, every page sends them to do it. */
  adminsRequireSecondFactor: boolean;
  /** TLS_CERT_FILE and TLS_KEY_FILE: Node serves HTTPS itself (src/tls.ts); unset, plain HTTP behind the operator's TLS proxy. */
  tls: TlsFiles | undefined;
  /** The secret of keyed hashes (rate-limit keys); unset: generated at first use into DATA_DIR/secret-key (src/lib/secret.ts). */
  secretKey: string | undefined;
  /** Who runs the site (the privacy notice's data controller, the accessibility statement's contact). */
  operator: Operator;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) throw new Error('Invalid configuration:\n  MIGRATION_DATABASE_URL: needs DATABASE_URL (the embedded database has no roles)');
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) throw new Error('Invalid configuration:\n  TLS_CERT_FILE, TLS_KEY_FILE: set both (Node serves HTTPS) or neither (plain HTTP behind your TLS proxy)');
  const tls = e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: path.resolve(e.TLS_CERT_FILE), keyFile: path.resolve(e.TLS_KEY_FILE) } : undefined;
  const publicUrl = (e.PUBLIC_URL ?? `${tls ? 'https' : 'http'}://localhost:${e.PORT}`).replace(/\/+$/, '');
  if (tls && !publicUrl.startsWith('https://')) throw new Error('Invalid configuration:\n  PUBLIC_URL: must be an https:// address when TLS_CERT_FILE is set (Node serves HTTPS)');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    publicUrlExplicit: e.PUBLIC_URL !== undefined,
    https: publicUrl.startsWith('https://'),
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    // Production never gets the demo by default (with HOST unset the demo keeps the server on loopback, so it is not production).
    demo: e.DEMO ?? (!e.DATABASE_URL && !isProduction({ nodeEnv: env['NODE_ENV'], host: e.HOST ?? DEMO_HOST })),
    demoPassword: e.DEMO_PASSWORD,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    jobs: e.JOBS,
    retentionDays: e.RETENTION_DAYS,
    pageCacheBytes: e.PAGE_CACHE_MB * 1024 * 1024,
    holdReports: e.MODERATION_HOLD_REPORTS,
    alertHours: e.MODERATION_ALERT_HOURS,
    eraseDays: e.MODERATION_ERASE_DAYS,
    adminsRequireSecondFactor: e.ADMIN_SECOND_FACTOR === 'required',
    stepUpSeconds: e.STEP_UP_SECONDS,
    tls,
    secretKey: e.SECRET_KEY,
    operator: {
      name: e.OPERATOR_NAME ?? null,
      contactEmail: e.OPERATOR_CONTACT_EMAIL ?? null,
      address: e.OPERATOR_ADDRESS ?? null,
      accessibilityEmail: e.ACCESSIBILITY_CONTACT_EMAIL ?? e.OPERATOR_CONTACT_EMAIL ?? null,
      enforcementUrl: e.ACCESSIBILITY_ENFORCEMENT_URL ?? null,
    },
  };
}

/** Where the server listens when HOST is unset and no demo content is present: every interface. */
export const DEFAULT_HOST = '0.0.0.0';
/** Where it listens when HOST is unset while demo content is present: this machine only. */
export const DEMO_HOST = '127.0.0.1';

/**
 * The interface to listen on. HOST, when set, decides; otherwise every interface, except while
 * demo content is present (its accounts have known addresses and one shared password): then
 * loopback only, so the quick start is never reachable from another machine by default.
 */
export function listenHost(config: Pick<Config, 'host'>, demoPresent: boolean): string {
  return config.host ?? (demoPresent ? DEMO_HOST : DEFAULT_HOST);
}

/** An address of this machine only (127.0.0.0/8, ::1, localhost). */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Production, for the start-up checks (src/startup-checks.ts): NODE_ENV=production, or listening
 * on an interface other machines can reach. A server on loopback without NODE_ENV is someone's
 * own machine (development, the demo, tests, benchmarks).
 */
export const isProduction = (where: { nodeEnv: string | undefined; host: string }) => where.nodeEnv === 'production' || !isLoopback(where.host);
