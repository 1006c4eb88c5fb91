import { formatDate } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';

export type IntegritySummaryData = {
  received: number;
  setAside: number;
  decisions: { signal: 'burst' | 'network' | 'agent' | 'single'; reason: string; supports: number; at: Date }[];
};

/**
 * A challenge's vote integrity in public: the supports received, how many the council set
 * aside, and each decision's reason (no names, no numbers of anyone's network). On the challenge
 * page once voting has closed, and on the staff's anomaly report.
 */
export function IntegritySummaryView({ ctx, summary, heading = true }: { ctx: ViewContext; summary: IntegritySummaryData; heading?: boolean }) {
  const { t, locale } = ctx;
  return (
    <section class="integrity-summary" aria-labelledby={heading ? 'integrity-title' : undefined}>
      {heading && <h2 id="integrity-title">{t('votes.summary.title')}</h2>}
      <p>
        {t('votes.summary.received', { count: summary.received })}{' '}
        {summary.setAside === 0 ? t('votes.summary.noneSetAside') : t('votes.summary.setAside', { count: summary.setAside, counted: summary.received - summary.setAside })}
      </p>
      {summary.decisions.length > 0 && (
        <ul class="integrity-decisions">
          {summary.decisions.map((d) => (
            <li>
              {t('votes.summary.decision', { date: formatDate(d.at, locale), count: d.supports, signal: t(`votes.integrity.signal.${d.signal}`) })} <q>{d.reason}</q>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
