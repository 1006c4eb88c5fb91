import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
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
