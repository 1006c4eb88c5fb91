import { en } from './en.js';
import { fr } from './fr.js';
import { locales, type Locale, type Message, type MessageCatalogue, type MessageKey, type T } from './types.js';

export { locales, type Locale, type Message, type MessageCatalogue, type MessageKey, type Params, type T, type Translations } from './types.js';

/** The core messages, then each feature's, added once at start-up by the registry (src/registry.ts). */
const catalogues: Record<Locale, Record<string, Message>> = { en: { ...en }, fr: { ...fr } };

/** Every message of one language as registered so far (the core, then each feature's). */
export const catalogue = (locale: Locale): Readonly<Record<MessageKey, Message>> => catalogues[locale] as Record<MessageKey, Message>;

/** Adds a feature's messages; a key another catalogue already has is a programming error. */
export function addMessages(catalogue: MessageCatalogue): void {
  for (const locale of locales) {
    for (const [key, message] of Object.entries(catalogue[locale])) {
      const known = catalogues[locale][key];
      if (known !== undefined && known !== message) throw new Error(`message ${key} is defined twice`);
      catalogues[locale][key] = message;
    }
  }
}
const pluralRules: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  fr: new Intl.PluralRules('fr'),
};
const numberFormats: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-GB'),
  fr: new Intl.NumberFormat('fr-FR'),
};

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (locales as readonly string[]).includes(v);
}

export function isMessageKey(v: unknown): v is MessageKey {
  return typeof v === 'string' && Object.hasOwn(catalogues.en, v);
}

/** Translator for one locale. Numbers in params are formatted for the locale; {count} picks the plural form (an optional "zero" form for 0). */
export function translator(locale: Locale): T {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const message = catalogue[key];
    let text: string;
    if (message === undefined) text = key; // only if a feature's messages were never added (see registry.ts)
    else if (typeof message === 'string') text = message;
    else {
      const count = Number(params?.count ?? 0);
      // An explicit "zero" form wins for 0 ("No comments yet"); otherwise the locale's plural rule.
      text = (count === 0 ? message.zero : undefined) ?? message[pluralRules[locale].select(count)] ?? message.other;
    }
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = params[name];
      if (v === undefined) return whole;
      return typeof v === 'number' ? numberFormats[locale].format(v) : v;
    });
  };
}

/** Picks en or fr from an Accept-Language header, honouring q-values; undefined if neither is acceptable. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return { lang: tag.toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return ranked.map((r) => r.lang).find(isLocale);
}

/** The user's saved choice, then the cookie, then Accept-Language, then English. */
export function negotiateLocale(input: { user?: Locale | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined }): Locale {
  if (input.user) return input.user;
  if (isLocale(input.cookie)) return input.cookie;
  return fromAcceptLanguage(input.acceptLanguage) ?? 'en';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** Dates in the reader's language, in the platform's time zone (Europe/London for now). */
export function formatDate(date: Date, locale: Locale, style: 'date' | 'dateTime' = 'date'): string {
  const id = `${locale}:${style}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'long',
      ...(style === 'dateTime' ? { timeStyle: 'short' } : {}),
      timeZone: 'Europe/London',
    });
    dateFormats.set(id, f);
  }
  return f.format(date);
}

export function formatNumber(n: number, locale: Locale): string {
  return numberFormats[locale].format(n);
}
