import type { Child } from 'hono/jsx';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import type { ViewContext } from '../layout/types.js';
import { statusKey, type IdeaStatusView } from '../ideas/parts.js';

/** "Priya Shah, Digital engagement officer" (or the name alone when the role title is empty). */
export const personWithRole = (name: string, role: string) => (role ? `${name}, ${role}` : name);

/** What the answer form needs: where it posts, the idea's status, and whose name it goes out under. */
export type ResponseFormView = {
  ideaId: string;
  status: IdeaStatusView;
  /** The statuses staff may move the idea to from here (the current one left out). */
  choices: IdeaStatusView[];
  /** "Priya Shah, Digital engagement officer — Riverside Council" */
  signature: string;
  values: FormValues;
  errors?: FormErrors | undefined;
};

/**
 * The staff answer form: a plain POST that htmx enhances by swapping the whole responses
 * section (#responses) with the answer. With errors, the summary takes the focus (ErrorSummary).
 */
export function ResponseForm({ ctx, form, headingLevel = 3 }: { ctx: ViewContext; form: ResponseFormView; headingLevel?: 1 | 3 }) {
  const { t } = ctx;
  const action = `/ideas/${form.ideaId}/responses`;
  const e = (k: string) => form.errors?.[k];
  const statusError = e('responseStatus');
  const statusDescribedBy = ['responseStatus-hint', statusError ? 'responseStatus-error' : ''].filter(Boolean).join(' ');
  const heading: Child = headingLevel === 1 ? <h1 id="respond-title">{t('responses.form.title')}</h1> : <h3 id="respond-title">{t('responses.form.title')}</h3>;
  return (
    <div class="response-form">
      {heading}
      <ErrorSummary
        t={t}
        errors={form.errors}
        labels={{ responseBody: t('responses.form.body'), responseStatus: t('responses.form.status'), responseReason: t('responses.form.reason') }}
      />
      <p>{t('responses.form.lead', { who: form.signature })}</p>
      <form method="post" action={action} data-hx-post={action} data-hx-target="#responses" data-hx-swap="outerHTML" aria-labelledby="respond-title" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="submissionKey" value={form.values['submissionKey'] ?? ''} />
        <Field
          t={t}
          name="responseBody"
          type="textarea"
          rows={8}
          label={t('responses.form.body')}
          hint={t('responses.form.body.hint')}
          value={form.values['responseBody']}
          error={e('responseBody')}
          maxLength={10000}
          required
        />
        <div class={`field${statusError ? ' field-error' : ''}`}>
          <label for="responseStatus">
            {t('responses.form.status')}
            <span class="optional"> {t('form.optional')}</span>
          </label>
          <p class="hint" id="responseStatus-hint">
            {t('responses.form.status.hint', { status: t(statusKey(form.status)) })}
          </p>
          {statusError && (
            <p class="error-message" id="responseStatus-error">
              {t(statusError)}
            </p>
          )}
          <select id="responseStatus" name="responseStatus" aria-describedby={statusDescribedBy} aria-invalid={statusError ? 'true' : undefined}>
            <option value="">{t('responses.form.status.keep')}</option>
            {form.choices.map((s) => (
              <option value={s} selected={form.values['responseStatus'] === s}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </div>
        <Field
          t={t}
          name="responseReason"
          type="textarea"
          rows={3}
          label={t('responses.form.reason')}
          hint={t('responses.form.reason.hint')}
          value={form.values['responseReason']}
          error={e('responseReason')}
          maxLength={1000}
          required={false}
        />
        <SubmitButton>{t('responses.form.submit')}</SubmitButton>
      </form>
    </div>
  );
}
