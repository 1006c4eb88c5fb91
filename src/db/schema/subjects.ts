import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';

/**
 * Everything people discuss, follow, report, are notified about and find: one row per idea,
 * challenge (and, later, results page, space thread, document, library entry). The subject's id
 * is the entity's own id: each subject table's primary key references subjects.id, and a trigger
 * on that table inserts the subject row before the entity and deletes it after (drizzle/0008).
 * Comments, follows, notifications and events refer to subjects with real foreign keys.
 * (docs/decisions/0036-subjects.md)
 */
export const subjects = pgTable('subjects', {
  id: uuid('id').primaryKey(),
  /** The registered kind ('idea', 'challenge', …): which feature resolves it (src/lib/subjects.ts). */
  kind: text('kind').notNull(),
  /** Comments not deleted; kept by the comment commands in the same transaction as the change. */
  commentCount: integer('comment_count').notNull().default(0),
  createdAt: createdAt(),
});

/**
 * A subject table's primary key: `id uuid PRIMARY KEY DEFAULT gen_random_uuid()` that is also
 * the subject's id (deleting the subject deletes the entity; the entity's delete trigger deletes
 * the subject).
 */
export const subjectId = () =>
  uuid('id')
    .primaryKey()
    .defaultRandom()
    .references(() => subjects.id, { onDelete: 'cascade' });
