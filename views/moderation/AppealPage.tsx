import { formatDate, type MessageKey, type T } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../components/Form.js';
import { Paragraphs } from '../components/Paragraphs.js';

type Props = {
  ctx: ViewContext;
  kindLabel: MessageKey;
  action: string;
  backHref: string;
  rule: { number: number; label: MessageKey } | null;
  /** What the moderator wrote to the author, if anything. */
  message: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** They already asked (and when): the page says so instead of the form. */
  appealedAt: Date | null;
};

const labels = (t: T) => ({ note: t('moderation.appeal.note') });

/** The author of hidden content asks for a review (once): why it was hidden, the moderator's message, their reasons. */
export function AppealPage({ ctx, kindLabel, action, backHref, rule, message, values, errors, appealedAt }: Props) {
  const { t } = ctx;
  const kind = t(kindLabel);
  return (
    <Page ctx={ctx} title={t('moderation.appeal.title')}>
      <div class="narrow">
        <p class="breadcrumb">
          <a href={backHref}>{t('moderation.report.back', { kind })}</a>
        </p>
        <h1>{t('moderation.appeal.title')}</h1>
        {rule && <p>{t('moderation.appeal.lead', { kind, number: rule.number, rule: t(rule.label) })}</p>}
        {message && (
          <div class="notice">
            <p>{t('moderation.appeal.message')}</p>
            <Paragraphs text={message} />
          </div>
        )}
        {appealedAt ? (
          <p class="notice" role="status">
            {t('moderation.appeal.already', { date: formatDate(appealedAt, ctx.locale, 'dateTime') })}
          </p>
        ) : (
          <>
            <ErrorSummary t={t} errors={errors} labels={labels(t)} />
            <form method="post" action={action} novalidate class="appeal-form">
              <CsrfField token={ctx.csrfToken} />
              <Field t={t} name="note" type="textarea" rows={5} label={t('moderation.appeal.note')} hint={t('moderation.appeal.note.hint')} value={values['note']} error={errors?.['note']} maxLength={1000} />
              <div class="form-actions">
                <button type="submit" class="button">
                  {t('moderation.appeal.submit')}
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
