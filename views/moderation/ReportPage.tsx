import { formatDate, type MessageKey, type T } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { Honeypot } from '../components/Honeypot.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../components/Form.js';

export const REPORT_REASON_VIEWS = ['spam', 'abuse', 'hate', 'personal', 'offTopic', 'illegal', 'atRisk'] as const;

type Props = {
  ctx: ViewContext;
  /** What is reported, as people read it ("comment"), and where it is. */
  kindLabel: MessageKey;
  action: string;
  backHref: string;
  /** Its words now, shown so the person knows what they report. */
  excerpt: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** They already reported it (and when): the page says so instead of showing the form. */
  reportedAt?: Date | undefined;
};

const labels = (t: T) => ({ reason: t('moderation.report.reason'), note: t('moderation.report.note'), confirm: t('moderation.report.confirm') });

/**
 * Reporting something: why (a reason from the list, each with a line of explanation), the
 * person's own words, and for "illegal" a confirmation. A plain form that works without
 * JavaScript; its errors come back in a summary linked to each field (422).
 */
export function ReportPage({ ctx, kindLabel, action, backHref, excerpt, values, errors, reportedAt }: Props) {
  const { t } = ctx;
  const kind = t(kindLabel);
  const title = t('moderation.report.title', { kind });
  const reasonError = errors?.['reason'];
  const confirmError = errors?.['confirm'];
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <p class="breadcrumb">
          <a href={backHref}>{t('moderation.report.back', { kind })}</a>
        </p>
        <h1>{title}</h1>
        {excerpt && <blockquote class="report-excerpt">{excerpt}</blockquote>}
        {reportedAt ? (
          <p class="notice" role="status">
            {t('moderation.report.already', { date: formatDate(reportedAt, ctx.locale, 'dateTime') })}
          </p>
        ) : (
          <>
            <ErrorSummary t={t} errors={errors} labels={labels(t)} />
            <form method="post" action={action} novalidate class="report-form">
              <CsrfField token={ctx.csrfToken} />
              <Honeypot t={t} />
              <p>{t('moderation.report.lead')}</p>
              <fieldset class={`field${reasonError ? ' field-error' : ''}`} id="reason" tabindex={-1} aria-describedby={reasonError ? 'reason-error' : undefined}>
                <legend>{t('moderation.report.reason')}</legend>
                {reasonError && (
                  <p class="error-message" id="reason-error">
                    {t(reasonError)}
                  </p>
                )}
                {REPORT_REASON_VIEWS.map((r) => (
                  <div class="choice-with-hint">
                    <label class="choice">
                      <input type="radio" name="reason" value={r} checked={values['reason'] === r} aria-describedby={`reason-${r}-hint`} /> {t(`moderation.reason.${r}`)}
                    </label>
                    <p class="hint" id={`reason-${r}-hint`}>
                      {t(`moderation.reason.${r}.hint`)}
                    </p>
                  </div>
                ))}
              </fieldset>
              <Field t={t} name="note" type="textarea" rows={4} label={t('moderation.report.note')} hint={t('moderation.report.note.hint')} value={values['note']} error={errors?.['note']} maxLength={1000} required={false} />
              <div class={`field${confirmError ? ' field-error' : ''}`}>
                {confirmError && (
                  <p class="error-message" id="confirm-error">
                    {t(confirmError)}
                  </p>
                )}
                <label class="choice" for="confirm">
                  <input type="checkbox" id="confirm" name="confirm" value="yes" checked={values['confirm'] === 'yes'} aria-describedby={confirmError ? 'confirm-error' : undefined} />{' '}
                  {t('moderation.report.confirm')}
                </label>
              </div>
              <div class="form-actions">
                <button type="submit" class="button">
                  {t('moderation.report.submit')}
                </button>{' '}
                <a href={backHref}>{t('form.cancel')}</a>
              </div>
            </form>
          </>
        )}
      </div>
    </Page>
  );
}
