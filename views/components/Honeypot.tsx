import type { T } from '../../src/i18n/index.js';

/** The honeypot's field name (src/http/form.ts refuses a form where it is filled in). */
export const HONEYPOT_FIELD = 'homepage';

/**
 * A field nobody sees or reaches (display: none hides it from screens, screen readers and the
 * keyboard) that form-filling bots fill in: such a submission is refused and nothing is stored.
 * On the sign-up and posting forms.
 */
export function Honeypot({ t }: { t: T }) {
  return (
    <div class="hp">
      <label>
        {t('form.honeypot')} <input type="text" name={HONEYPOT_FIELD} value="" autocomplete="off" tabindex={-1} />
      </label>
    </div>
  );
}
