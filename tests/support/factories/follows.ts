import type { Db } from '../../../src/db/client.js';
import { follows } from '../../../src/db/schema/index.js';
import { insertOne } from './common.js';

type FollowOverrides = { createdAt?: Date };

/** `userId` follows an idea (a row straight into the database, whatever the idea's state). */
export async function createIdeaFollow(db: Db, userId: string, ideaId: string, overrides: FollowOverrides = {}) {
  return insertOne(db, follows, { userId, subjectId: ideaId, ...overrides });
}

/** `userId` follows a challenge (a row straight into the database, whatever the challenge's state). */
export async function createChallengeFollow(db: Db, userId: string, challengeId: string, overrides: FollowOverrides = {}) {
  return insertOne(db, follows, { userId, subjectId: challengeId, ...overrides });
}
