import { eq } from 'drizzle-orm';
import { comments } from '../../../db/schema/index.js';
import { audit } from '../../../lib/audit.js';
import type { Deps } from '../../../lib/context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { canComment, canReply } from '../policy.js';
import { adjustCommentCount, commentIdFor, lockDiscussion } from './support.js';

export type PostCommentInput = { body: string; parentId: string | null; submissionKey: string };
export type PostCommentResult = { id: string; created: boolean; parentId: string | null; threadId: string; createdAt: Date; commentCount: number | null };

/**
 * Who may: a signed-in person with a confirmed e-mail address, on a published idea of a
 * challenge that is not archived (canComment); a reply also needs a parent of the same idea,
 * not deleted and not already at the deepest level (canReply).
 * Invariants: one comment per rendered form — its id is derived from the person and the form's
 * submission key and inserted with ON CONFLICT DO NOTHING, so a repeat returns the first
 * (`created: false`) and counts nothing. The markdown is rendered (sanitised) once, here.
 * ideas.comment_count grows in the same transaction, with the audit row.
 * Throws: NotFoundError (idea; a parent that is not a comment of this idea), ForbiddenError,
 * ConflictError (the derived id belongs to another idea: the key was reused elsewhere).
 */
export async function postComment(deps: Deps, actor: Actor, ideaId: string, input: PostCommentInput): Promise<PostCommentResult> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  const id = commentIdFor(actor.id, input.submissionKey);
  return deps.db.transaction(async (tx) => {
    const discussion = await lockDiscussion(tx, ideaId);
    let threadId = id;
    let depth = 0;
    if (input.parentId) {
      if (!isUuid(input.parentId)) throw new NotFoundError('comment');
      const [parent] = await tx
        .select({ ideaId: comments.ideaId, threadId: comments.threadId, depth: comments.depth, deletedAt: comments.deletedAt })
        .from(comments)
        .where(eq(comments.id, input.parentId))
        .limit(1);
      if (!parent || parent.ideaId !== ideaId) throw new NotFoundError('comment');
      const decision = canReply(actor, discussion, parent);
      if (!decision.ok) throw new ForbiddenError(decision.reason);
      threadId = parent.threadId;
      depth = parent.depth + 1;
    } else {
      const decision = canComment(actor, discussion);
      if (!decision.ok) throw new ForbiddenError(decision.reason);
    }

    // Millisecond timestamps (a JS Date), like the cursors that compare them.
    const createdAt = new Date();
    const [inserted] = await tx
      .insert(comments)
      .values({ id, ideaId, authorId: actor.id, parentId: input.parentId, threadId, depth, body: input.body, bodyHtml: renderMarkdown(input.body), createdAt })
      .onConflictDoNothing()
      .returning({ id: comments.id });
    if (!inserted) {
      // The same form again (double click, resend): the first submit's comment.
      const [existing] = await tx
        .select({ ideaId: comments.ideaId, parentId: comments.parentId, threadId: comments.threadId, createdAt: comments.createdAt })
        .from(comments)
        .where(eq(comments.id, id))
        .limit(1);
      if (!existing || existing.ideaId !== ideaId) throw new ConflictError('comments.done.repeated');
      return { id, created: false, parentId: existing.parentId, threadId: existing.threadId, createdAt: existing.createdAt, commentCount: null };
    }
    const commentCount = await adjustCommentCount(tx, ideaId, 1);
    await audit(tx, { actorId: actor.id, action: 'comment.post', entityType: 'comment', entityId: id, data: { ideaId, parentId: input.parentId, depth } });
    return { id, created: true, parentId: input.parentId, threadId, createdAt, commentCount };
  });
}
