import { index, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { challenges } from './challenges.js';
import { ideas } from './ideas.js';
import { users } from './users.js';

/** Who follows which idea (notifications come later). */
export const ideaFollows = pgTable(
  'idea_follows',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ideaId: uuid('idea_id')
      .notNull()
      .references(() => ideas.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ideaId] }), index('idea_follows_idea_idx').on(t.ideaId), index('idea_follows_user_created_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.ideaId)],
);

/** Who follows which challenge. */
export const challengeFollows = pgTable(
  'challenge_follows',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.challengeId] }),
    index('challenge_follows_challenge_idx').on(t.challengeId),
    index('challenge_follows_user_created_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.challengeId),
  ],
);
