import { Page } from '../layout/Page.js';
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
      {items.length === 0 ? (
        <p>{t('admin.organisations.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('orgs.col.name')}</th>
                <th scope="col">{t('orgs.col.kind')}</th>
                <th scope="col">{t('orgs.col.verified')}</th>
                <th scope="col">{t('orgs.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr>
                  <th scope="row">
                    <a href={`/organisations/${o.slug}`}>{o.name}</a>
                  </th>
                  <td>
                    <KindLabel t={t} kind={o.kind} />
                  </td>
                  <td>{o.verified ? t('common.yes') : t('common.no')}</td>
                  <td>
                    <a href={`/organisations/${o.slug}/edit`}>{t('orgs.page.edit')}</a> ·{' '}
                    <a href={`/organisations/${o.slug}/members`}>{t('orgs.page.members')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
