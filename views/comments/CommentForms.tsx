import type { MessageKey } from '../../src/i18n/index.js';
import { CsrfField } from '../components/CsrfField.js';
import { Honeypot } from '../components/Honeypot.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import type { FormErrors, FormValues } from '../components/Form.js';
import type { ViewContext } from '../layout/types.js';
import { errorSwap } from '../components/htmx.js';
import type { CommentSortView } from './types.js';

/** The longest comment (the comments schema says the same: views do not import from features). */
export const BODY_MAX = 5000;

/** Error messages keyed by the element they belong to (the summary links to it): the language to its select, anything else to the text. */
function errorsFor(errors: FormErrors | undefined, fieldId: string): FormErrors | undefined {
  if (!errors) return undefined;
  const { language, ...rest } = errors;
  const key = rest['body'] ?? rest['submissionKey'] ?? Object.values(rest)[0];
  const found: FormErrors = { ...(key ? { [fieldId]: key } : {}), ...(language ? { [`${fieldId}-language`]: language } : {}) };
  return Object.keys(found).length > 0 ? found : undefined;
}

/**
 * The error summary of one comment form, linked to its field (the text, or the language select),
 * each named by its label. Like the shared ErrorSummary, but with ids of its own: several comment
 * forms can be open on one page.
 */
function Errors({ ctx, formId, label, errors }: { ctx: ViewContext; formId: string; label: string; errors: FormErrors | undefined }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={`${formId}-errors`}>
      <h2 id={`${formId}-errors`}>{ctx.t('form.errorSummary.title')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#${field}`}>{ctx.t('form.errorSummary.item', { field: field.endsWith('-language') ? ctx.t('content.language.label') : label, message: ctx.t(key) })}</a>
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
  /** The page of the subject discussed; the form posts to its `/comments`. */
  subjectUrl: string;
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
  const { ctx, subjectUrl, values, parentId } = p;
  const { t } = ctx;
  const action = `${subjectUrl}/comments`;
  const fieldId = parentId ? `reply-body-${parentId}` : 'comment-body';
  const errors = errorsFor(p.errors, fieldId);
  const hx = !p.inline
    ? {}
    : parentId
      ? { 'data-hx-post': action, 'data-hx-target': `#comment-slot-${parentId}`, 'data-hx-swap': 'innerHTML swapEmpty:true', ...errorSwap('innerHTML') }
      : { 'data-hx-post': action, 'data-hx-target': 'this', 'data-hx-swap': 'outerHTML', 'data-hx-include': '#comments-more', ...errorSwap('outerHTML') };
  const formId = parentId ? `reply-form-${parentId}` : 'comment-form';
  return (
    <form id={formId} class="comment-form" method="post" action={action} novalidate {...hx}>
      <Errors ctx={ctx} formId={formId} label={parentId ? t('comments.form.replyLabel') : t('comments.form.label')} errors={errors} />
      <CsrfField token={ctx.csrfToken} />
      <Honeypot t={t} />
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
      <LanguageSelect t={t} locale={ctx.locale} id={`${fieldId}-language`} selected={values['language']} error={errors?.[`${fieldId}-language`]} />
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
  const hx = commentId ? { 'data-hx-get': `/comments/${commentId}`, 'data-hx-target': `#comment-main-${commentId}`, 'data-hx-swap': 'outerHTML', ...errorSwap('outerHTML') } : {};
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
  const hx = p.inline ? { 'data-hx-post': action, 'data-hx-target': `#comment-main-${commentId}`, 'data-hx-swap': 'outerHTML', ...errorSwap('outerHTML') } : {};
  return (
    <form id={`edit-form-${commentId}`} class="comment-form" method="post" action={action} novalidate {...hx}>
      <Errors ctx={ctx} formId={`edit-form-${commentId}`} label={t('comments.form.label')} errors={errors} />
      <CsrfField token={ctx.csrfToken} />
      <p class="hint">{t('comments.edit.window')}</p>
      <BodyField ctx={ctx} id={fieldId} label={t('comments.form.label')} value={p.values['body'] ?? ''} error={errors?.[fieldId]} autofocus={p.inline} />
      <LanguageSelect t={t} locale={ctx.locale} id={`${fieldId}-language`} selected={p.values['language']} error={errors?.[`${fieldId}-language`]} />
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
  const hx = p.inline ? { 'data-hx-post': action, 'data-hx-target': `#comment-main-${commentId}`, 'data-hx-swap': 'outerHTML', ...errorSwap('outerHTML') } : {};
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
