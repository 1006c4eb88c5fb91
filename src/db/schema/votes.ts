import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from './columns.js';
import { challenges } from './challenges.js';
import { ideas } from './ideas.js';
import { users } from './users.js';

/** The anomaly report's signals, one of which led staff to set supports aside (src/features/votes/integrity.ts). */
export const SET_ASIDE_SIGNALS = ['burst', 'network', 'agent', 'single'] as const;
export type SetAsideSignal = (typeof SET_ASIDE_SIGNALS)[number];

/**
 * One decision of a council's staff to set supports aside (docs/decisions/0059-…): which signal,
 * why in words (shown to each affected person and in the challenge's integrity summary, so it
 * carries no personal data), how many supports, who and when.
 */
export const voteSetAsides = pgTable(
  'vote_set_asides',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    signal: text('signal', { enum: SET_ASIDE_SIGNALS }).notNull(),
    reason: text('reason').notNull(),
    supports: integer('supports').notNull(),
    decidedBy: ref('decided_by', () => users.id, 'set null'),
    createdAt: createdAt(),
  },
  (t) => [index('vote_set_asides_challenge_idx').on(t.challengeId, t.createdAt)],
);

/**
 * One row per (idea, supporter): the primary key makes a double vote impossible. The idea's
 * support_count is maintained from these rows in the vote's transaction: it counts the rows not
 * set aside. `network` and `agent` are keyed hashes of the supporter's network (the /24 or /48 of
 * their address, never the address) and of their browser's User-Agent string, written with the
 * vote for the anomaly report (src/features/votes/origin.ts); null when unknown.
 */
export const ideaVotes = pgTable(
  'idea_votes',
  {
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    createdAt: createdAt(),
    network: text('network'),
    agent: text('agent'),
    /** Set aside by the council's staff: no longer counted, and not given back to spend again. */
    setAsideId: ref('set_aside_id', () => voteSetAsides.id, 'no action'),
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
