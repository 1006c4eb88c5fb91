import { Page } from '../layout/Page.js';
import { Pagination } from '../components/Pagination.js';
import { Select } from '../components/Select.js';
import type { ViewContext } from '../layout/types.js';
import { KindLabel, VerifiedBadge, type OrgKind } from './parts.js';

export type DirectoryItem = { name: string; slug: string; kind: OrgKind; verified: boolean; description: string };

type Props = {
  ctx: ViewContext;
  items: DirectoryItem[];
  kind: OrgKind | undefined;
  /** URL of the next page, or null on the last one. */
  nextHref: string | null;
  /** URL of the first page when this is a later one. */
  firstHref: string | null;
  canCreate: boolean;
};

const excerpt = (s: string, max = 200) => (s.length > max ? s.slice(0, max).replace(/\s+\S*$/, '') + '…' : s);

export function DirectoryPage({ ctx, items, kind, nextHref, firstHref, canCreate }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('orgs.directory.title')}>
      <h1>{t('orgs.directory.title')}</h1>
      <p class="lead">{t('orgs.directory.lead')}</p>
      {canCreate && (
        <p>
          <a class="button" href="/admin/organisations/new">
            {t('orgs.directory.create')}
          </a>
        </p>
      )}
      <form method="get" action="/organisations" class="filter-form">
        <Select
          class="field-inline"
          id="kind"
          label={t('orgs.directory.filter.label')}
          any={t('orgs.directory.filter.all')}
          options={[
            { value: 'council', label: t('orgs.directory.filter.council') },
            { value: 'partner', label: t('orgs.directory.filter.partner') },
          ]}
          selected={kind}
        />
        <button type="submit" class="button button-secondary">
          {t('orgs.directory.filter.submit')}
        </button>
      </form>
      {items.length === 0 ? (
        <p class="empty">{kind ? t('orgs.directory.emptyFiltered') : t('orgs.directory.empty')}</p>
      ) : (
        <ul class="org-directory">
          {items.map((o) => (
            <li class="card">
              <h2>
                <a href={`/organisations/${o.slug}`}>{o.name}</a>
              </h2>
              <p class="org-meta">
                <KindLabel t={t} kind={o.kind} /> <VerifiedBadge t={t} verified={o.verified} />
              </p>
              {o.description && <p>{excerpt(o.description)}</p>}
            </li>
          ))}
        </ul>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
