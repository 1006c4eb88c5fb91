import { formatDate } from '../../src/i18n/index.js';
import { DataTable } from '../components/DataTable.js';
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
  const overdue = (i: Props['items'][number]) => i.responseDueAt < now;
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('responses.awaiting.lead')}</p>
      <DataTable
        caption={title}
        class="awaiting-responses"
        rows={items}
        rowClass={(i) => (overdue(i) ? 'awaiting-overdue' : undefined)}
        empty={<p class="empty">{t('responses.awaiting.empty')}</p>}
        columns={[
          { header: t('responses.awaiting.idea'), rowHeader: true, cell: (i) => <a href={`/ideas/${i.id}#responses`}>{i.title}</a> },
          {
            header: t('responses.awaiting.challenge'),
            cell: (i) => <Localised as="a" href={`/challenges/${i.challengeId}`} locale={locale} en={i.challengeTitle} fr={i.challengeTitleFr} />,
          },
          { header: t('responses.awaiting.council'), cell: (i) => i.organisationName },
          {
            header: t('responses.awaiting.due'),
            cell: (i) => {
              const date = formatDate(i.responseDueAt, locale);
              return overdue(i) ? <strong>{t('responses.awaiting.overdue', { date })}</strong> : t('responses.awaiting.dueBy', { date });
            },
          },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
