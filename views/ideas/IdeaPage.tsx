import type { Child } from 'hono/jsx';
import { contentLang } from '../../src/i18n/localise.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Localised } from '../components/Localised.js';
import { Markdown } from '../components/Markdown.js';
import { Message } from '../components/Message.js';
import { Time } from '../components/Time.js';
import { Byline, StatusBadge, TopicList, type IdeaCardView } from './parts.js';

export type IdeaPageView = IdeaCardView & { descriptionHtml: string; createdAt: Date; withdrawnAt: Date | null };

type Props = {
  ctx: ViewContext;
  idea: IdeaPageView;
  /** The English title and the council's French one, if any (shown by the reader's language). */
  challenge: { id: string; title: string; titleFr: string | null };
  canonicalUrl: string;
  can: { edit: boolean; publish: boolean; withdraw: boolean };
  /** Sections rendered by other features: the vote control, follow button, official responses and status timeline, discussion. */
  slots: { vote: Child; follow: Child; responses: Child; comments: Child };
};

export function IdeaPage({ ctx, idea, challenge, canonicalUrl, can, slots }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={idea.title}>
      <article class="idea">
        <p class="breadcrumb">
          <a href={`/challenges/${challenge.id}#ideas`}>
            <Message t={t} k="ideas.page.back" slot="challenge">
              <Localised locale={ctx.locale} en={challenge.title} fr={challenge.titleFr} />
            </Message>
          </a>
        </p>
        <h1 lang={contentLang(idea.language, ctx.locale)}>{idea.title}</h1>
        {idea.status === 'withdrawn' && (
          <p class="notice" role="status">
            {t('ideas.page.withdrawn')}
          </p>
        )}
        {idea.status === 'draft' && (
          <p class="notice" role="status">
            {t('ideas.page.draft')}
          </p>
        )}
        <p class="idea-meta">
          <StatusBadge ctx={ctx} status={idea.status} /> <Byline ctx={ctx} authorId={idea.authorId} authorName={idea.authorName} organisationName={idea.organisationName} />
        </p>
        <dl class="idea-dates">
          <dt>{idea.publishedAt ? t('ideas.page.published') : t('ideas.page.created')}</dt>
          <dd>
            <Time at={idea.publishedAt ?? idea.createdAt} locale={ctx.locale} />
          </dd>
          {idea.editedAt && (
            <>
              <dt>{t('ideas.edited')}</dt>
              <dd>
                <Time at={idea.editedAt} locale={ctx.locale} />
              </dd>
            </>
          )}
        </dl>
        {(slots.vote || slots.follow) && (
          <div class="idea-engage">
            {slots.vote}
            {slots.follow}
          </div>
        )}
        <p class="lead" lang={contentLang(idea.language, ctx.locale)}>
          {idea.summary}
        </p>
        <Markdown html={idea.descriptionHtml} lang={contentLang(idea.language, ctx.locale)} />
        <TopicList ctx={ctx} topics={idea.topics} />
        {(can.edit || can.publish || can.withdraw) && (
          <div class="idea-actions">
            {can.edit && (
              <a class="button button-secondary" href={`/ideas/${idea.id}/edit`}>
                {t('ideas.page.edit')}
              </a>
            )}{' '}
            {can.publish && (
              <ButtonForm action={`/ideas/${idea.id}/publish`} csrfToken={ctx.csrfToken}>
                {t('ideas.form.publish')}
              </ButtonForm>
            )}{' '}
            {can.withdraw && (
              <ButtonForm action={`/ideas/${idea.id}/withdraw`} csrfToken={ctx.csrfToken} button="button button-secondary">
                {t('ideas.page.withdraw')}
              </ButtonForm>
            )}
          </div>
        )}
        {idea.status !== 'draft' && (
          <div class="share field">
            <label for="share-url">{t('ideas.page.share')}</label>
            <input type="url" id="share-url" value={canonicalUrl} readonly />
          </div>
        )}
      </article>
      {slots.responses}
      {slots.comments}
    </Page>
  );
}
