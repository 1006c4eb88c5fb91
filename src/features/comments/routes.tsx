import { Hono } from 'hono';
import { limitNewAccountPosts } from '../moderation/index.js';
import { byId, cachedPage } from '../../http/page-cache.js';
import { pageScope } from '../../lib/page-versions.js';
import { createMiddleware } from 'hono/factory';
import { requireSignIn, signedIn } from '../../http/guard.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { readForm, rejectedForm, validate, type FormErrors, type FormValues } from '../../http/form.js';
import { isHtmx, render, respond, setFlash, viewContext } from '../../http/render.js';
import { newSubmissionKey } from '../../lib/idempotency.js';
import { DeleteCommentPage, EditCommentPage, NewCommentPage, ReplyPage, ThreadPage } from '../../../views/comments/CommentPages.js';
import { CommentForm, DeleteCommentForm, EditCommentForm } from '../../../views/comments/CommentForms.js';
import { CommentItem, CommentMain } from '../../../views/comments/CommentItem.js';
import { discussionQuery } from '../../../views/comments/CommentsSection.js';
import { Partial } from '../../../views/components/Partial.js';
import { deleteComment } from './commands/delete-comment.js';
import { editComment } from './commands/edit-comment.js';
import { postComment } from './commands/post-comment.js';
import { canComment, canDeleteComment, canEditComment, canReply, type DiscussionRef } from './policy.js';
import { getComment, listThreadReplies, locateComment, type CommentRow } from './queries.js';
import { commentLimit } from './limits.js';
import { limitRequest } from '../../http/limits.js';
import { bodySchema, postCommentSchema } from './schemas.js';
import { commentView, discussionRef, discussionState, nest, renderSection, threadsFragment } from './section.js';
import type { DiscussionView } from '../../lib/subjects.js';

export const commentsRoutes = new Hono<AppEnv>();

// ---- Helpers ----

/**
 * requireSignIn, except that an htmx request (a session that ended while the page was open) is
 * sent to the sign-in page as a whole page rather than having it swapped into the discussion.
 */
const signInFirst = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = c as AppContext;
  if (ctx.get('user') || !isHtmx(ctx)) return requireSignIn(c, next);
  setFlash(ctx, { kind: 'info', key: 'auth.signInRequired' });
  const from = c.req.header('HX-Current-URL');
  let back = c.req.path;
  try {
    if (from) back = new URL(from).pathname;
  } catch {
    /* keep the request's path */
  }
  c.header('HX-Redirect', `/sign-in?next=${encodeURIComponent(back)}`);
  return c.body(null, 204);
});

type Loaded = { s: DiscussionView; d: DiscussionRef };

/** The subject's discussion as this viewer may see it now, from its kind (unknown, hidden or without a discussion: a 404). */
async function discussionOf(c: AppContext, subjectId: string): Promise<Loaded> {
  const { db, subjects } = c.get('deps');
  const s = await subjects.discussion(db, subjectId, c.get('user'), c.get('locale'), c.get('now'));
  if (!s) throw new NotFoundError('subject');
  return { s, d: discussionRef(s) };
}

/** The discussion at `/<kind's path>/:id/comments`: the URL must be the subject's own page (an idea's id under /challenges is a 404). */
async function discussionAt(c: AppContext): Promise<Loaded> {
  const loaded = await discussionOf(c, c.req.param('id') ?? '');
  if (loaded.s.url !== `/${c.req.param('base')}/${(c.req.param('id') ?? '').toLowerCase()}`) throw new NotFoundError('subject');
  return loaded;
}

/** The comment named in the URL (a malformed id is a 404) with its subject's discussion. */
async function commentOf(c: AppContext): Promise<Loaded & { comment: CommentRow }> {
  const comment = await getComment(c.get('deps').db, c.req.param('id') ?? '');
  if (!comment) throw new NotFoundError('comment');
  return { comment, ...(await discussionOf(c, comment.subjectId)) };
}

function refuse(decision: { ok: true } | { ok: false; reason: string }): void {
  if (!decision.ok) throw new ForbiddenError(decision.reason);
}

const html = (c: AppContext, node: unknown, status: 200 | 422 = 200) => {
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(String(node), status);
};

/** The count and the announcement htmx updates beside its target (both live regions). */
function statusParts(c: AppContext, count: number | null, announce: string) {
  const { t } = viewContext(c);
  return (
    <>
      {count !== null && (
        <Partial target="#comments-count" swap="innerHTML">
          {t('comments.count', { count })}
        </Partial>
      )}
      <Partial target="#comments-announce" swap="innerHTML">
        {announce}
      </Partial>
    </>
  );
}

const permalink = (commentId: string) => `/comments/${commentId}`;

// ---- The discussion (htmx fragments; the subject's page places the section) ----

/**
 * htmx: with a cursor, the next threads and a new Show-more control (replacing the old one);
 * without, the whole section in the asked order. A plain GET goes to the subject's page.
 * `/:base/:id/comments` serves every kind with a discussion (`/ideas/:id/comments` today).
 */
commentsRoutes.get('/:base/:id/comments', cachedPage({ scopes: (c) => byId(c, pageScope.subject) }), async (c) => {
  const { s } = await discussionAt(c);
  if (!s.shown) throw new NotFoundError('subject');
  const state = discussionState(c);
  if (!isHtmx(c)) {
    const q = discussionQuery(state.sort, state.after);
    c.header('Vary', 'HX-Request', { append: true });
    return c.redirect(`${s.url}${q ? `?${q}` : ''}#comments`, 303);
  }
  if (state.after) return html(c, await threadsFragment(c, s, state));
  return html(c, await renderSection(c, s, state));
});

// ---- Posting a comment or a reply ----

commentsRoutes.post('/:base/:id/comments', signInFirst, async (c) => {
  const { s, d } = await discussionAt(c);
  const { user } = signedIn(c);
  const deps = c.get('deps');
  const form = await readForm(c);
  const { values } = form;
  const sort = values['csort'] === 'newest' ? 'newest' : 'oldest';
  const rawParent = (values['parentId'] ?? '').trim();
  if (rawParent && !isUuid(rawParent)) throw new BadRequestError();

  // Refusals first (403/404: no form to correct), then the text (422: the form again).
  let parent: CommentRow | null = null;
  if (rawParent) {
    parent = await getComment(deps.db, rawParent);
    if (!parent || parent.subjectId !== s.subjectId) throw new NotFoundError('comment');
    refuse(canReply(user, d, parent));
  } else refuse(canComment(user, d));

  const input = await validate(postCommentSchema, form);
  if (!input.ok) {
    const shown = rejectedForm(form, input.errors);
    return invalidPost(c, { s, parent, sort, values: { body: shown.values['body'] ?? '', submissionKey: shown.values['submissionKey'] ?? '', language: shown.values['language'] ?? '' }, errors: shown.errors });
  }
  await limitRequest(c, commentLimit);
  await limitNewAccountPosts(c);
  const result = await postComment(deps, user, s.subjectId, {
    body: input.data.body,
    language: input.data.language ?? c.get('locale'),
    parentId: parent?.id ?? null,
    submissionKey: input.data.submissionKey,
  });
  const { t } = viewContext(c);
  const done = !result.created ? 'form.repeated' : parent ? 'comments.done.replied' : 'comments.done.posted';
  const flash = { kind: 'success' as const, key: done } as const;

  if (!isHtmx(c)) {
    return respond(c, { redirect: await locateComment(deps.db, { ...result, subjectId: s.subjectId }, sort, s.url), flash });
  }
  if (!result.created) {
    // Already on the page: nothing to insert.
    return html(c, <>{!parent && <CommentForm ctx={viewContext(c)} subjectUrl={s.url} values={{ submissionKey: newSubmissionKey() }} sort={sort} inline={true} />}{statusParts(c, null, t(done))}</>);
  }
  const row = await getComment(deps.db, result.id);
  if (!row) throw new NotFoundError('comment');
  const item = <CommentItem ctx={viewContext(c)} c={commentView(c, d, row)} focus={true} />;
  if (parent) {
    // The slot's form goes (the response's main content is empty); the reply joins its parent's replies.
    return html(
      c,
      <>
        <Partial target={`#replies-${parent.id}`} swap="beforeend">
          {item}
        </Partial>
        {statusParts(c, result.commentCount, t(done))}
      </>,
    );
  }
  if (sort === 'oldest' && values['cmore']) {
    // Threads remain unloaded below: the new one belongs after them, so go where it can be seen.
    return respond(c, { redirect: await locateComment(deps.db, { ...result, subjectId: s.subjectId }, sort, s.url), flash });
  }
  return html(
    c,
    <>
      <CommentForm ctx={viewContext(c)} subjectUrl={s.url} values={{ submissionKey: newSubmissionKey() }} sort={sort} inline={true} />
      <Partial target="#comment-threads" swap={sort === 'newest' ? 'afterbegin' : 'beforeend'}>
        {item}
      </Partial>
      {statusParts(c, result.commentCount, t(done))}
    </>,
  );
});

function invalidPost(
  c: AppContext,
  p: { s: DiscussionView; parent: CommentRow | null; sort: 'oldest' | 'newest'; values: FormValues; errors: FormErrors },
) {
  const ctx = viewContext(c);
  const subject = { url: p.s.url, title: p.s.title };
  if (isHtmx(c)) {
    const cancel = p.parent ? { cancelHref: permalink(p.parent.id) } : {};
    return html(
      c,
      <CommentForm ctx={ctx} subjectUrl={p.s.url} values={p.values} errors={p.errors} sort={p.sort} inline={true} {...(p.parent ? { parentId: p.parent.id } : {})} {...cancel} />,
      422,
    );
  }
  const policy = p.s.policy;
  if (p.parent) return render(c, <ReplyPage ctx={ctx} subject={subject} parent={p.parent} values={p.values} errors={p.errors} sort={p.sort} policy={policy} />, 422);
  return render(c, <NewCommentPage ctx={ctx} subject={subject} values={p.values} errors={p.errors} sort={p.sort} policy={policy} />, 422);
}

// ---- One comment ----

/** Its permalink: its subject's page where it can be seen. htmx: the comment itself (closing an inline form). */
commentsRoutes.get('/comments/:id', async (c) => {
  const { comment, s, d } = await commentOf(c);
  if (isHtmx(c)) return html(c, <CommentMain ctx={viewContext(c)} c={commentView(c, d, comment)} focus={true} />);
  c.header('Vary', 'HX-Request', { append: true });
  return c.redirect(await locateComment(c.get('deps').db, comment, discussionState(c).sort, s.url), 303);
});

commentsRoutes.get('/comments/:id/reply', signInFirst, async (c) => {
  const { comment, s, d } = await commentOf(c);
  refuse(canReply(signedIn(c).user, d, comment));
  const ctx = viewContext(c);
  const values = { submissionKey: newSubmissionKey() };
  const sort = discussionState(c).sort;
  if (isHtmx(c)) return html(c, <CommentForm ctx={ctx} subjectUrl={s.url} parentId={comment.id} values={values} sort={sort} inline={true} cancelHref={permalink(comment.id)} />);
  return render(c, <ReplyPage ctx={ctx} subject={{ url: s.url, title: s.title }} parent={comment} values={values} sort={sort} policy={s.policy} />);
});

commentsRoutes.get('/comments/:id/edit', signInFirst, async (c) => {
  const { comment, s } = await commentOf(c);
  refuse(canEditComment(signedIn(c).user, comment, c.get('now')));
  const ctx = viewContext(c);
  const values = { body: comment.body, language: comment.language };
  if (isHtmx(c)) return html(c, <EditCommentForm ctx={ctx} commentId={comment.id} values={values} inline={true} cancelHref={permalink(comment.id)} />);
  return render(c, <EditCommentPage ctx={ctx} subject={{ url: s.url, title: s.title }} commentId={comment.id} values={values} />);
});

commentsRoutes.post('/comments/:id/edit', signInFirst, async (c) => {
  const { comment, s, d } = await commentOf(c);
  const { user } = signedIn(c);
  refuse(canEditComment(user, comment, c.get('now')));
  const deps = c.get('deps');
  const form = await readForm(c);
  const input = await validate(bodySchema, form);
  const ctx = viewContext(c);
  if (!input.ok) {
    const { errors } = input;
    const kept = { body: form.values['body'] ?? '', language: form.values['language'] ?? '' };
    if (isHtmx(c)) {
      const form = <EditCommentForm ctx={ctx} commentId={comment.id} values={kept} errors={errors} inline={true} cancelHref={permalink(comment.id)} />;
      return html(c, <CommentMain ctx={ctx} c={commentView(c, d, comment)} slot={form} />, 422);
    }
    return render(c, <EditCommentPage ctx={ctx} subject={{ url: s.url, title: s.title }} commentId={comment.id} values={kept} errors={errors} />, 422);
  }
  await limitRequest(c, commentLimit);
  await editComment(deps, user, comment.id, input.data);
  const flash = { kind: 'success' as const, key: 'comments.done.edited' as const };
  if (!isHtmx(c)) return respond(c, { redirect: await locateComment(deps.db, comment, 'oldest', s.url), flash });
  const row = await getComment(deps.db, comment.id);
  if (!row) throw new NotFoundError('comment');
  return html(
    c,
    <>
      <CommentMain ctx={ctx} c={commentView(c, d, row)} focus={true} />
      {statusParts(c, null, ctx.t('comments.done.edited'))}
    </>,
  );
});

commentsRoutes.get('/comments/:id/delete', signInFirst, async (c) => {
  const { comment, s } = await commentOf(c);
  refuse(canDeleteComment(signedIn(c).user, comment));
  const ctx = viewContext(c);
  if (isHtmx(c)) return html(c, <DeleteCommentForm ctx={ctx} commentId={comment.id} inline={true} cancelHref={permalink(comment.id)} />);
  return render(c, <DeleteCommentPage ctx={ctx} subject={{ url: s.url, title: s.title }} comment={comment} />);
});

commentsRoutes.post('/comments/:id/delete', signInFirst, async (c) => {
  const { comment, s, d } = await commentOf(c);
  const deps = c.get('deps');
  await limitRequest(c, commentLimit);
  const result = await deleteComment(deps, signedIn(c).user, comment.id);
  const ctx = viewContext(c);
  const flash = { kind: 'success' as const, key: 'comments.done.deleted' as const };
  if (!isHtmx(c)) return respond(c, { redirect: await locateComment(deps.db, comment, 'oldest', s.url), flash });
  const tombstone = commentView(c, d, { ...comment, deletedAt: c.get('now'), body: '', bodyHtml: '' });
  return html(
    c,
    <>
      <CommentMain ctx={ctx} c={tombstone} focus={true} />
      {statusParts(c, result.commentCount, ctx.t('comments.done.deleted'))}
    </>,
  );
});

// ---- The rest of a long thread ----

commentsRoutes.get('/comments/:id/thread', async (c) => {
  const { comment, s, d } = await commentOf(c);
  if (comment.parentId !== null) throw new NotFoundError('comment');
  const after = c.req.query('after') || undefined;
  const page = await listThreadReplies(c.get('deps').db, comment.id, { after });
  const [root, ...replies] = nest(c, d, [comment], page.replies, { orphansAsRoots: true });
  return render(
    c,
    <ThreadPage
      ctx={viewContext(c)}
      subject={{ url: s.url, title: s.title }}
      root={root!}
      replies={[...root!.replies, ...replies].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())}
      nextHref={page.next ? `/comments/${comment.id}/thread?after=${encodeURIComponent(page.next)}` : null}
    />,
  );
});
