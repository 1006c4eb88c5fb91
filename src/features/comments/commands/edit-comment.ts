import { eq } from 'drizzle-orm';
import type { ContentLanguage } from '../../../db/schema/columns.js';
import { comments } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError } from '../../../lib/errors.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { canEditComment } from '../policy.js';
import { commentPages, lockComment } from './support.js';
import { hasLink, holdForReview, isNewAccount } from '../../moderation/index.js';

/**
 * Who may: the author, within 15 minutes of posting, while the comment is not deleted
 * (canEditComment, checked against the locked row and the time now).
 * Invariants: the text and its rendered (sanitised) HTML change together; edited_at is set and
 * shown as "edited". The previous text is not kept (the window is short). A link edited in by a
 * new account holds the comment for a moderator, as in a new comment.
 * Throws: NotFoundError, ForbiddenError.
 */
export async function editComment(deps: Deps, actor: Actor, commentId: string, input: { body: string; language?: ContentLanguage | undefined }): Promise<{ id: string; subjectId: string; editedAt: Date }> {
  return deps.db.transaction(async (tx) => {
    const comment = await lockComment(tx, commentId);
    const now = deps.clock.now();
    const decision = canEditComment(actor, comment, now);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx
      .update(comments)
      .set({ body: input.body, bodyHtml: renderMarkdown(input.body), ...(input.language ? { language: input.language } : {}), editedAt: now })
      .where(eq(comments.id, comment.id));
    await recordEvent(tx, { actorId: actor!.id, name: 'comment.edit', entityType: 'comment', entityId: comment.id, subjectId: comment.subjectId, payload: {}, pages: await commentPages(deps, tx, comment) }, deps.clock.now());
    // A link edited in by a new account waits for a moderator, as it would in a new comment.
    if (input.body !== comment.body && hasLink(input.body) && (await isNewAccount(tx, actor!.id, now))) await holdForReview(deps, tx, 'comment', comment.id, 'newAccountLinks', now);
    return { id: comment.id, subjectId: comment.subjectId, editedAt: now };
  });
}
