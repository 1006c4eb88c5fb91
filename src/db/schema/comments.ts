import { type AnyPgColumn, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ideas } from './ideas.js';
import { users } from './users.js';

/**
 * Threaded discussion on an idea. A top-level comment is its own thread (thread_id = id);
 * replies carry the thread's root and their depth. Deleting keeps the row as a tombstone
 * (deleted_at set, body emptied) so the thread still reads.
 */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ideaId: uuid('idea_id')
      .notNull()
      .references(() => ideas.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    threadId: uuid('thread_id').notNull(),
    depth: integer('depth').notNull().default(0),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('comments_threads_idx').on(t.ideaId, t.createdAt, t.id).where(sql`parent_id IS NULL`),
    index('comments_replies_idx').on(t.threadId, t.createdAt, t.id),
    index('comments_author_idx').on(t.authorId, t.createdAt.desc().nullsFirst(), t.id),
  ],
);
