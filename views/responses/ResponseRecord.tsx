import { formatDate, formatNumber } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';

type Props = {
  ctx: ViewContext;
  rule: { days: number; threshold: number };
  awaiting: number;
  overdue: number;
  /** The longest-overdue ideas (at most a handful). */
  overdueIdeas: { id: string; title: string; responseDueAt: Date }[];
  /** The viewer is on the council's staff: a link to their awaiting list. */
  staff: boolean;
};

/** The challenge page's public record of the council's response commitment. */
export function ResponseRecord({ ctx, rule, awaiting, overdue, overdueIdeas, staff }: Props) {
  const { t, locale } = ctx;
  const more = overdue - overdueIdeas.length;
  return (
    <section id="response-record" class="response-record" aria-labelledby="response-record-title">
      <h2 id="response-record-title">{t('responses.record.title')}</h2>
      <p>
        {t('responses.record.rule', {
          days: t('responses.record.days', { count: rule.days }),
          supports: t('responses.record.supports', { count: rule.threshold }),
        })}
      </p>
      <dl class="key-numbers">
        <div>
          <dt>{t('responses.record.awaiting')}</dt>
          <dd>{formatNumber(awaiting, locale)}</dd>
        </div>
        <div class={overdue > 0 ? 'record-overdue' : undefined}>
          <dt>{t('responses.record.overdue')}</dt>
          <dd>{formatNumber(overdue, locale)}</dd>
        </div>
      </dl>
      {awaiting === 0 && <p>{t('responses.record.none')}</p>}
      {overdueIdeas.length > 0 && (
        <>
          <h3 id="overdue-title">{t('responses.record.overdueTitle')}</h3>
          <ul class="overdue-ideas" aria-labelledby="overdue-title">
            {overdueIdeas.map((i) => (
              <li>
                <a href={`/ideas/${i.id}`}>{i.title}</a> — {t('responses.record.overdueSince', { date: formatDate(i.responseDueAt, locale) })}
              </li>
            ))}
          </ul>
          {more > 0 && <p>{t('responses.record.more', { count: more })}</p>}
        </>
      )}
      {staff && (
        <p>
          <a href="/account/responses">{t('responses.staffLink')}</a>
        </p>
      )}
    </section>
  );
}
