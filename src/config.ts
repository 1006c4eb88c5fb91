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

const schema = z.object({
  PORT: integer(0, 65535, 3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, e.g. https://ideas.example.gov' }).optional()),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().optional()),
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
  BODY_LIMIT_KB: integer(1, 1024 * 1024, 256),
  JOBS: z
    .preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).optional())
    .transform((v) => v !== 'false' && v !== '0'),
  RETENTION_DAYS: integer(1, 3650, 30),
  SECRET_KEY: z.preprocess(emptyToUndefined, z.string().trim().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional()),
});

export type Config = {
  port: number;
  host: string;
  /** Canonical origin of the site, e.g. https://commonwise.example; used for links in mail and the CSRF origin check. */
  publicUrl: string;
  /** PUBLIC_URL was set: only its origin passes the CSRF origin check (otherwise the request's own origin). */
  publicUrlExplicit: boolean;
  /** True when PUBLIC_URL is https: cookies get Secure and HSTS is sent. */
  https: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Reverse proxies in front that append to X-Forwarded-For (0: none; the socket's address is the client's). */
  trustProxy: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Seed demo content into an empty database at start-up (default: only for the embedded database). */
  demo: boolean;
  bodyLimitBytes: number;
  /** Run the background job worker in this process. */
  jobs: boolean;
  /** How long expired sessions, tokens, submission keys, rate-limit counters and finished jobs are kept (daily housekeeping). */
  retentionDays: number;
  /** The secret of keyed hashes (rate-limit keys); unset: generated at first use into DATA_DIR/secret-key (src/lib/secret.ts). */
  secretKey: string | undefined;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    publicUrlExplicit: e.PUBLIC_URL !== undefined,
    https: publicUrl.startsWith('https://'),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO ?? !e.DATABASE_URL,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    jobs: e.JOBS,
    retentionDays: e.RETENTION_DAYS,
    secretKey: e.SECRET_KEY,
  };
}
