import { pageScope } from '../../../lib/page-versions.js';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ContentLanguage } from '../../../db/schema/columns.js';
import { comments } from '../../../db/schema/index.js';
import { writtenIn } from '../../../lib/content-language.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { claimSubmission } from '../../../lib/idempotency.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { canComment, canReply } from '../policy.js';
import { adjustCommentCount, lockDiscussion } from './support.js';
import { holdForReview, holdReasonFor } from '../../moderation/index.js';

export type PostCommentInput = { body: string; parentId: string | null; submissionKey: string; language?: ContentLanguage | undefined };
/** `held`: it waits for a moderator before it appears (pre-moderation, or links from a new account). */
export type PostCommentResult = { id: string; created: boolean; parentId: string | null; threadId: string; createdAt: Date; commentCount: number | null; held?: boolean };

/**
 * Who may: a signed-in person with a confirmed e-mail address, on a subject whose kind takes
 * comments now (canComment; for an idea: published, in a challenge not archived); a reply also
 * needs a parent on the same subject, not deleted and not already at the deepest level (canReply).
 * Invariants: one comment per rendered form — the form's submission key is claimed in the same
 * transaction (src/lib/idempotency.ts), so a repeat answers with the first comment
 * (`created: false`) and counts nothing. The markdown is rendered (sanitised) once, here. Its
 * language is the form's, else the author's interface language (writtenIn).
 * subjects.comment_count grows in the same transaction, with the 'comment.post' event.
 * Throws: NotFoundError (subject; a parent that is not a comment on it), ForbiddenError,
 * ConflictError (a key used by someone else, or for another subject).
 */
export async function postComment(deps: Deps, actor: Actor, subjectId: string, input: PostCommentInput): Promise<PostCommentResult> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  return deps.db.transaction(async (tx) => {
    // Millisecond timestamps (a JS Date) from the clock.
    const createdAt = deps.clock.now();
    const discussion = await lockDiscussion(deps, tx, subjectId, createdAt);
    const id: string = randomUUID();
    let threadId = id;
    let depth = 0;
    if (input.parentId) {
      if (!isUuid(input.parentId)) throw new NotFoundError('comment');
      const [parent] = await tx
        .select({ subjectId: comments.subjectId, threadId: comments.threadId, depth: comments.depth, deletedAt: comments.deletedAt, hiddenAt: comments.hiddenAt })
        .from(comments)
        .where(eq(comments.id, input.parentId))
        .limit(1);
      if (!parent || parent.subjectId !== subjectId) throw new NotFoundError('comment');
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
        .select({ subjectId: comments.subjectId, parentId: comments.parentId, threadId: comments.threadId, createdAt: comments.createdAt })
        .from(comments)
        .where(eq(comments.id, claim.resultId))
        .limit(1);
      if (!existing || existing.subjectId !== subjectId) throw new ConflictError('form.repeatedKey');
      return { id: claim.resultId, created: false, parentId: existing.parentId, threadId: existing.threadId, createdAt: existing.createdAt, commentCount: null };
    }
    const language = await writtenIn(tx, actor.id, input.language);
    await tx
      .insert(comments)
      .values({ id, subjectId, authorId: actor.id, parentId: input.parentId, threadId, depth, body: input.body, bodyHtml: renderMarkdown(input.body), language, createdAt });
    let commentCount = await adjustCommentCount(tx, subjectId, 1);
    await recordEvent(tx, { actorId: actor.id, name: 'comment.post', entityType: 'comment', entityId: id, subjectId, payload: { parentId: input.parentId, depth }, pages: [...discussion.pages, pageScope.person(actor.id)] }, createdAt);
    // A pre-moderated discussion, or links from a new account: it waits for a moderator (out of the count meanwhile).
    const hold = await holdReasonFor(tx, actor.id, input.body, discussion.premoderated, createdAt);
    if (hold) {
      await holdForReview(deps, tx, 'comment', id, hold, createdAt);
      commentCount -= 1;
    }
    return { id, created: true, parentId: input.parentId, threadId, createdAt, commentCount, held: hold !== null };
  });
}
