import type { Locale } from './types.js';

/** Council content in the reader's language; `lang` is set only when a French page shows the English original. */
export type LocalisedText = { text: string; lang?: 'en' };

/**
 * Picks the French version of a council's text for a French reader when there is one (blank
 * counts as none), else the English original, marked `lang: 'en'` so the page can say which
 * language that text is in (WCAG 3.1.2). English readers get the English, with no mark.
 */
export function localise(locale: Locale, en: string, fr: string | null | undefined): LocalisedText {
  if (locale !== 'fr') return { text: en };
  if (fr != null && fr.trim() !== '') return { text: fr };
  return { text: en, lang: 'en' };
}

/**
 * The `lang` of what a person wrote (an idea, a comment) on a page in `locale`: its language where
 * it differs from the page's, else none (it inherits the page's). WCAG 3.1.2.
 */
export function contentLang(language: Locale | undefined, locale: Locale): Locale | undefined {
  return language !== undefined && language !== locale ? language : undefined;
}
