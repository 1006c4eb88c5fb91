import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { comments } from '../../../db/schema/index.js';
import { audit } from '../../../lib/audit.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { claimSubmission } from '../../../lib/idempotency.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { canComment, canReply } from '../policy.js';
import { adjustCommentCount, lockDiscussion } from './support.js';

export type PostCommentInput = { body: string; parentId: string | null; submissionKey: string };
export type PostCommentResult = { id: string; created: boolean; parentId: string | null; threadId: string; createdAt: Date; commentCount: number | null };

/**
 * Who may: a signed-in person with a confirmed e-mail address, on a published idea of a
 * challenge that is not archived (canComment); a reply also needs a parent of the same idea,
 * not deleted and not already at the deepest level (canReply).
 * Invariants: one comment per rendered form — the form's submission key is claimed in the same
 * transaction (src/lib/idempotency.ts), so a repeat answers with the first comment
 * (`created: false`) and counts nothing. The markdown is rendered (sanitised) once, here.
 * ideas.comment_count grows in the same transaction, with the audit row.
 * Throws: NotFoundError (idea; a parent that is not a comment of this idea), ForbiddenError,
 * ConflictError (a key used by someone else, or for another idea).
 */
export async function postComment(deps: Deps, actor: Actor, ideaId: string, input: PostCommentInput): Promise<PostCommentResult> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  return deps.db.transaction(async (tx) => {
    // Millisecond timestamps (a JS Date) from the clock.
    const createdAt = deps.clock.now();
    const discussion = await lockDiscussion(tx, ideaId, createdAt);
    const id: string = randomUUID();
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

    const claim = await claimSubmission(tx, { scope: 'comment', key: input.submissionKey, userId: actor.id, resultId: id });
    if (!claim.first) {
      // The same form again (double click, resend): the first submit's comment.
      const [existing] = await tx
        .select({ ideaId: comments.ideaId, parentId: comments.parentId, threadId: comments.threadId, createdAt: comments.createdAt })
        .from(comments)
        .where(eq(comments.id, claim.resultId))
        .limit(1);
      if (!existing || existing.ideaId !== ideaId) throw new ConflictError('form.repeatedKey');
      return { id: claim.resultId, created: false, parentId: existing.parentId, threadId: existing.threadId, createdAt: existing.createdAt, commentCount: null };
    }
    await tx
      .insert(comments)
      .values({ id, ideaId, authorId: actor.id, parentId: input.parentId, threadId, depth, body: input.body, bodyHtml: renderMarkdown(input.body), createdAt });
    const commentCount = await adjustCommentCount(tx, ideaId, 1);
    await audit(tx, { actorId: actor.id, action: 'comment.post', entityType: 'comment', entityId: id, data: { ideaId, parentId: input.parentId, depth } });
    return { id, created: true, parentId: input.parentId, threadId, createdAt, commentCount };
  });
}
