import { formatDate, formatNumber } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';

type Props = {
  ctx: ViewContext;
  rule: { days: number; threshold: number };
  /**
   * How the council keeps its commitment; null while the challenge hides support counts from
   * this viewer (which ideas reached the threshold would tell them), shown when voting closes.
   */
  record: {
    awaiting: number;
    overdue: number;
    /** The longest-overdue ideas (at most a handful). */
    overdueIdeas: { id: string; title: string; responseDueAt: Date }[];
  } | null;
  /** The viewer is on the council's staff: a link to their awaiting list. */
  staff: boolean;
};

/** The challenge page's public record of the council's response commitment. */
export function ResponseRecord({ ctx, rule, record, staff }: Props) {
  const { t, locale } = ctx;
  return (
    <section id="response-record" class="response-record" aria-labelledby="response-record-title">
      <h2 id="response-record-title">{t('responses.record.title')}</h2>
      <p>
        {t('responses.record.rule', {
          days: t('responses.record.days', { count: rule.days }),
          supports: t('responses.record.supports', { count: rule.threshold }),
        })}
      </p>
      {record === null ? (
        <p class="hint">{t('responses.record.hidden')}</p>
      ) : (
        <>
          <dl class="key-numbers">
            <div>
              <dt>{t('responses.record.awaiting')}</dt>
              <dd>{formatNumber(record.awaiting, locale)}</dd>
            </div>
            <div class={record.overdue > 0 ? 'record-overdue' : undefined}>
              <dt>{t('responses.record.overdue')}</dt>
              <dd>{formatNumber(record.overdue, locale)}</dd>
            </div>
          </dl>
          {record.awaiting === 0 && <p>{t('responses.record.none')}</p>}
          {record.overdueIdeas.length > 0 && (
            <>
              <h3 id="overdue-title">{t('responses.record.overdueTitle')}</h3>
              <ul class="overdue-ideas" aria-labelledby="overdue-title">
                {record.overdueIdeas.map((i) => (
                  <li>
                    <a href={`/ideas/${i.id}`}>{i.title}</a> — {t('responses.record.overdueSince', { date: formatDate(i.responseDueAt, locale) })}
                  </li>
                ))}
              </ul>
              {record.overdue > record.overdueIdeas.length && <p>{t('responses.record.more', { count: record.overdue - record.overdueIdeas.length })}</p>}
            </>
          )}
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
