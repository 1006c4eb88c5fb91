import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { Localised } from '../components/Localised.js';
import { Pagination } from '../components/Pagination.js';
import { Time } from '../components/Time.js';
import { StatusBadge, type IdeaStatusView } from './parts.js';

type Props = {
  ctx: ViewContext;
  /** The challenge's French title, where the list has it, is shown to French readers; otherwise the English one, marked as such. */
  items: { id: string; title: string; status: IdeaStatusView; createdAt: Date; challengeId: string; challengeTitle: string; challengeTitleFr?: string | null | undefined }[];
  nextHref: string | null;
  firstHref: string | null;
};

export function MyIdeasPage({ ctx, items, nextHref, firstHref }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('ideas.mine.title')}>
      <h1>{t('ideas.mine.title')}</h1>
      {items.length === 0 ? (
        <p class="empty">{t('ideas.mine.empty')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('ideas.mine.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ideas.mine.idea')}</th>
              <th scope="col">{t('ideas.mine.challenge')}</th>
              <th scope="col">{t('ideas.mine.status')}</th>
              <th scope="col">{t('ideas.page.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td>
                  <a href={`/ideas/${i.id}`}>{i.title}</a>
                </td>
                <td>
                  <Localised as="a" href={`/challenges/${i.challengeId}`} locale={ctx.locale} en={i.challengeTitle} fr={i.challengeTitleFr} />
                </td>
                <td>
                  <StatusBadge ctx={ctx} status={i.status} />
                </td>
                <td>
                  <Time at={i.createdAt} locale={ctx.locale} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
