import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { DataTable } from '../components/DataTable.js';
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
  const { t, locale } = ctx;
  return (
    <Page ctx={ctx} title={t('ideas.mine.title')}>
      <h1>{t('ideas.mine.title')}</h1>
      <DataTable
        caption={t('ideas.mine.title')}
        stack
        rows={items}
        empty={<p class="empty">{t('ideas.mine.empty')}</p>}
        columns={[
          { header: t('ideas.mine.idea'), cell: (i) => <a href={`/ideas/${i.id}`}>{i.title}</a> },
          { header: t('ideas.mine.challenge'), cell: (i) => <Localised as="a" href={`/challenges/${i.challengeId}`} locale={locale} en={i.challengeTitle} fr={i.challengeTitleFr} /> },
          { header: t('ideas.mine.status'), cell: (i) => <StatusBadge ctx={ctx} status={i.status} /> },
          { header: t('ideas.page.created'), cell: (i) => <Time at={i.createdAt} locale={locale} /> },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
