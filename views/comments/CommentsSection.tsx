import type { MessageKey } from '../../src/i18n/index.js';
import type { FormValues } from '../components/Form.js';
import type { ViewContext } from '../layout/types.js';
import { CommentForm } from './CommentForms.js';
import { CommentItem } from './CommentItem.js';
import { CommentPolicy, type PolicyView } from './CommentPolicy.js';
import { errorSwap } from '../components/htmx.js';
import type { CommentSortView, CommentView } from './types.js';

export type ThreadsListState = { subjectUrl: string; sort: CommentSortView; next: string | null; truncated: { threadId: string; href: string } | null };

/** The subject page's query string for a discussion state. */
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
        href={`${withQuery(state.subjectUrl, q)}#comments`}
        data-hx-get={withQuery(`${state.subjectUrl}/comments`, q)}
        data-hx-target="#comments-more"
        data-hx-swap="outerHTML"
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

/** Why there is no comment form, or where to sign in. */
export function CommentClosed({ ctx, reason, subjectUrl }: { ctx: ViewContext; reason: MessageKey; subjectUrl: string }) {
  const { t } = ctx;
  if (reason === 'auth.signInRequired') {
    const next = encodeURIComponent(`${subjectUrl}#comments`);
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
  /** The page of the subject discussed (the discussion's URLs hang from it). */
  subjectUrl: string;
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
  const { ctx, subjectUrl, state } = p;
  const { t } = ctx;
  const sortHref = (s: CommentSortView) => withQuery(subjectUrl, discussionQuery(s));
  return (
    <section id="comments" class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title')}</h2>
      <p id="comments-count" class="comments-count" aria-live="polite">
        {t('comments.count', { count: p.count })}
      </p>
      <div id="comments-announce" class="visually-hidden" role="status"></div>
      <CommentPolicy ctx={ctx} policy={p.policy} />
      {'values' in p.form ? (
        <CommentForm ctx={ctx} subjectUrl={subjectUrl} values={p.form.values} sort={state.sort} inline={true} />
      ) : (
        <CommentClosed ctx={ctx} reason={p.form.refused} subjectUrl={subjectUrl} />
      )}
      <nav class="comment-sort" aria-label={t('comments.sort.label')}>
        <ul>
          {(['oldest', 'newest'] as const).map((s) => (
            <li>
              <a
                id={`comments-sort-${s}`}
                href={`${sortHref(s)}#comments`}
                data-hx-get={withQuery(`${subjectUrl}/comments`, discussionQuery(s))}
                data-hx-target="#comments"
                data-hx-swap="outerHTML"
                data-hx-push-url={sortHref(s)}
                {...errorSwap('outerHTML')}
                aria-current={state.sort === s && !p.paged ? 'true' : undefined}
              >
                {t(`comments.sort.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
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
