import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../src/db/client.js';
import { ideas, ideaTopics, topics } from '../../../src/db/schema/index.js';
import { insertOne, unique } from './common.js';

export type IdeaOverrides = Partial<Omit<typeof ideas.$inferInsert, 'challengeId' | 'authorId'>>;

/** A published idea (status submitted) in a challenge. */
export function buildIdea(challengeId: string, authorId: string | null, overrides: IdeaOverrides = {}) {
  return {
    title: `Idea ${unique()}`,
    summary: 'A test idea.',
    status: 'submitted' as const,
    publishedAt: new Date(),
    ...overrides,
    challengeId,
    authorId,
  };
}

/**
 * An idea row (see buildIdea). Counts on the challenge are not touched: tests that check
 * challenges.idea_count go through the submit command instead.
 */
export async function createIdea(db: Db, challengeId: string, authorId: string | null, overrides: IdeaOverrides = {}) {
  return insertOne(db, ideas, buildIdea(challengeId, authorId, overrides));
}

/** Topic rows for ideas (one per idea and topic), with each idea's challenge and shuffle key as the submit command writes them. */
export async function createIdeaTopics(db: Db, ideaIds: string[], topicIds: number[]) {
  for (const ideaId of ideaIds)
    await db
      .insert(ideaTopics)
      .select(
        db
          .select({ ideaId: ideas.id, topicId: topics.id, challengeId: ideas.challengeId, shuffleKey: ideas.shuffleKey })
          .from(ideas)
          .innerJoin(topics, inArray(topics.id, topicIds))
          .where(eq(ideas.id, ideaId)),
      );
}
