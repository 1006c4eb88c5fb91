import { index, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { createdAt, ref } from './columns.js';
import { subjects } from './subjects.js';
import { users } from './users.js';

/** Who follows which subject (an idea, a challenge, …): one table for every kind. */
export const follows = pgTable(
  'follows',
  {
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    subjectId: ref('subject_id', () => subjects.id, 'cascade').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.subjectId] }),
    index('follows_subject_idx').on(t.subjectId),
    index('follows_user_created_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.subjectId),
  ],
);
