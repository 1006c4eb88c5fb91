import { Pagination } from '../components/Pagination.js';
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
        <div class="field">
          <label for="council">{t('challenges.directory.council')}</label>
          <select id="council" name="council">
            <option value="">{t('challenges.directory.any')}</option>
            {councils.map((o) => (
              <option value={o.slug} selected={filters.council === o.slug}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="topic">{t('challenges.directory.topic')}</label>
          <select id="topic" name="topic">
            <option value="">{t('challenges.directory.any')}</option>
            {topics.map((tp) => (
              <option value={tp.slug} selected={filters.topic === tp.slug}>
                {topicName(tp, locale)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="phase">{t('challenges.directory.phase')}</label>
          <select id="phase" name="phase">
            <option value="">{t('challenges.directory.any')}</option>
            {PHASES.map((p) => (
              <option value={p} selected={filters.phase === p}>
                {t(`challenges.filter.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="sort">{t('challenges.directory.sort')}</label>
          <select id="sort" name="sort">
            {SORTS.map((s) => (
              <option value={s} selected={filters.sort === s}>
                {t(`challenges.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
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
