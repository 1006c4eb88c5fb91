import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, bigserial } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamptz } from './columns.js';

/** Background work, claimed with FOR UPDATE SKIP LOCKED (see src/jobs/queue.ts). */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    /** Makes enqueueing idempotent: a second job with the same key is not created. */
    dedupeKey: text('dedupe_key'),
    runAt: timestamptz('run_at').notNull().default(sql`now()`),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    lockedUntil: timestamptz('locked_until'),
    lastError: text('last_error'),
    doneAt: timestamptz('done_at'),
    failedAt: timestamptz('failed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key_key').on(t.dedupeKey),
    index('jobs_pending_idx').on(t.runAt).where(sql`done_at IS NULL AND failed_at IS NULL`),
    // Housekeeping deletes finished jobs by age.
    index('jobs_done_at_idx').on(t.doneAt).where(sql`done_at IS NOT NULL`),
    index('jobs_failed_at_idx').on(t.failedAt).where(sql`failed_at IS NOT NULL`),
  ],
);

/** Messages "sent" when no SMTP server is configured, readable by platform admins. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: id(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    file: text('file'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_messages_created_at_idx').on(t.createdAt)],
);
