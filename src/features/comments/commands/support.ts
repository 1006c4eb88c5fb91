import { pageScope } from '../../../lib/page-versions.js';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { comments, subjects } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { NotFoundError } from '../../../lib/errors.js';
import type { DiscussionRef } from '../policy.js';

/**
 * The subject's comment rules now, read by its kind inside the command's transaction with the
 * subject's row locked (for an idea: against a withdrawal at the same moment), so comment
 * commands on one subject queue behind each other, then update its count without deadlocking.
 * Its `pages` are the page scopes a comment on it shows on (with the author's own page, the
 * comment commands bump them). Throws NotFoundError (unknown subject, a kind without discussion,
 * a draft).
 */
export async function lockDiscussion(deps: Deps, tx: Db, subjectId: string, now: Date): Promise<DiscussionRef & { pages: readonly string[]; premoderated: boolean }> {
  const [row] = await tx.select({ kind: subjects.kind }).from(subjects).where(eq(subjects.id, subjectId)).limit(1);
  const discussion = row ? deps.subjects.kind(row.kind)?.discussion : undefined;
  if (!discussion) throw new NotFoundError('subject');
  const state = await discussion.lock(tx, subjectId, now);
  if (!state.exists) throw new NotFoundError('subject');
  return { open: state.open, pages: state.pages, premoderated: state.premoderated ?? false };
}

/**
 * The pages a change to this comment shows on: its subject's (read with the subject's row locked,
 * as a post does) and its author's page.
 */
export async function commentPages(deps: Deps, tx: Db, comment: { subjectId: string; authorId: string | null }): Promise<string[]> {
  const { pages } = await lockDiscussion(deps, tx, comment.subjectId, deps.clock.now());
  return [...pages, ...(comment.authorId ? [pageScope.person(comment.authorId)] : [])];
}

/**
 * Keeps subjects.comment_count equal to the subject's comments that are not deleted, in the same
 * transaction as the post or the deletion (the one counter of comments, whatever the kind).
 * Returns the new count.
 */
export async function adjustCommentCount(tx: Db, subjectId: string, delta: 1 | -1): Promise<number> {
  const [row] = await tx
    .update(subjects)
    .set({ commentCount: sql`greatest(0, ${subjects.commentCount} + ${delta})` })
    .where(eq(subjects.id, subjectId))
    .returning({ n: subjects.commentCount });
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
      subjectId: comments.subjectId,
      authorId: comments.authorId,
      parentId: comments.parentId,
      threadId: comments.threadId,
      depth: comments.depth,
      createdAt: comments.createdAt,
      body: comments.body,
      deletedAt: comments.deletedAt,
      hiddenAt: comments.hiddenAt,
    })
    .from(comments)
    .where(eq(comments.id, id))
    .limit(1)
    .for('no key update');
  if (!row) throw new NotFoundError('comment');
  return row;
}
