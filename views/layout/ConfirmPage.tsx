import type { Child } from 'hono/jsx';
import { CsrfField } from '../components/CsrfField.js';
import { Page } from './Page.js';
import type { ViewContext } from './types.js';

type Props = {
  ctx: ViewContext;
  /** The question: "Close this challenge early?" */
  title: string;
  /** Above the heading: the way back (the challenge, the organisation…). */
  breadcrumb?: Child;
  /** What will happen, and whether it can be undone. */
  children?: Child;
  /** Where the confirmation posts (the same POST the action always had). */
  action: string;
  /** The button that does it: says what it does ("Close the challenge early"). */
  confirm: string;
  /** "Cancel": back to where the person came from. */
  cancelHref: string;
};

/**
 * "Are you sure?" for an action that cannot be undone (close a challenge early, archive it, remove
 * a member): a page of its own that the action's button links to, then a plain POST form with its
 * CSRF token, so it works without JavaScript; Cancel goes back without changing anything (as
 * deleting a comment does: /comments/:id/delete).
 */
export function ConfirmPage({ ctx, title, breadcrumb, children, action, confirm, cancelHref }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow confirm">
        {breadcrumb}
        <h1>{title}</h1>
        {children}
        <form method="post" action={action} class="confirm-form">
          <CsrfField token={ctx.csrfToken} />
          <div class="form-actions">
            <button type="submit" class="button button-danger">
              {confirm}
            </button>
            <a href={cancelHref}>{t('form.cancel')}</a>
          </div>
        </form>
      </div>
    </Page>
  );
}
