import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, ref, timestamptz } from './columns.js';
import { users } from './users.js';

/** Rate-limit counters (src/lib/rate-limit.ts), shared by all instances: attempts in the window, and when it ends. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    points: integer('points').notNull().default(0),
    expire: timestamptz('expire'),
  },
  (t) => [index('rate_limits_expire_idx').on(t.expire)], // housekeeping deletes expired counters
);

/** Guards against a form submitted twice: one key per form render (see src/lib/idempotency.ts). */
export const submissionKeys = pgTable(
  'submission_keys',
  {
    key: text('key').primaryKey(),
    userId: ref('user_id', () => users.id, 'cascade'),
    /** The id of what the first submission created: a repeat is answered with it. */
    resultId: text('result_id'),
    createdAt: createdAt(),
  },
  (t) => [index('submission_keys_created_idx').on(t.createdAt)],
);

/**
 * The security event log (src/lib/security-log.ts): sign-ins, sign-outs, password changes, ended
 * sessions, CSRF rejections, rate-limit hits, refusals and admin actions — who (a user id, kept
 * without a foreign key so the record outlives the account), from where (a keyed hash of the
 * address, never the address), when and with what outcome; never a secret, token or password.
 * Append-only: a trigger (migration 0021) refuses UPDATE, TRUNCATE and any DELETE of a row younger
 * than SECURITY_LOG_DAYS, whoever asks; the runtime role is also granted only INSERT and SELECT
 * (docs/security/deployment.md).
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamptz('at').notNull().defaultNow(),
    /** What happened, e.g. 'sign_in', 'csrf.rejected' (SecurityEventKind). */
    kind: text('kind').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    userId: uuid('user_id'),
    /** HMAC-SHA256 of the client address under the server's secret (base64url), or null (a job, the command line). */
    addressHash: text('address_hash'),
    requestId: text('request_id'),
    /** Codes and ids only (a route pattern, a limit's name, a count): never free text people typed. */
    detail: jsonb('detail').$type<Record<string, string | number | boolean>>().notNull().default({}),
  },
  (t) => [index('security_events_at_idx').on(t.at), index('security_events_user_idx').on(t.userId, t.at)],
);
