import type { Db } from '../../../src/db/client.js';
import { ideaVotes } from '../../../src/db/schema/index.js';
import { insertOne } from './common.js';

type VoteOverrides = Partial<Pick<typeof ideaVotes.$inferInsert, 'createdAt'>>;

/** A support of `userId` for an idea (in the idea's challenge). */
export function buildVote(idea: { id: string; challengeId: string }, userId: string, overrides: VoteOverrides = {}) {
  return { ideaId: idea.id, challengeId: idea.challengeId, userId, ...overrides };
}

/**
 * A vote row. The idea's counts and the voter's budget (challenge_voters) are not touched: tests
 * of those go through the routes, or set them themselves.
 */
export async function createVote(db: Db, idea: { id: string; challengeId: string }, userId: string, overrides: VoteOverrides = {}) {
  return insertOne(db, ideaVotes, buildVote(idea, userId, overrides));
}
