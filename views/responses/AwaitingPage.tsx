import { formatDate } from '../../src/i18n/index.js';
import { Localised } from '../components/Localised.js';
import { Pagination } from '../components/Pagination.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

type Props = {
  ctx: ViewContext;
  items: { id: string; title: string; responseDueAt: Date; challengeId: string; challengeTitle: string; challengeTitleFr: string | null; organisationName: string }[];
  now: Date;
  nextHref: string | null;
  firstHref: string | null;
};

/** A staff member's ideas awaiting an official response, across their councils: overdue first. */
export function AwaitingPage({ ctx, items, now, nextHref, firstHref }: Props) {
  const { t, locale } = ctx;
  const title = t('responses.awaiting.title');
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('responses.awaiting.lead')}</p>
      {items.length === 0 ? (
        <p class="empty">{t('responses.awaiting.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table awaiting-responses">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('responses.awaiting.idea')}</th>
                <th scope="col">{t('responses.awaiting.challenge')}</th>
                <th scope="col">{t('responses.awaiting.council')}</th>
                <th scope="col">{t('responses.awaiting.due')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const overdue = i.responseDueAt < now;
                const date = formatDate(i.responseDueAt, locale);
                return (
                  <tr class={overdue ? 'awaiting-overdue' : undefined}>
                    <td>
                      <a href={`/ideas/${i.id}#responses`}>{i.title}</a>
                    </td>
                    <td>
                      <Localised as="a" href={`/challenges/${i.challengeId}`} locale={locale} en={i.challengeTitle} fr={i.challengeTitleFr} />
                    </td>
                    <td>{i.organisationName}</td>
                    <td>{overdue ? <strong>{t('responses.awaiting.overdue', { date })}</strong> : t('responses.awaiting.dueBy', { date })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
