import type { Child } from 'hono/jsx';
import type { Locale } from '../../src/i18n/index.js';
import { contentLang } from '../../src/i18n/localise.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import type { FormErrors, FormValues } from '../components/Form.js';
import { Markdown } from '../components/Markdown.js';
import { CommentForm, DeleteCommentForm, EditCommentForm } from './CommentForms.js';
import { CommentItem, nameOf } from './CommentItem.js';
import { CommentPolicy, type PolicyView } from './CommentPolicy.js';
import type { CommentSortView, CommentView } from './types.js';

/** The subject discussed: its page and its title. */
type SubjectRefView = { url: string; title: string };

/** A page about one comment: the way back to the subject's discussion, the heading; forms are narrow, threads are not. */
function Shell({ ctx, subject, title, wide, children }: { ctx: ViewContext; subject: SubjectRefView; title: string; wide?: boolean; children?: Child }) {
  return (
    <Page ctx={ctx} title={title}>
      <div class={wide ? 'comment-page' : 'narrow comment-page'}>
        <p class="breadcrumb">
          <a href={`${subject.url}#comments`}>{ctx.t('comments.page.back', { idea: subject.title })}</a>
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </Page>
  );
}

/** The comment being answered, quoted above the reply form. */
function Quoted({ ctx, comment }: { ctx: ViewContext; comment: { authorName: string | null; bodyHtml: string; language?: Locale | undefined } }) {
  return (
    <figure class="comment-quote">
      <figcaption>{ctx.t('comments.reply.quote', { name: nameOf(ctx, comment.authorName) })}</figcaption>
      <blockquote>
        <Markdown html={comment.bodyHtml} lang={contentLang(comment.language, ctx.locale)} />
      </blockquote>
    </figure>
  );
}

type FormPageBase = { ctx: ViewContext; subject: SubjectRefView; values: FormValues; errors?: FormErrors | undefined };

/** A new comment on a page of its own: what a plain form comes back to with its errors (422). */
export function NewCommentPage(p: FormPageBase & { sort: CommentSortView; policy: PolicyView }) {
  return (
    <Shell ctx={p.ctx} subject={p.subject} title={p.ctx.t('comments.new.title')}>
      <CommentPolicy ctx={p.ctx} policy={p.policy} onOwnPage />
      <CommentForm ctx={p.ctx} subjectUrl={p.subject.url} values={p.values} errors={p.errors} sort={p.sort} inline={false} cancelHref={`${p.subject.url}#comments`} />
    </Shell>
  );
}

/** Replying without JavaScript: the comment quoted, then the form. */
export function ReplyPage(p: FormPageBase & { parent: { id: string; authorName: string | null; bodyHtml: string; language?: Locale | undefined }; sort: CommentSortView; policy: PolicyView }) {
  return (
    <Shell ctx={p.ctx} subject={p.subject} title={p.ctx.t('comments.reply.title')}>
      <Quoted ctx={p.ctx} comment={p.parent} />
      <CommentPolicy ctx={p.ctx} policy={p.policy} onOwnPage />
      <CommentForm
        ctx={p.ctx}
        subjectUrl={p.subject.url}
        parentId={p.parent.id}
        values={p.values}
        errors={p.errors}
        sort={p.sort}
        inline={false}
        cancelHref={`/comments/${p.parent.id}`}
      />
    </Shell>
  );
}

export function EditCommentPage(p: FormPageBase & { commentId: string }) {
  return (
    <Shell ctx={p.ctx} subject={p.subject} title={p.ctx.t('comments.edit.title')}>
      <EditCommentForm ctx={p.ctx} commentId={p.commentId} values={p.values} errors={p.errors} inline={false} cancelHref={`/comments/${p.commentId}`} />
    </Shell>
  );
}

/** "Delete this comment?" without JavaScript: the comment quoted, then the confirmation. */
export function DeleteCommentPage(p: { ctx: ViewContext; subject: SubjectRefView; comment: { id: string; authorName: string | null; bodyHtml: string; language?: Locale | undefined } }) {
  return (
    <Shell ctx={p.ctx} subject={p.subject} title={p.ctx.t('comments.delete.title')}>
      <figure class="comment-quote">
        <blockquote>
          <Markdown html={p.comment.bodyHtml} lang={contentLang(p.comment.language, p.ctx.locale)} />
        </blockquote>
      </figure>
      <DeleteCommentForm ctx={p.ctx} commentId={p.comment.id} inline={false} cancelHref={`/comments/${p.comment.id}`} />
    </Shell>
  );
}

/**
 * The rest of a thread too long for the idea page: its first comment, then its replies after a
 * cursor, nested (a reply whose parent is on an earlier page links to it).
 */
export function ThreadPage(p: { ctx: ViewContext; subject: SubjectRefView; root: CommentView; replies: CommentView[]; nextHref: string | null }) {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <Shell ctx={ctx} subject={p.subject} title={t('comments.thread.title', { name: nameOf(ctx, p.root.authorName) })} wide>
      <section class="comments" aria-labelledby="thread-root">
        <h2 id="thread-root" class="visually-hidden">
          {t('comments.title')}
        </h2>
        <div id="comments-announce" class="visually-hidden" role="status"></div>
        <ol class="comment-threads">
          <CommentItem ctx={ctx} c={{ ...p.root, replies: p.replies }} />
        </ol>
        {p.nextHref && (
          <p>
            <a href={p.nextHref} class="button button-secondary">
              {t('comments.thread.more')}
            </a>
          </p>
        )}
        <p>
          <a href={`/comments/${p.root.id}`}>{t('comments.thread.back')}</a>
        </p>
      </section>
    </Shell>
  );
}
