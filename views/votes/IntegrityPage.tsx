import { ErrorSummary, Field, fieldLabels, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import { CsrfField } from '../components/CsrfField.js';
import { Time } from '../components/Time.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { IntegritySummaryView, type IntegritySummaryData } from './IntegritySummary.js';

export type AnomalyRow = {
  signal: 'burst' | 'network' | 'agent' | 'single';
  ideaId: string;
  ideaTitle: string;
  key: string;
  supports: number;
  ideaSupports: number;
  firstAt: Date;
  lastAt: Date;
};

type Props = {
  ctx: ViewContext;
  challenge: { id: string; title: string };
  groups: AnomalyRow[];
  summary: IntegritySummaryData;
  /** Staff may set supports aside (not once the challenge is archived). */
  canSetAside: boolean;
  /** The smallest group reported. */
  min: number;
  values?: FormValues;
  chosen?: readonly string[];
  errors?: FormErrors;
};

/** The value of a group's checkbox: what the set-aside command picks again and compares. */
export const groupValue = (g: AnomalyRow) => `${g.signal}|${g.ideaId}|${g.key}|${g.supports}`;

/**
 * The anomaly report of a challenge's supports, for its council's staff: each group of one idea's
 * supports that share something (a day of account creation, a network, a browser string, or
 * accounts that supported nothing else), the largest first, each with a checkbox; the reason,
 * which each affected person and (once voting closes) the public will read; and what was set
 * aside already.
 */
export function IntegrityPage({ ctx, challenge, groups, summary, canSetAside, min, values = {}, chosen = [], errors }: Props) {
  const { t, locale } = ctx;
  const title = t('votes.integrity.title', { title: challenge.title });
  const reason = (
    <Field
      t={t}
      name="reason"
      type="textarea"
      label={t('votes.integrity.reason')}
      hint={t('votes.integrity.reasonHint')}
      value={values['reason']}
      error={errors?.['reason']}
      required
      maxLength={500}
      rows={3}
    />
  );
  const describe = (g: AnomalyRow) =>
    g.signal === 'burst' ? t('votes.integrity.key.burst', { day: g.key }) : g.signal === 'single' ? t('votes.integrity.key.single') : t(`votes.integrity.key.${g.signal}`, { ref: g.key.slice(0, 6) });
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/challenges/${challenge.id}`}>{t('votes.integrity.back')}</a>
      </p>
      <p>{t('votes.integrity.intro', { min })}</p>
      <ErrorSummary t={t} errors={errors} labels={{ ...fieldLabels(reason), group: t('votes.integrity.groups') }} />
      <h2 id="groups-title">{t('votes.integrity.groups')}</h2>
      {groups.length === 0 ? (
        <p class="empty">{t('votes.integrity.none')}</p>
      ) : (
        <form method="post" action={`/challenges/${challenge.id}/integrity`} class="integrity-form">
          <CsrfField token={ctx.csrfToken} />
          <fieldset id="group" class="integrity-groups">
            <legend>{t('votes.integrity.choose')}</legend>
            {errors?.['group'] && (
              <p class="field-error" id="group-error">
                {t(errors['group'])}
              </p>
            )}
            <ol class="integrity-list">
              {groups.map((g, n) => {
                const value = groupValue(g);
                const id = n === 0 ? 'group-first' : `group-${n}`;
                return (
                  <li class="card">
                    {canSetAside && (
                      <input type="checkbox" name="group" value={value} id={id} checked={chosen.includes(value)} aria-describedby={`${id}-detail`} />
                    )}{' '}
                    {canSetAside ? (
                      <label for={id}>
                        <strong>{t(`votes.integrity.signal.${g.signal}`)}</strong> — {g.ideaTitle}
                      </label>
                    ) : (
                      <span>
                        <strong>{t(`votes.integrity.signal.${g.signal}`)}</strong> — {g.ideaTitle}
                      </span>
                    )}
                    <p class="meta" id={`${id}-detail`}>
                      {describe(g)} · {t('votes.integrity.share', { count: g.supports, total: g.ideaSupports })} · <Time at={g.firstAt} locale={locale} style="dateTime" /> –{' '}
                      <Time at={g.lastAt} locale={locale} style="dateTime" /> · <a href={`/ideas/${g.ideaId}`}>{t('votes.integrity.idea')}</a>
                    </p>
                  </li>
                );
              })}
            </ol>
          </fieldset>
          {canSetAside ? (
            <>
              {reason}
              <p>{t('votes.integrity.warning')}</p>
              <SubmitButton>{t('votes.integrity.submit')}</SubmitButton>
            </>
          ) : (
            <p>{t('challenges.policy.archived')}</p>
          )}
        </form>
      )}
      <h2>{t('votes.integrity.done')}</h2>
      <IntegritySummaryView ctx={ctx} summary={summary} heading={false} />
    </Page>
  );
}
