import { index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { createdAt, ref } from './columns.js';
import { challenges } from './challenges.js';
import { ideas } from './ideas.js';
import { users } from './users.js';

/**
 * One row per (idea, supporter): the primary key makes a double vote impossible. The idea's
 * support_count is maintained from these rows in the vote's transaction.
 */
export const ideaVotes = pgTable(
  'idea_votes',
  {
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.userId] }),
    index('idea_votes_challenge_user_idx').on(t.challengeId, t.userId),
    index('idea_votes_idea_created_idx').on(t.ideaId, t.createdAt),
    index('idea_votes_created_idx').on(t.createdAt),
    index('idea_votes_user_created_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.ideaId),
  ],
);

/**
 * A person's supports used in a challenge (votes on ideas that are not withdrawn): the row the
 * budget check updates, so concurrent supports by one person serialise on it.
 */
export const challengeVoters = pgTable(
  'challenge_voters',
  {
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    votesUsed: integer('votes_used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.userId] })],
);
