import type { MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { Pagination } from '../components/Pagination.js';
import { Select } from '../components/Select.js';
import { Time } from '../components/Time.js';
import { CsrfField } from '../components/CsrfField.js';

export type QueueItemView = {
  id: string;
  kindLabel: MessageKey;
  state: 'pending' | 'held' | 'dismissed' | 'hidden' | 'appealed' | 'restored';
  title: string;
  excerpt: string;
  openReports: number;
  totalReports: number;
  reasons: { label: MessageKey; count: number }[];
  atRisk: boolean;
  /** Why it waits without reports: pre-moderation, or links from a new account. */
  holdReason: 'premoderation' | 'newAccountLinks' | null;
  lastReportedAt: Date;
  decidedAt: Date | null;
  organisationName: string | null;
};

type Props = {
  ctx: ViewContext;
  items: QueueItemView[];
  /** The rules a bulk "hide" names (number and words). */
  rules: { value: string; label: string }[];
  filters: { show: string; sort: string; kind: string; reason: string; org: string };
  kinds: { value: string; label: string }[];
  reasons: { value: string; label: string }[];
  organisations: { value: string; label: string }[];
  /** The queue's path and query now (each item's page comes back to it). */
  here: string;
  nextHref: string | null;
  firstHref: string | null;
};

/**
 * The moderation queue: filters that are plain GET fields (they survive every action: each item
 * page and decision comes back here), then the items, each with its reasons counted, and a link
 * to review it. Reports that someone may be at risk are marked first in each line.
 */
export function QueuePage({ ctx, items, rules, filters, kinds, reasons, organisations, here, nextHref, firstHref }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('moderation.queue.title')}>
      <h1>{t('moderation.queue.title')}</h1>
      <form method="get" action="/moderation" class="filter-form challenge-filters" aria-label={t('moderation.queue.filters')}>
        <Select
          id="show"
          label={t('moderation.queue.show')}
          class="field-inline"
          selected={filters.show}
          options={[
            { value: 'pending', label: t('moderation.queue.show.pending') },
            { value: 'held', label: t('moderation.queue.show.held') },
            { value: 'appealed', label: t('moderation.queue.show.appealed') },
            { value: 'hidden', label: t('moderation.queue.show.hidden') },
            { value: 'decided', label: t('moderation.queue.show.decided') },
          ]}
        />
        <Select id="kind" label={t('moderation.queue.kind')} class="field-inline" any={t('moderation.queue.any')} selected={filters.kind} options={kinds} />
        <Select id="reason" label={t('moderation.queue.reason')} class="field-inline" any={t('moderation.queue.any')} selected={filters.reason} options={reasons} />
        {organisations.length > 0 && <Select id="org" label={t('moderation.queue.organisation')} class="field-inline" any={t('moderation.queue.any')} selected={filters.org} options={organisations} />}
        <Select
          id="sort"
          label={t('moderation.queue.sort')}
          class="field-inline"
          selected={filters.sort}
          options={[
            { value: 'newest', label: t('moderation.queue.sort.newest') },
            { value: 'most', label: t('moderation.queue.sort.most') },
          ]}
        />
        <button type="submit" class="button button-secondary">
          {t('moderation.queue.apply')}
        </button>
      </form>
      {items.length === 0 ? (
        <p class="empty">{t(filters.show === 'pending' ? 'moderation.queue.empty' : 'moderation.queue.emptyFiltered')}</p>
      ) : (
        <form method="post" action="/moderation/bulk" class="queue-bulk">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="back" value={here} />
          <fieldset class="bulk-actions">
            <legend>{t('moderation.bulk.legend')}</legend>
            <Select
              id="bulk-action"
              name="action"
              label={t('moderation.decide.action')}
              class="field-inline"
              selected={undefined}
              options={[
                { value: 'dismiss', label: t('moderation.bulk.dismiss') },
                { value: 'hide', label: t('moderation.bulk.hide') },
              ]}
            />
            <Select id="bulk-rule" name="rule" label={t('moderation.decide.rule')} class="field-inline" any={t('moderation.decide.rule.none')} selected={undefined} options={rules} />
            <button type="submit" class="button button-secondary">
              {t('moderation.bulk.submit')}
            </button>
          </fieldset>
          <ol class="queue">
          {items.map((i) => (
            <li class={`queue-item${i.atRisk ? ' queue-item-at-risk' : ''}`}>
              <input type="checkbox" name="item" value={`${i.id}:${i.state}`} id={`select-${i.id}`} class="queue-select" aria-labelledby={`title-${i.id}`} />{' '}
              <h2 class="queue-item-title" id={`title-${i.id}`}>
                <a href={`/moderation/items/${i.id}?back=${encodeURIComponent(here)}`}>
                  {t('moderation.queue.itemTitle', { kind: t(i.kindLabel), title: i.title || i.excerpt.slice(0, 60) })}
                </a>
              </h2>
              {i.atRisk && <p class="queue-at-risk">{t('moderation.queue.atRisk')}</p>}
              {i.holdReason && i.state === 'held' && <p class="queue-hold">{t(`moderation.hold.${i.holdReason}`)}</p>}
              {i.title && i.excerpt && <p class="queue-excerpt">{i.excerpt}</p>}
              <p class="queue-meta">
                {t(`moderation.state.${i.state}`)} · {t('moderation.queue.reports', { open: i.openReports, total: i.totalReports })}
                {i.reasons.length > 0 && <> · {i.reasons.map((r) => `${t(r.label)} (${r.count})`).join(', ')}</>}
                {i.organisationName && <> · {i.organisationName}</>} · {t('moderation.queue.lastReport')} <Time at={i.lastReportedAt} locale={ctx.locale} style="dateTime" />
              </p>
            </li>
          ))}
          </ol>
        </form>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
