import type { MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

export type LogRow = { kind: MessageKey; action: MessageKey; rule: string | null; count: number };

type Props = {
  ctx: ViewContext;
  /** The month shown, as people read it ("December 2026"). */
  month: string;
  reports: number;
  appeals: number;
  rows: LogRow[];
  medianHours: number | null;
  previousHref: string;
  nextHref: string | null;
};

/**
 * The public moderation log: one month of what was decided, under which rule, on which kind of
 * content, how many reports and appeals, and how long decisions took. Numbers only: no person,
 * no content.
 */
export function LogPage({ ctx, month, reports, appeals, rows, medianHours, previousHref, nextHref }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('moderation.log.title', { month })}>
      <h1>{t('moderation.log.title', { month })}</h1>
      <p>{t('moderation.log.lead')}</p>
      <dl class="log-summary">
        <dt>{t('moderation.log.reports')}</dt>
        <dd>{reports}</dd>
        <dt>{t('moderation.log.appeals')}</dt>
        <dd>{appeals}</dd>
        <dt>{t('moderation.log.median')}</dt>
        <dd>{medianHours === null ? t('moderation.log.none') : t('moderation.log.hours', { hours: medianHours })}</dd>
      </dl>
      {rows.length === 0 ? (
        <p class="empty">{t('moderation.log.empty')}</p>
      ) : (
        <table class="table">
          <caption>{t('moderation.log.caption', { month })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('moderation.queue.kind')}</th>
              <th scope="col">{t('moderation.decide.action')}</th>
              <th scope="col">{t('moderation.log.rule')}</th>
              <th scope="col">{t('moderation.log.count')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{t(r.kind)}</td>
                <td>{t(r.action)}</td>
                <td>{r.rule ?? '—'}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pagination" aria-label={t('moderation.log.months')}>
        <a href={previousHref}>{t('moderation.log.previous')}</a>
        {nextHref && (
          <>
            {' '}
            · <a href={nextHref}>{t('moderation.log.next')}</a>
          </>
        )}
      </nav>
    </Page>
  );
}
