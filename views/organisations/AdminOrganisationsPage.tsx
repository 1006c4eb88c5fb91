import { Page } from '../layout/Page.js';
import { DataTable } from '../components/DataTable.js';
import { Pagination } from '../components/Pagination.js';
import type { ViewContext } from '../layout/types.js';
import { KindLabel, type OrgKind } from './parts.js';

type Props = {
  ctx: ViewContext;
  items: { name: string; slug: string; kind: OrgKind; verified: boolean }[];
  nextHref: string | null;
  firstHref: string | null;
};

export function AdminOrganisationsPage({ ctx, items, nextHref, firstHref }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.organisations.title')}>
      <p>
        <a href="/admin">{t('admin.title')}</a>
      </p>
      <h1>{t('admin.organisations.title')}</h1>
      <p>{t('admin.organisations.lead')}</p>
      <p>
        <a class="button" href="/admin/organisations/new">
          {t('orgs.directory.create')}
        </a>
      </p>
      <DataTable
        caption={t('admin.organisations.title')}
        rows={items}
        empty={<p>{t('admin.organisations.empty')}</p>}
        columns={[
          { header: t('orgs.col.name'), rowHeader: true, cell: (o) => <a href={`/organisations/${o.slug}`}>{o.name}</a> },
          { header: t('orgs.col.kind'), cell: (o) => <KindLabel t={t} kind={o.kind} /> },
          { header: t('orgs.col.verified'), cell: (o) => (o.verified ? t('common.yes') : t('common.no')) },
          {
            header: t('orgs.col.actions'),
            cell: (o) => (
              <>
                <a href={`/organisations/${o.slug}/edit`}>{t('orgs.page.edit')}</a> · <a href={`/organisations/${o.slug}/members`}>{t('orgs.page.members')}</a>
              </>
            ),
          },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
