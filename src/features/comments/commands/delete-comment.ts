import { eq } from 'drizzle-orm';
import { comments } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canDeleteComment } from '../policy.js';
import { adjustCommentCount, commentPages, lockComment } from './support.js';

/**
 * Who may: the author, once (canDeleteComment), at any time.
 * Invariants: the row stays as a tombstone (deleted_at set, body and body_html emptied) so its
 * replies still hang together; subjects.comment_count drops by one in the same transaction, and
 * the row lock makes a repeated deletion a refusal, never a second decrement.
 * Throws: NotFoundError, ForbiddenError.
 */
export async function deleteComment(deps: Deps, actor: Actor, commentId: string): Promise<{ id: string; subjectId: string; commentCount: number }> {
  return deps.db.transaction(async (tx) => {
    const comment = await lockComment(tx, commentId);
    const decision = canDeleteComment(actor, comment);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(comments).set({ deletedAt: deps.clock.now(), body: '', bodyHtml: '' }).where(eq(comments.id, comment.id));
    const commentCount = await adjustCommentCount(tx, comment.subjectId, -1);
    await recordEvent(tx, { actorId: actor!.id, name: 'comment.delete', entityType: 'comment', entityId: comment.id, subjectId: comment.subjectId, payload: {}, pages: await commentPages(deps, tx, comment) }, deps.clock.now());
    return { id: comment.id, subjectId: comment.subjectId, commentCount };
  });
}
