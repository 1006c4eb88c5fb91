import type { Child } from 'hono/jsx';
import { CsrfField } from './CsrfField.js';

type Props = {
  action: string;
  csrfToken: string;
  /** The button's classes. */
  button?: string;
  /** Hidden fields posted with the CSRF token. */
  fields?: Record<string, string>;
  /** A form id, for inputs elsewhere that belong to this form (`form="…"`). */
  id?: string;
  /** Inline among text or other actions (the default), or a block of its own. */
  inline?: boolean;
  /** The button's accessible name when its text alone is ambiguous ("Remove" → "Remove Ada"). */
  ariaLabel?: string;
  /** The button text's language when it is not the page's (the language switch). */
  lang?: string;
  children: Child;
};

/** A one-button action: a plain POST form with its CSRF token, so it works without JavaScript. */
export function ButtonForm({ action, csrfToken, button = 'button', fields = {}, id, inline = true, ariaLabel, lang, children }: Props) {
  return (
    <form id={id} method="post" action={action} class={inline ? 'inline-form' : undefined}>
      <CsrfField token={csrfToken} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={button} aria-label={ariaLabel} lang={lang}>
        {children}
      </button>
    </form>
  );
}
