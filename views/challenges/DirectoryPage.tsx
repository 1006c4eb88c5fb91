import { Pagination } from '../components/Pagination.js';
import { Select } from '../components/Select.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ChallengeCard, type ChallengeCardView } from './ChallengeCard.js';
import { topicName, type TopicView } from './parts.js';

export type DirectoryFilters = { council?: string | undefined; topic?: string | undefined; phase?: string | undefined; q?: string | undefined; sort: string };

type Props = {
  ctx: ViewContext;
  items: ChallengeCardView[];
  filters: DirectoryFilters;
  councils: { name: string; slug: string }[];
  topics: TopicView[];
  nextHref: string | null;
  firstHref: string | null;
};

const PHASES = ['open', 'voting', 'results', 'archived'] as const;
const SORTS = ['newest', 'closing', 'ideas'] as const;

export function DirectoryPage({ ctx, items, filters, councils, topics, nextHref, firstHref }: Props) {
  const { t, locale } = ctx;
  const filtered = Boolean(filters.council || filters.topic || filters.phase || filters.q);
  return (
    <Page ctx={ctx} title={t('challenges.directory.title')}>
      <h1>{t('challenges.directory.title')}</h1>
      <p class="lead">{t('challenges.directory.lead')}</p>
      <form method="get" action="/challenges" class="filter-form challenge-filters" role="search" aria-label={t('challenges.directory.filters')}>
        <div class="field">
          <label for="q">{t('challenges.directory.q')}</label>
          <input type="search" id="q" name="q" value={filters.q ?? ''} maxlength={200} />
        </div>
        <Select
          id="council"
          label={t('challenges.directory.council')}
          any={t('challenges.directory.any')}
          options={councils.map((o) => ({ value: o.slug, label: o.name }))}
          selected={filters.council}
        />
        <Select
          id="topic"
          label={t('challenges.directory.topic')}
          any={t('challenges.directory.any')}
          options={topics.map((tp) => ({ value: tp.slug, label: topicName(tp, locale) }))}
          selected={filters.topic}
        />
        <Select
          id="phase"
          label={t('challenges.directory.phase')}
          any={t('challenges.directory.any')}
          options={PHASES.map((p) => ({ value: p, label: t(`challenges.filter.${p}`) }))}
          selected={filters.phase}
        />
        <Select id="sort" label={t('challenges.directory.sort')} options={SORTS.map((s) => ({ value: s, label: t(`challenges.sort.${s}`) }))} selected={filters.sort} />
        <button type="submit" class="button button-secondary">
          {t('challenges.directory.submit')}
        </button>
      </form>
      {items.length === 0 ? (
        <div class="empty">
          <p>{filtered ? t('challenges.directory.emptyFiltered') : filters.sort === 'closing' ? t('challenges.directory.emptyClosing') : t('challenges.directory.empty')}</p>
          {filtered && (
            <p>
              <a href="/challenges">{t('challenges.directory.clear')}</a>
            </p>
          )}
        </div>
      ) : (
        <ul class="org-directory challenge-list">
          {items.map((item) => (
            <ChallengeCard t={t} locale={locale} item={item} />
          ))}
        </ul>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
