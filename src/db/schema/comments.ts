import { type AnyPgColumn, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { CONTENT_LANGUAGES, createdAt, id, ref, timestamptz } from './columns.js';
import { subjects } from './subjects.js';
import { users } from './users.js';

/**
 * Threaded discussion on a subject (an idea today; any subject kind with a discussion). A top-level comment is its own thread (thread_id = id);
 * replies carry the thread's root and their depth. Deleting keeps the row as a tombstone
 * (deleted_at set, body emptied) so the thread still reads.
 */
export const comments = pgTable(
  'comments',
  {
    id: id(),
    subjectId: ref('subject_id', () => subjects.id, 'cascade').notNull(),
    authorId: ref('author_id', () => users.id, 'set null'),
    parentId: ref('parent_id', (): AnyPgColumn => comments.id, 'cascade'),
    threadId: uuid('thread_id').notNull(),
    depth: integer('depth').notNull().default(0),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** The language its author wrote it in (as ideas.language). */
    language: text('language', { enum: CONTENT_LANGUAGES }).notNull().default('en'),
    createdAt: createdAt(),
    editedAt: timestamptz('edited_at'),
    deletedAt: timestamptz('deleted_at'),
    /** Hidden by a moderator (src/features/moderation): shown as a tombstone naming the rule; the text is kept for appeals. */
    hiddenAt: timestamptz('hidden_at'),
    hiddenRule: text('hidden_rule'),
  },
  (t) => [
    index('comments_threads_idx').on(t.subjectId, t.createdAt, t.id).where(sql`parent_id IS NULL`),
    index('comments_replies_idx').on(t.threadId, t.createdAt, t.id),
    index('comments_author_idx').on(t.authorId, t.createdAt.desc().nullsFirst(), t.id),
  ],
);
