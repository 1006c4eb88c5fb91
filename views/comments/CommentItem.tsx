import type { Child } from 'hono/jsx';
import { formatDate } from '../../src/i18n/index.js';
import { contentLang } from '../../src/i18n/localise.js';
import { Markdown } from '../components/Markdown.js';
import { Time } from '../components/Time.js';
import type { ViewContext } from '../layout/types.js';
import { errorSwap } from '../components/htmx.js';
import type { CommentView } from './types.js';

const when = (ctx: ViewContext, d: Date) => formatDate(d, ctx.locale, 'dateTime');
export const nameOf = (ctx: ViewContext, name: string | null) => name ?? ctx.t('comments.formerUser');

/**
 * Reply, edit or delete: a link to the form's own page (without JavaScript); htmx loads the form
 * into the comment's slot instead.
 */
function SlotAction({ id, action, label, text }: { id: string; action: 'reply' | 'edit' | 'delete'; label: string; text: string }) {
  const href = `/comments/${id}/${action}`;
  return (
    <li>
      <a href={href} data-hx-get={href} data-hx-target={`#comment-slot-${id}`} data-hx-swap="innerHTML" {...errorSwap('innerHTML')} aria-label={label}>
        {text}
      </a>
    </li>
  );
}

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
  if (c.hidden) {
    return (
      <div id={`comment-main-${c.id}`} class="comment-main comment-hidden" {...focusAttrs}>
        <p class="comment-meta">
          <span class="comment-author">{c.hidden === 'held' ? t('comments.held') : c.hidden === 'awaiting' ? t('comments.awaiting') : t('comments.hidden', { number: c.hidden.number, rule: t(c.hidden.label) })}</span> ·{' '}
          <Time at={c.createdAt} locale={ctx.locale} style="dateTime" />
        </p>
        {c.can.appeal && (
          <p class="comment-appeal">
            <a href={`/appeal/comment/${c.id}`}>{t('comments.appeal')}</a>
          </p>
        )}
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
      <Markdown html={c.bodyHtml} lang={contentLang(c.language, ctx.locale)} />
      {(c.can.reply || c.can.edit || c.can.delete || c.can.report) && (
        <ul class="comment-actions">
          {c.can.reply === 'inline' && <SlotAction id={c.id} action="reply" label={t('comments.reply.label', { name })} text={t('comments.reply')} />}
          {c.can.reply === 'link' && (
            <li>
              <a href={`/comments/${c.id}/reply`} aria-label={t('comments.reply.label', { name })}>
                {t('comments.reply')}
              </a>
            </li>
          )}
          {c.can.edit && <SlotAction id={c.id} action="edit" label={t('comments.edit.label')} text={t('comments.edit')} />}
          {c.can.delete && <SlotAction id={c.id} action="delete" label={t('comments.delete.label')} text={t('comments.delete')} />}
          {c.can.report && (
            <li>
              <a href={`/report/comment/${c.id}`} aria-label={t('comments.report.label', { name })}>
                {t('comments.report')}
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
