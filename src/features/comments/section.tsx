import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import type { Actor } from '../../lib/policy.js';
import { newSubmissionKey } from '../../lib/idempotency.js';
import type { DiscussionView } from '../../lib/subjects.js';
import { CommentsSection, CommentThreads, type ThreadsListState } from '../../../views/comments/CommentsSection.js';
import type { CommentCan, CommentView } from '../../../views/comments/types.js';
import { canComment, canDeleteComment, canEditComment, canReply, MAX_DEPTH, type DiscussionRef } from './policy.js';
import { listThreads, type CommentRow, type CommentSort } from './queries.js';
import { listQuerySchema } from './schemas.js';
import { AWAITING, HELD, hiddenAs } from '../moderation/index.js';

/** What the viewer may do with one comment. */
function canOf(actor: Actor, d: DiscussionRef, row: CommentRow, now: Date): CommentCan {
  const reply = canReply(actor, d, row);
  // An anonymous visitor sees Reply where a signed-in person could reply: it leads to sign in first.
  const link = !reply.ok && reply.reason === 'auth.signInRequired' && row.deletedAt === null && row.depth < MAX_DEPTH;
  return {
    reply: reply.ok ? 'inline' : link ? 'link' : false,
    edit: canEditComment(actor, row, now).ok,
    delete: canDeleteComment(actor, row).ok,
    report: row.deletedAt === null && row.hiddenAt === null && (actor === null || actor.id !== row.authorId),
    appeal: row.deletedAt === null && row.hiddenAt !== null && row.hiddenRule !== HELD && row.hiddenRule !== AWAITING && actor !== null && actor.id === row.authorId,
  };
}

/** One comment as the view shows it (without replies). */
export function commentView(c: AppContext, d: DiscussionRef, row: CommentRow, now: Date = c.get('now')): CommentView {
  return {
    id: row.id,
    parentId: row.parentId,
    depth: row.depth,
    authorName: row.authorName,
    bodyHtml: row.hiddenAt ? '' : row.bodyHtml,
    language: row.language,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
    hidden: row.hiddenAt && row.deletedAt === null ? hiddenAs(row.hiddenRule ?? '') : null,
    can: canOf(c.get('user'), d, row, now),
    replies: [],
  };
}

/**
 * Nests replies (oldest first) under their parents, in memory. A reply whose parent is not
 * among `roots` or the replies before it becomes a root marked `orphan` with `orphansAsRoots`
 * (the rest of a long thread, on its own page), else goes under its thread's root.
 */
export function nest(c: AppContext, d: DiscussionRef, roots: CommentRow[], replies: CommentRow[], opts: { orphansAsRoots: boolean }): CommentView[] {
  const now = c.get('now');
  const byId = new Map<string, CommentView>();
  const top: CommentView[] = [];
  for (const r of roots) {
    const v = commentView(c, d, r, now);
    byId.set(v.id, v);
    top.push(v);
  }
  for (const r of replies) {
    const v = commentView(c, d, r, now);
    byId.set(v.id, v);
    const parent = r.parentId ? byId.get(r.parentId) : undefined;
    if (parent) parent.replies.push(v);
    else if (opts.orphansAsRoots) top.push({ ...v, orphan: true });
    else byId.get(r.threadId)?.replies.push(v); // cannot happen (a parent is older than its replies); never lose a reply
  }
  return top;
}

/** What the comment rules need from a subject's discussion. */
export const discussionRef = (s: DiscussionView): DiscussionRef => ({ open: s.open });

/** The discussion's order and cursor from the subject page's query string (csort, cafter). */
export function discussionState(c: AppContext): { sort: CommentSort; after: string | undefined } {
  const q = listQuerySchema.parse({ csort: c.req.query('csort'), cafter: c.req.query('cafter') || undefined });
  return { sort: q.csort ?? 'oldest', after: q.cafter };
}

/** One page of threads, nested, and the state of the list: two queries. */
export async function loadThreads(c: AppContext, s: DiscussionView, state: { sort: CommentSort; after?: string | undefined }) {
  const page = await listThreads(c.get('deps').db, s.subjectId, state);
  const threads = nest(c, discussionRef(s), page.threads, page.replies, { orphansAsRoots: false });
  const list: ThreadsListState = {
    subjectUrl: s.url,
    sort: state.sort,
    next: page.next,
    truncated: page.truncated ? { threadId: page.truncated.threadId, href: `/comments/${page.truncated.threadId}/thread?after=${encodeURIComponent(page.truncated.after)}` } : null,
  };
  return { threads, list };
}

/** The next threads and a new load-more control (the htmx fragment of "Show more comments"); focus moves to the first new thread. */
export async function threadsFragment(c: AppContext, s: DiscussionView, state: { sort: CommentSort; after?: string | undefined }): Promise<Child> {
  const { threads, list } = await loadThreads(c, s, state);
  return <CommentThreads ctx={viewContext(c)} threads={threads} state={list} focusFirst={true} />;
}

/** The whole section for a state (the subject page's slot, the sort switch's fragment, a top-level comment landing on a later page). */
export async function renderSection(c: AppContext, s: DiscussionView, state: { sort: CommentSort; after?: string | undefined }): Promise<Child> {
  const { threads, list } = await loadThreads(c, s, state);
  const decision = canComment(c.get('user'), discussionRef(s));
  return (
    <CommentsSection
      ctx={viewContext(c)}
      subjectUrl={s.url}
      count={s.count}
      policy={s.policy}
      form={decision.ok ? { values: { submissionKey: newSubmissionKey() } } : { refused: decision.reason }}
      threads={threads}
      state={list}
      paged={Boolean(state.after)}
    />
  );
}

/**
 * A subject's discussion on its page: policy, form, threads and "load more" (owned by the
 * comments feature; the page places it, with the discussion its kind describes — for an idea,
 * ideaDiscussionView). Reads csort and cafter from the page's query string. Two queries whatever
 * the page's length: the threads, and all their replies.
 */
export async function commentsSection(c: AppContext, s: DiscussionView): Promise<Child> {
  return renderSection(c, s, discussionState(c));
}
