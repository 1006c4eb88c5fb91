import { isLocale, locales, type Locale, type MessageKey, type T } from '../../src/i18n/index.js';

type Props = {
  t: T;
  /** The page's language: each option is named in its own language, marked where it differs. */
  locale: Locale;
  /** The select's id (unique on the page: several comment forms can be open); its name is "language". */
  id: string;
  selected: string | undefined;
  error?: MessageKey | undefined;
};

/**
 * "Language you are writing in", for an idea or a comment: the value is stored with the text and
 * becomes its `lang` on pages in the other language. The form preselects the writer's interface
 * language.
 */
export function LanguageSelect({ t, locale, id, selected, error }: Props) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // What the form had (kept when it comes back with errors), else the writer's interface language.
  const chosen = isLocale(selected) ? selected : locale;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{t('content.language.label')}</label>
      <p class="hint" id={hintId}>
        {t('content.language.hint')}
      </p>
      {error && (
        <p class="error-message" id={errorId}>
          {t(error)}
        </p>
      )}
      <select id={id} name="language" aria-describedby={error ? `${hintId} ${errorId}` : hintId} aria-invalid={error ? 'true' : undefined}>
        {locales.map((l) => (
          <option value={l} selected={chosen === l} lang={l === locale ? undefined : l}>
            {t(`locale.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
