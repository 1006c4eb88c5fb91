import type { Locale } from '../../src/i18n/index.js';
import { localise } from '../../src/i18n/localise.js';

type Props = {
  locale: Locale;
  en: string;
  fr?: string | null | undefined;
  /**
   * The element that carries the text and its `lang`. Without one, the text stands alone, in a
   * <span lang="en"> only when a French page falls back to English.
   */
  as?: 'span' | 'a' | 'p' | 'h1' | 'h2' | 'h3' | 'div';
  href?: string;
  class?: string;
  id?: string;
};

/** A council's text (a challenge title, a summary…) in the reader's language, with `lang` where it falls back to English. */
export function Localised({ locale, en, fr, as, ...attrs }: Props) {
  const { text, lang } = localise(locale, en, fr);
  if (!as && !lang && Object.values(attrs).every((v) => v === undefined)) return <>{text}</>;
  const Tag = as ?? 'span';
  return (
    <Tag {...attrs} lang={lang}>
      {text}
    </Tag>
  );
}
