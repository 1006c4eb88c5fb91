import { formatDate, type Locale } from '../../src/i18n/index.js';

type Props = {
  at: Date;
  locale: Locale;
  /** "14 March 2026" (the default), or with the time of day: "14 March 2026 at 09:30". */
  style?: 'date' | 'dateTime';
};

/**
 * A date people read, in their language, with the machine-readable instant beside it. Every
 * `<time>` on the platform comes from here. (A date inside a translated sentence stays text:
 * the sentence's word order is the catalogue's.)
 */
export function Time({ at, locale, style = 'date' }: Props) {
  return <time datetime={at.toISOString()}>{formatDate(at, locale, style)}</time>;
}
