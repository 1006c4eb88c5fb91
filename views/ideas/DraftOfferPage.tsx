import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { Localised } from '../components/Localised.js';
import { Time } from '../components/Time.js';

type Props = {
  ctx: ViewContext;
  challenge: { id: string; title: string; titleFr: string | null };
  /** The person's drafts in this challenge, newest first. */
  drafts: { id: string; title: string; createdAt: Date }[];
  /** More drafts than shown (they are all on "Your ideas"). */
  more: boolean;
};

/**
 * "Share an idea" for a person who already has a draft in the challenge: their drafts to
 * continue, and a plain link to start another idea (several drafts are allowed).
 */
export function DraftOfferPage({ ctx, challenge, drafts, more }: Props) {
  const { t, locale } = ctx;
  const title = t('ideas.drafts.title', { count: drafts.length });
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <p class="breadcrumb">
          <Localised as="a" href={`/challenges/${challenge.id}`} locale={locale} en={challenge.title} fr={challenge.titleFr} />
        </p>
        <h1>{title}</h1>
        <p class="lead">{t('ideas.drafts.lead')}</p>
        <ul class="draft-list">
          {drafts.map((d) => (
            <li>
              <a href={`/ideas/${d.id}/edit`}>{t('ideas.drafts.continue', { title: d.title })}</a>{' '}
              <span class="hint">
                {t('ideas.drafts.started')} <Time at={d.createdAt} locale={locale} />
              </span>
            </li>
          ))}
        </ul>
        {more && (
          <p>
            <a href="/account/ideas">{t('ideas.drafts.more')}</a>
          </p>
        )}
        <p>
          <a class="button button-secondary" href={`/challenges/${challenge.id}/ideas/new?another=1`}>
            {t('ideas.drafts.another')}
          </a>
        </p>
      </div>
    </Page>
  );
}
