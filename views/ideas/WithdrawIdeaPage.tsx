import type { Locale, T } from '../../src/i18n/index.js';
import { contentLang } from '../../src/i18n/localise.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../components/Form.js';
import { Message } from '../components/Message.js';
import { errorSwap } from '../components/htmx.js';
import { WITHDRAW_REASON_VIEWS, withdrawReasonKey } from './parts.js';

type FormProps = {
  ctx: ViewContext;
  ideaId: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** Loaded by htmx into the idea page (its own h2, posted by htmx), or on a page of its own. */
  inline: boolean;
};

/** The error summary's names for the withdrawal form's fields. */
const withdrawLabels = (t: T) => ({ reason: t('ideas.withdraw.reason'), explanation: t('ideas.withdraw.explanation') });

/** The slot on the idea page where htmx loads the withdrawal form (stable id). */
export const WITHDRAW_SLOT = 'idea-withdraw';

/**
 * The withdrawal's confirmation: why (a reason from the list), the author's explanation, and the
 * button that withdraws. A plain POST form; inline, htmx posts it and shows it again in its slot
 * when something is missing (422), while a refusal (403, 404, 429) replaces the main content
 * with the error page's. Done, the idea page loads again with the flash message.
 */
export function WithdrawIdeaForm({ ctx, ideaId, values, errors, inline }: FormProps) {
  const { t } = ctx;
  const action = `/ideas/${ideaId}/withdraw`;
  const hx = inline
    ? {
        'data-hx-post': action,
        'data-hx-target': `#${WITHDRAW_SLOT}`,
        'data-hx-swap': 'innerHTML',
        ...errorSwap('innerHTML'),
      }
    : {};
  const reasonError = errors?.['reason'];
  return (
    <form id="withdraw-form" class="withdraw-form" method="post" action={action} novalidate {...hx}>
      {inline && <h2>{t('ideas.withdraw.title')}</h2>}
      {inline && <ErrorSummary t={t} errors={errors} labels={withdrawLabels(t)} />}
      <p>{t('ideas.withdraw.lead')}</p>
      <CsrfField token={ctx.csrfToken} />
      <fieldset class={`field${reasonError ? ' field-error' : ''}`} id="reason" tabindex={-1} aria-describedby={reasonError ? 'reason-error' : undefined}>
        <legend>{t('ideas.withdraw.reason')}</legend>
        {reasonError && (
          <p class="error-message" id="reason-error">
            {t(reasonError)}
          </p>
        )}
        {WITHDRAW_REASON_VIEWS.map((r, i) => (
          <label class="choice">
            <input type="radio" name="reason" value={r} checked={values['reason'] === r} autofocus={inline && i === 0 && !errors} /> {t(withdrawReasonKey(r))}
          </label>
        ))}
      </fieldset>
      <Field
        t={t}
        name="explanation"
        type="textarea"
        rows={4}
        label={t('ideas.withdraw.explanation')}
        hint={t('ideas.withdraw.explanation.hint')}
        value={values['explanation']}
        error={errors?.['explanation']}
        maxLength={1000}
        required={false}
      />
      <div class="form-actions">
        <button type="submit" class="button button-danger">
          {t('ideas.withdraw.confirm')}
        </button>{' '}
        <a href={`/ideas/${ideaId}`}>{t('form.cancel')}</a>
      </div>
    </form>
  );
}

/** Withdrawing without JavaScript: the way back to the idea, the heading, the form. */
export function WithdrawIdeaPage(p: { ctx: ViewContext; idea: { id: string; title: string; language: Locale }; values: FormValues; errors?: FormErrors | undefined }) {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('ideas.withdraw.title')}>
      <div class="narrow">
        <p class="breadcrumb">
          <a href={`/ideas/${p.idea.id}`}>
            <Message t={t} k="ideas.withdraw.back" slot="idea">
              <span lang={contentLang(p.idea.language, ctx.locale)}>{p.idea.title}</span>
            </Message>
          </a>
        </p>
        <h1>{t('ideas.withdraw.title')}</h1>
        <ErrorSummary t={t} errors={p.errors} labels={withdrawLabels(t)} />
        <WithdrawIdeaForm ctx={ctx} ideaId={p.idea.id} values={p.values} errors={p.errors} inline={false} />
      </div>
    </Page>
  );
}
