import { index, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { createdAt, ref } from './columns.js';
import { challenges } from './challenges.js';
import { ideas } from './ideas.js';
import { users } from './users.js';

/** Who follows which idea (notifications come later). */
export const ideaFollows = pgTable(
  'idea_follows',
  {
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ideaId] }), index('idea_follows_idea_idx').on(t.ideaId), index('idea_follows_user_created_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.ideaId)],
);

/** Who follows which challenge. */
export const challengeFollows = pgTable(
  'challenge_follows',
  {
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.challengeId] }),
    index('challenge_follows_challenge_idx').on(t.challengeId),
    index('challenge_follows_user_created_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.challengeId),
  ],
);
