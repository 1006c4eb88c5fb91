import type { Child } from 'hono/jsx';
import { formatDate } from '../../src/i18n/index.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { LocalisedText } from '../../src/i18n/localise.js';
import { CsrfField } from '../components/CsrfField.js';
import type { FormErrors, FormValues } from '../components/Form.js';
import { Markdown } from '../components/Markdown.js';
import { Time } from '../components/Time.js';
import type { ViewContext } from '../layout/types.js';

export type CommentSortView = 'oldest' | 'newest';

/** What the viewer may do with one comment (from the comments policy). */
export type CommentCan = {
  /** "inline": a Reply link htmx enhances; "link": a plain link (to sign in first); false: none. */
  reply: 'inline' | 'link' | false;
  edit: boolean;
  delete: boolean;
};

export type CommentView = {
  id: string;
  ideaId: string;
  parentId: string | null;
  depth: number;
  authorName: string | null;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  can: CommentCan;
  replies: CommentView[];
  /** Shown without its parent (the rest of a long thread): links to the comment it answers. */
  orphan?: boolean;
};

/** The longest comment (the comments schema says the same: views do not import from features). */
export const BODY_MAX = 5000;

/**
 * htmx swaps every response, errors included: a refusal (403, 404, 409, 429…) replaces the page's
 * main content with the error page's, while a 422 (the form again, with its errors) goes where
 * the form's own target says.
 */
export const errorSwap = (swap422: string) => ({
  'hx-status:422': `swap:${swap422}`,
  'hx-status:4xx': 'target:#main select:#main swap:outerHTML',
});

const when = (ctx: ViewContext, d: Date) => formatDate(d, ctx.locale, 'dateTime');
export const nameOf = (ctx: ViewContext, name: string | null) => name ?? ctx.t('comments.formerUser');

/**
 * The comment itself (author, date, text, actions) and an empty slot where htmx loads the reply,
 * edit or delete form: the part that an edit or a deletion replaces (stable id). Replies live
 * outside it, so a tombstone keeps them.
 */
export function CommentMain({ ctx, c, slot, focus }: { ctx: ViewContext; c: CommentView; slot?: Child; focus?: boolean }) {
  const { t } = ctx;
  const focusAttrs = focus ? { tabindex: -1, autofocus: true } : {};
  if (c.deletedAt) {
    return (
      <div id={`comment-main-${c.id}`} class="comment-main comment-deleted" {...focusAttrs}>
        <p class="comment-meta">
          <span class="comment-author">{t('comments.deleted')}</span> · <Time at={c.createdAt} locale={ctx.locale} style="dateTime" />
        </p>
      </div>
    );
  }
  const name = nameOf(ctx, c.authorName);
  return (
    <div id={`comment-main-${c.id}`} class="comment-main" {...focusAttrs}>
      <p class="comment-meta">
        <span class="comment-author">{name}</span> · <Time at={c.createdAt} locale={ctx.locale} style="dateTime" />
        {c.editedAt && (
          <>
            {' '}
            <span class="comment-edited">({t('comments.edited', { date: when(ctx, c.editedAt) })})</span>
          </>
        )}
      </p>
      {c.orphan && c.parentId && (
        <p class="comment-context">
          <a href={`/comments/${c.parentId}`}>{t('comments.thread.inReplyTo')}</a>
        </p>
      )}
      <Markdown html={c.bodyHtml} />
      {(c.can.reply || c.can.edit || c.can.delete) && (
        <ul class="comment-actions">
          {c.can.reply === 'inline' && (
            <li>
              <a
                href={`/comments/${c.id}/reply`}
                hx-get={`/comments/${c.id}/reply`}
                hx-target={`#comment-slot-${c.id}`}
                hx-swap="innerHTML"
                {...errorSwap('innerHTML')}
                aria-label={t('comments.reply.label', { name })}
              >
                {t('comments.reply')}
              </a>
            </li>
          )}
          {c.can.reply === 'link' && (
            <li>
              <a href={`/comments/${c.id}/reply`} aria-label={t('comments.reply.label', { name })}>
                {t('comments.reply')}
              </a>
            </li>
          )}
          {c.can.edit && (
            <li>
              <a
                href={`/comments/${c.id}/edit`}
                hx-get={`/comments/${c.id}/edit`}
                hx-target={`#comment-slot-${c.id}`}
                hx-swap="innerHTML"
                {...errorSwap('innerHTML')}
                aria-label={t('comments.edit.label')}
              >
                {t('comments.edit')}
              </a>
            </li>
          )}
          {c.can.delete && (
            <li>
              <a
                href={`/comments/${c.id}/delete`}
                hx-get={`/comments/${c.id}/delete`}
                hx-target={`#comment-slot-${c.id}`}
                hx-swap="innerHTML"
                {...errorSwap('innerHTML')}
                aria-label={t('comments.delete.label')}
              >
                {t('comments.delete')}
              </a>
            </li>
          )}
        </ul>
      )}
      <div id={`comment-slot-${c.id}`} class="comment-slot">
        {slot}
      </div>
    </div>
  );
}

/**
 * One comment with its replies, nested (a list item: threads and replies are ordered lists).
 * `more` links to the rest of a thread too long to show here.
 */
export function CommentItem({ ctx, c, focus, more }: { ctx: ViewContext; c: CommentView; focus?: boolean; more?: string | undefined }) {
  return (
    <li id={`comment-${c.id}`} class={`comment comment-depth-${c.depth}`}>
      <CommentMain ctx={ctx} c={c} focus={focus} />
      <ol id={`replies-${c.id}`} class="comment-replies">
        {c.replies.map((r) => (
          <CommentItem ctx={ctx} c={r} />
        ))}
      </ol>
      {more && (
        <p class="comments-truncated">
          {ctx.t('comments.thread.truncated')} <a href={more}>{ctx.t('comments.thread.rest')}</a>
        </p>
      )}
    </li>
  );
}

export type ThreadsListState = { ideaId: string; sort: CommentSortView; next: string | null; truncated: { threadId: string; href: string } | null };

/** The idea page's query string for a discussion state. */
export function discussionQuery(sort: CommentSortView, after?: string | null): string {
  const p = new URLSearchParams();
  if (sort !== 'oldest') p.set('csort', sort);
  if (after) p.set('cafter', after);
  return p.toString();
}
const withQuery = (path: string, q: string) => (q ? `${path}?${q}` : path);

/**
 * "Show more comments": a plain link to the idea page after the cursor (works without JS);
 * htmx fetches the fragment instead and swaps this item for the next threads and a new control.
 * The hidden field tells a comment form (hx-include) that threads remain unloaded below.
 */
export function CommentsMore({ ctx, state }: { ctx: ViewContext; state: ThreadsListState }) {
  if (!state.next) return null;
  const q = discussionQuery(state.sort, state.next);
  return (
    <li id="comments-more" class="comments-more">
      <input type="hidden" name="cmore" value="1" />
      <a
        href={`${withQuery(`/ideas/${state.ideaId}`, q)}#comments`}
        hx-get={withQuery(`/ideas/${state.ideaId}/comments`, q)}
        hx-target="#comments-more"
        hx-swap="outerHTML"
        {...errorSwap('outerHTML')}
        class="button button-secondary"
      >
        {ctx.t('comments.more')}
      </a>
    </li>
  );
}

/** A page of threads and the next control: inside the list on the page, and what the load-more fragment returns. */
export function CommentThreads({ ctx, threads, state, focusFirst }: { ctx: ViewContext; threads: CommentView[]; state: ThreadsListState; focusFirst?: boolean }) {
  return (
    <>
      {threads.map((c, i) => (
        <CommentItem ctx={ctx} c={c} focus={focusFirst === true && i === 0} more={state.truncated?.threadId === c.id ? state.truncated.href : undefined} />
      ))}
      <CommentsMore ctx={ctx} state={state} />
    </>
  );
}

/** Error messages keyed by the element they belong to (the summary links to it). */
function errorsFor(errors: FormErrors | undefined, fieldId: string): FormErrors | undefined {
  if (!errors) return undefined;
  const key = errors['body'] ?? errors['submissionKey'] ?? Object.values(errors)[0];
  return key ? { [fieldId]: key } : undefined;
}

/**
 * The error summary of one comment form, linked to its field. Like the shared ErrorSummary, but
 * with ids of its own: several comment forms can be open on one page.
 */
function Errors({ ctx, formId, errors }: { ctx: ViewContext; formId: string; errors: FormErrors | undefined }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={`${formId}-errors`}>
      <h2 id={`${formId}-errors`}>{ctx.t('form.errorSummary.title')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#${field}`}>{ctx.t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The comment text box, labelled, with its hint and error (ids unique per form on the page). */
function BodyField({ ctx, id, label, value, error, autofocus }: { ctx: ViewContext; id: string; label: string; value: string; error?: MessageKey | undefined; autofocus?: boolean }) {
  const { t } = ctx;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {t('comments.form.hint')}
      </p>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {t(error)}
        </p>
      )}
      <textarea
        id={id}
        name="body"
        rows={5}
        maxlength={BODY_MAX}
        required
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? 'true' : undefined}
        autofocus={autofocus}
      >
        {value}
      </textarea>
    </div>
  );
}

type PostFormProps = {
  ctx: ViewContext;
  ideaId: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** The order the discussion is shown in (where a new comment goes, and where to come back to). */
  sort: CommentSortView;
  /** Replying to this comment; a top-level comment otherwise. */
  parentId?: string;
  /** In the idea page, loaded and submitted by htmx; on a page of its own, a plain form. */
  inline: boolean;
  cancelHref?: string;
};

/**
 * The form for a new comment (stable id, swapped whole by htmx: a fresh one after posting, the
 * same with errors on a 422) or a reply (in the parent's slot: emptied after posting).
 */
export function CommentForm(p: PostFormProps) {
  const { ctx, ideaId, values, parentId } = p;
  const { t } = ctx;
  const action = `/ideas/${ideaId}/comments`;
  const fieldId = parentId ? `reply-body-${parentId}` : 'comment-body';
  const errors = errorsFor(p.errors, fieldId);
  const hx = !p.inline
    ? {}
    : parentId
      ? { 'hx-post': action, 'hx-target': `#comment-slot-${parentId}`, 'hx-swap': 'innerHTML swapEmpty:true', ...errorSwap('innerHTML') }
      : { 'hx-post': action, 'hx-target': 'this', 'hx-swap': 'outerHTML', 'hx-include': '#comments-more', ...errorSwap('outerHTML') };
  const formId = parentId ? `reply-form-${parentId}` : 'comment-form';
  return (
    <form id={formId} class="comment-form" method="post" action={action} novalidate {...hx}>
      <Errors ctx={ctx} formId={formId} errors={errors} />
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="submissionKey" value={values['submissionKey'] ?? ''} />
      {parentId && <input type="hidden" name="parentId" value={parentId} />}
      {p.sort !== 'oldest' && <input type="hidden" name="csort" value={p.sort} />}
      <BodyField
        ctx={ctx}
        id={fieldId}
        label={parentId ? t('comments.form.replyLabel') : t('comments.form.label')}
        value={values['body'] ?? ''}
        error={errors?.[fieldId]}
        autofocus={p.inline && (Boolean(parentId) || Boolean(errors))}
      />
      <div class="form-actions">
        <button type="submit" class="button">
          {parentId ? t('comments.form.replySubmit') : t('comments.form.submit')}
        </button>
        {p.cancelHref && (
          <>
            {' '}
            <CancelLink ctx={ctx} href={p.cancelHref} commentId={p.inline ? parentId : undefined} />
          </>
        )}
      </div>
    </form>
  );
}

/** Back to the comment: a link (its permalink); htmx re-renders the comment in place instead, closing the form. */
function CancelLink({ ctx, href, commentId }: { ctx: ViewContext; href: string; commentId?: string | undefined }) {
  const hx = commentId ? { 'hx-get': `/comments/${commentId}`, 'hx-target': `#comment-main-${commentId}`, 'hx-swap': 'outerHTML', ...errorSwap('outerHTML') } : {};
  return (
    <a href={href} class="comment-cancel" {...hx}>
      {ctx.t('comments.form.cancel')}
    </a>
  );
}

/** Editing one's comment: in its slot (htmx replaces the whole comment on success) or on a page of its own. */
export function EditCommentForm(p: { ctx: ViewContext; commentId: string; values: FormValues; errors?: FormErrors | undefined; inline: boolean; cancelHref: string }) {
  const { ctx, commentId } = p;
  const { t } = ctx;
  const action = `/comments/${commentId}/edit`;
  const fieldId = `edit-body-${commentId}`;
  const errors = errorsFor(p.errors, fieldId);
  const hx = p.inline ? { 'hx-post': action, 'hx-target': `#comment-main-${commentId}`, 'hx-swap': 'outerHTML', ...errorSwap('outerHTML') } : {};
  return (
    <form id={`edit-form-${commentId}`} class="comment-form" method="post" action={action} novalidate {...hx}>
      <Errors ctx={ctx} formId={`edit-form-${commentId}`} errors={errors} />
      <CsrfField token={ctx.csrfToken} />
      <p class="hint">{t('comments.edit.window')}</p>
      <BodyField ctx={ctx} id={fieldId} label={t('comments.form.label')} value={p.values['body'] ?? ''} error={errors?.[fieldId]} autofocus={p.inline} />
      <div class="form-actions">
        <button type="submit" class="button">
          {t('comments.form.save')}
        </button>{' '}
        <CancelLink ctx={ctx} href={p.cancelHref} commentId={p.inline ? commentId : undefined} />
      </div>
    </form>
  );
}

/** "Delete this comment?": in its slot (htmx swaps in the tombstone) or on a page of its own (no JavaScript). */
export function DeleteCommentForm(p: { ctx: ViewContext; commentId: string; inline: boolean; cancelHref: string }) {
  const { ctx, commentId } = p;
  const { t } = ctx;
  const action = `/comments/${commentId}/delete`;
  const hx = p.inline ? { 'hx-post': action, 'hx-target': `#comment-main-${commentId}`, 'hx-swap': 'outerHTML', ...errorSwap('outerHTML') } : {};
  return (
    <form id={`delete-form-${commentId}`} class="comment-form comment-delete" method="post" action={action} {...hx}>
      <CsrfField token={ctx.csrfToken} />
      {p.inline && <p class="comment-delete-question">{t('comments.delete.title')}</p>}
      <p>{t('comments.delete.lead')}</p>
      <div class="form-actions">
        <button type="submit" class="button button-danger" autofocus={p.inline}>
          {t('comments.delete.confirm')}
        </button>{' '}
        <CancelLink ctx={ctx} href={p.cancelHref} commentId={p.inline ? commentId : undefined} />
      </div>
    </form>
  );
}

/**
 * The council's comment policy in the reader's language if it has one, else in English (then
 * `lang` says so); empty text: the platform's default.
 */
export type PolicyView = LocalisedText;

/** The challenge's comment policy (or the platform's default), and the community guidelines. */
export function CommentPolicy({ ctx, policy }: { ctx: ViewContext; policy: PolicyView }) {
  const { t } = ctx;
  return (
    <div class="comment-policy">
      <h3>{t('comments.policy.title')}</h3>
      {policy.text ? (
        <>
          <p class="comment-policy-text" lang={policy.lang}>
            {policy.text}
          </p>
          {policy.lang && <p class="hint">{t('comments.policy.englishOnly')}</p>}
        </>
      ) : (
        <p>{t('comments.policy.default')}</p>
      )}
      <p>
        <a href="/guidelines">{t('comments.policy.guidelines')}</a>
      </p>
    </div>
  );
}

/** Why there is no comment form, or where to sign in. */
export function CommentClosed({ ctx, reason, ideaId }: { ctx: ViewContext; reason: MessageKey; ideaId: string }) {
  const { t } = ctx;
  if (reason === 'auth.signInRequired') {
    const next = encodeURIComponent(`/ideas/${ideaId}#comments`);
    return (
      <p class="comment-closed">
        <a href={`/sign-in?next=${next}`}>{t('comments.signIn')}</a> {t('comments.signIn.or')} <a href="/sign-up">{t('comments.signUp')}</a>
      </p>
    );
  }
  return <p class="comment-closed notice">{t(reason)}</p>;
}

export type SectionProps = {
  ctx: ViewContext;
  ideaId: string;
  count: number;
  policy: PolicyView;
  /** The form, or why not. */
  form: { values: FormValues } | { refused: MessageKey };
  threads: CommentView[];
  state: ThreadsListState;
  /** This page starts after a cursor (no-JS "Show more" or a link to a thread). */
  paged: boolean;
};

/**
 * The idea page's discussion (stable id "comments": idea cards link to it; the sort switch
 * swaps it whole). Counts and announcements that htmx changes are in live regions.
 */
export function CommentsSection(p: SectionProps) {
  const { ctx, ideaId, state } = p;
  const { t } = ctx;
  const sortHref = (s: CommentSortView) => withQuery(`/ideas/${ideaId}`, discussionQuery(s));
  return (
    <section id="comments" class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title')}</h2>
      <p id="comments-count" class="comments-count" aria-live="polite">
        {t('comments.count', { count: p.count })}
      </p>
      <div id="comments-announce" class="visually-hidden" role="status"></div>
      <CommentPolicy ctx={ctx} policy={p.policy} />
      {'values' in p.form ? (
        <CommentForm ctx={ctx} ideaId={ideaId} values={p.form.values} sort={state.sort} inline={true} />
      ) : (
        <CommentClosed ctx={ctx} reason={p.form.refused} ideaId={ideaId} />
      )}
      <nav class="comment-sort" aria-label={t('comments.sort.label')}>
        <ul>
          {(['oldest', 'newest'] as const).map((s) => (
            <li>
              <a
                id={`comments-sort-${s}`}
                href={`${sortHref(s)}#comments`}
                hx-get={withQuery(`/ideas/${ideaId}/comments`, discussionQuery(s))}
                hx-target="#comments"
                hx-swap="outerHTML"
                hx-push-url={sortHref(s)}
                {...errorSwap('outerHTML')}
                aria-current={state.sort === s && !p.paged ? 'true' : undefined}
              >
                {t(`comments.sort.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.threads.length === 0 && !p.paged && (
        <p id="comments-empty" class="empty">
          {t('comments.empty')}
        </p>
      )}
      <ol id="comment-threads" class="comment-threads">
        <CommentThreads ctx={ctx} threads={p.threads} state={state} />
      </ol>
      {p.paged && (
        <p>
          <a href={`${sortHref(state.sort)}#comments`}>{t('comments.first')}</a>
        </p>
      )}
    </section>
  );
}

/** An extra region an htmx response updates besides its target (htmx 4 <hx-partial>). */
export function Partial({ target, swap, children }: { target: string; swap: string; children?: Child }) {
  return (
    <hx-partial hx-target={target} hx-swap={swap}>
      {children}
    </hx-partial>
  );
}
