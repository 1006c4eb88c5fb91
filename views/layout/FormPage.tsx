import type { Child } from 'hono/jsx';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, fieldLabels, SubmitButton, type FormErrors } from '../components/Form.js';
import { Page } from './Page.js';
import type { ViewContext } from './types.js';

type Props = {
  ctx: ViewContext;
  title: string;
  /** Above the heading: the way back (a link to the organisation…). */
  breadcrumb?: Child;
  errors?: FormErrors | undefined;
  /** What comes between the error summary and the form (a lead paragraph…). */
  intro?: Child;
  action: string;
  submit: string;
  /** A Cancel link beside the submit button. */
  cancelHref?: string | undefined;
  /** What follows the form (other ways on, related links). */
  after?: Child;
  /** Our own scripts the page needs (Page's `scripts`). */
  scripts?: string[];
  /** The form's fields. */
  children?: Child;
};

/**
 * A page that is one form: heading, error summary (linked to the fields), the plain POST form
 * with its CSRF token, and the submit button.
 */
export function FormPage({ ctx, title, breadcrumb, errors, intro, action, submit, cancelHref, after, scripts, children }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={title} scripts={scripts}>
      <div class="narrow">
        {breadcrumb}
        <h1>{title}</h1>
        <ErrorSummary t={t} errors={errors} labels={errors ? fieldLabels(children) : {}} />
        {intro}
        <form method="post" action={action} novalidate>
          <CsrfField token={ctx.csrfToken} />
          {children}
          <div class="form-actions">
            <SubmitButton>{submit}</SubmitButton>
            {cancelHref && <a href={cancelHref}>{t('form.cancel')}</a>}
          </div>
        </form>
        {after}
      </div>
    </Page>
  );
}
