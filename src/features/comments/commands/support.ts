import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { comments, ideas } from '../../../db/schema/index.js';
import { NotFoundError } from '../../../lib/errors.js';
import type { IdeaStatus } from '../../../db/schema/ideas.js';
import { challengePhase, getChallenge } from '../../challenges/index.js';
import type { DiscussionRef } from '../policy.js';

/**
 * The idea's status and its challenge's phase, read inside the command's transaction with the
 * idea's row locked against concurrent changes (a withdrawal takes FOR UPDATE), so a comment is
 * never posted on an idea withdrawn at the same moment. Comment commands on one idea queue
 * behind each other here, then update its comment_count without deadlocking.
 * Throws NotFoundError (no idea, a draft challenge).
 */
export async function lockDiscussion(tx: Db, ideaId: string, now: Date): Promise<DiscussionRef & { ideaId: string }> {
  const [idea] = await tx
    .select({ id: ideas.id, status: ideas.status, challengeId: ideas.challengeId })
    .from(ideas)
    .where(eq(ideas.id, ideaId))
    .limit(1)
    .for('no key update');
  if (!idea) throw new NotFoundError('idea');
  const challenge = await getChallenge(tx, idea.challengeId);
  if (!challenge || challenge.status === 'draft') throw new NotFoundError('challenge');
  return { ideaId: idea.id, ideaStatus: idea.status as IdeaStatus, phase: challengePhase(challenge, now).phase };
}

/**
 * Keeps ideas.comment_count equal to the idea's comments that are not deleted, in the same
 * transaction as the post or the deletion (the comments feature owns this column of ideas).
 * Returns the new count.
 */
export async function adjustCommentCount(tx: Db, ideaId: string, delta: 1 | -1): Promise<number> {
  const [row] = await tx
    .update(ideas)
    .set({ commentCount: sql`greatest(0, ${ideas.commentCount} + ${delta})` })
    .where(eq(ideas.id, ideaId))
    .returning({ n: ideas.commentCount });
  return row?.n ?? 0;
}

/**
 * The comment row, locked for the rest of the transaction (two deletions cannot both decrement).
 * FOR NO KEY UPDATE, not FOR UPDATE: a reply being posted under it holds a KEY SHARE lock through
 * its foreign key, which this does not wait for (and so cannot deadlock with the idea's row lock).
 */
export async function lockComment(tx: Db, id: string) {
  const [row] = await tx
    .select({
      id: comments.id,
      ideaId: comments.ideaId,
      authorId: comments.authorId,
      parentId: comments.parentId,
      threadId: comments.threadId,
      depth: comments.depth,
      createdAt: comments.createdAt,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .where(eq(comments.id, id))
    .limit(1)
    .for('no key update');
  if (!row) throw new NotFoundError('comment');
  return row;
}
