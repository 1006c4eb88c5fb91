import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ref, timestamptz } from './columns.js';
import { challenges } from './challenges.js';
import { subjects } from './subjects.js';
import { users } from './users.js';

/**
 * What happened: one typed domain event per command, written in the command's transaction
 * (src/jobs/events.ts). It is the audit log, and the outbox subscribers are fed from (through
 * jobs queued in the same transaction). Payloads hold ids and codes, never people's text or
 * personal data, so an account can be erased without rewriting history.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** entity.verb, e.g. "comment.post" (the union EventName in src/jobs/events.ts). */
    name: text('name').notNull(),
    actorId: ref('actor_id', () => users.id, 'set null'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** The subject the event is about (an idea for a comment on it), when there is one. */
    subjectId: ref('subject_id', () => subjects.id, 'set null'),
    payload: jsonb('payload').notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('events_occurred_at_idx').on(t.occurredAt),
    index('events_entity_idx').on(t.entityType, t.entityId),
    index('events_subject_idx').on(t.subjectId, t.id).where(sql`subject_id IS NOT NULL`),
  ],
);

/** In-app notifications: one row per person and event, written by the notifications subscriber. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** What it is about; null: about the person's own account or their reports on something that is not a subject (a profile). */
    subjectId: ref('subject_id', () => subjects.id, 'cascade'),
    /** Why this person hears of it: 'reply', 'author' or 'follower'. */
    reason: text('reason').notNull(),
    /** What it says: a message key and its parameters (codes and ids, never people's words). */
    message: text('message').notNull(),
    params: jsonb('params').notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    readAt: timestamptz('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_event_key').on(t.userId, t.eventId),
    index('notifications_user_newest_idx').on(t.userId, t.id.desc().nullsFirst()),
    index('notifications_unread_idx').on(t.userId).where(sql`read_at IS NULL`),
    // Housekeeping deletes notifications read long ago.
    index('notifications_read_at_idx').on(t.readAt).where(sql`read_at IS NOT NULL`),
  ],
);

/**
 * A challenge's dated milestones (ideas open, voting opens, voting closes, results) already
 * announced: the primary key makes each one recorded once, whatever the workers or the downtime.
 */
export const challengeMilestones = pgTable(
  'challenge_milestones',
  {
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    milestone: text('milestone').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).references(() => events.id, { onDelete: 'set null' }),
    recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.milestone] })],
);
