import { allow, deny, unconfirmed, type Actor, type Decision } from '../../lib/policy.js';

/** Replies nest at most this deep (a top-level comment is depth 0): no Reply on a depth-3 comment. */
export const MAX_DEPTH = 3;
/** An author may edit a comment for this long after posting it. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** What the rules need to know about the subject: whether its kind takes comments now (src/lib/subjects.ts). */
export type DiscussionRef = { open: Decision };
/** The comment a check is about. */
export type CommentRef = { authorId: string | null; depth: number; createdAt: Date; deletedAt: Date | null; hiddenAt: Date | null };

/**
 * A signed-in person with a confirmed e-mail address, on a subject whose kind takes comments now
 * (for an idea: published, not withdrawn, in a challenge that is not archived — its kind says).
 */
export function canComment(actor: Actor, d: DiscussionRef): Decision {
  if (!d.open.ok) return d.open;
  if (!actor) return deny('auth.signInRequired');
  if (!actor.emailVerified) return unconfirmed;
  return allow;
}

/**
 * Commenting rules, on a comment that is still there (a deleted one has nothing left to answer)
 * and not already at the deepest level.
 */
export function canReply(actor: Actor, d: DiscussionRef, parent: Pick<CommentRef, 'depth' | 'deletedAt' | 'hiddenAt'>): Decision {
  const base = canComment(actor, d);
  if (!base.ok) return base;
  if (parent.deletedAt !== null) return deny('comments.policy.parentDeleted');
  if (parent.hiddenAt !== null) return deny('comments.policy.hidden');
  if (parent.depth >= MAX_DEPTH) return deny('comments.policy.tooDeep');
  return allow;
}

/** The author only, for EDIT_WINDOW_MS after posting, while the comment is not deleted. */
export function canEditComment(actor: Actor, comment: CommentRef, now: Date): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (comment.authorId === null || comment.authorId !== actor.id) return deny('comments.policy.notAuthor');
  if (comment.deletedAt !== null) return deny('comments.policy.deleted');
  if (comment.hiddenAt !== null) return deny('comments.policy.hidden');
  if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) return deny('comments.policy.editWindow');
  return allow;
}

/**
 * The author only, once (a deleted comment stays as a tombstone). No time limit: people may always
 * take their words back — except while the moderators hold them hidden (kept for a review).
 */
export function canDeleteComment(actor: Actor, comment: CommentRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (comment.authorId === null || comment.authorId !== actor.id) return deny('comments.policy.notAuthor');
  if (comment.deletedAt !== null) return deny('comments.policy.deleted');
  if (comment.hiddenAt !== null) return deny('comments.policy.hidden');
  return allow;
}
