import type { Child } from 'hono/jsx';
import { contentLang } from '../../src/i18n/localise.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Localised } from '../components/Localised.js';
import { Markdown } from '../components/Markdown.js';
import { Message } from '../components/Message.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { Time } from '../components/Time.js';
import { refusalSwap } from '../components/htmx.js';
import { ReportLink } from '../components/ReportLink.js';
import { Byline, StatusBadge, TopicList, withdrawReasonKey, type IdeaCardView, type WithdrawReasonView } from './parts.js';
import { WITHDRAW_SLOT } from './WithdrawIdeaPage.js';

export type IdeaPageView = IdeaCardView & {
  descriptionHtml: string;
  createdAt: Date;
  withdrawnAt: Date | null;
  /** The author's reason and explanation (none for ideas withdrawn before reasons were asked). */
  withdrawReason: WithdrawReasonView | null;
  withdrawExplanation: string;
};

/**
 * An idea the council decided not to take forward: how many supported it then (its count stopped
 * there; null while the challenge hides counts from this viewer), and whether its supporters
 * can give their supports to other ideas now (voting is open).
 */
export type NotTakenForwardView = { supporters: number | null; supportsBack: boolean };

type Props = {
  ctx: ViewContext;
  idea: IdeaPageView;
  /** The English title and the council's French one, if any (shown by the reader's language). */
  challenge: { id: string; title: string; titleFr: string | null };
  canonicalUrl: string;
  can: { edit: boolean; publish: boolean; withdraw: boolean; report: boolean };
  /** Set when the idea is not taken forward. */
  notTakenForward?: NotTakenForwardView | null;
  /** Sections rendered by other features: the vote control, follow button, official responses and status timeline, discussion. */
  slots: { vote: Child; follow: Child; responses: Child; comments: Child; judging?: Child };
};

export function IdeaPage({ ctx, idea, challenge, canonicalUrl, can, notTakenForward, slots }: Props) {
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
          <div class="notice idea-withdrawn">
            <p>{t('ideas.page.withdrawn')}</p>
            {idea.withdrawReason && (
              <dl>
                <dt>{t('ideas.page.withdrawReason')}</dt>
                <dd>{t(withdrawReasonKey(idea.withdrawReason))}</dd>
                {idea.withdrawExplanation && (
                  <>
                    <dt>{t('ideas.page.withdrawExplanation')}</dt>
                    {/* The author's words, taken to be in the idea's language. */}
                    <dd lang={contentLang(idea.language, ctx.locale)}>
                      <Paragraphs text={idea.withdrawExplanation} />
                    </dd>
                  </>
                )}
              </dl>
            )}
          </div>
        )}
        {notTakenForward && (
          <div class="notice idea-not-taken-forward">
            <p>{t('ideas.page.notTakenForward')}</p>
            {notTakenForward.supporters !== null && <p>{t('ideas.page.notTakenForward.supporters', { count: notTakenForward.supporters })}</p>}
            {notTakenForward.supportsBack && <p>{t('ideas.page.notTakenForward.supportsBack')}</p>}
          </div>
        )}
        {slots.judging}
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
              // The confirmation's own page; htmx loads its form into the slot below instead.
              <a
                class="button button-secondary"
                href={`/ideas/${idea.id}/withdraw`}
                data-hx-get={`/ideas/${idea.id}/withdraw`}
                data-hx-target={`#${WITHDRAW_SLOT}`}
                data-hx-swap="innerHTML"
                {...refusalSwap}
              >
                {t('ideas.page.withdraw')}
              </a>
            )}
          </div>
        )}
        {can.withdraw && <div id={WITHDRAW_SLOT} class="idea-withdraw"></div>}
        {can.report && <ReportLink kind="idea" id={idea.id} label={t('ideas.page.report')} />}
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
