import { describe, expect, it } from 'vitest';
import '../../src/registry.js'; // every feature's messages
import {
  catalogue,
  formatDate,
  formatNumber,
  fromAcceptLanguage,
  isLocale,
  isMessageKey,
  negotiateLocale,
  translator,
  type MessageKey,
} from '../../src/i18n/index.js';
import type { Message } from '../../src/i18n/types.js';

const NNBSP = '\u202f'; // French thousands separator in Intl
// The merged catalogues: the core messages and every feature's.
const en = catalogue('en');
const fr = catalogue('fr');

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const forms = (m: Message): [string, string][] => (typeof m === 'string' ? [['', m]] : Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
const pluralKeys = (Object.keys(en) as MessageKey[]).filter((k) => typeof en[k] !== 'string');

describe('catalogues', () => {
  it('has a French value for every English key, and no French key English lacks', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('has no empty value in either language', () => {
    for (const [lang, cat] of [['en', en], ['fr', fr]] as const) {
      for (const [key, message] of Object.entries(cat) as [string, Message][]) {
        for (const [form, text] of forms(message)) expect(text.trim(), `${lang} ${key} ${form}`).not.toBe('');
      }
    }
  });

  it('keeps the same {placeholders} in French as in English', () => {
    const problems: string[] = [];
    for (const key of Object.keys(en) as MessageKey[]) {
      const e: Message = en[key];
      const f: Message = fr[key];
      if (typeof e === 'string') {
        if (typeof f !== 'string') problems.push(`${key}: plural in French only`);
        else if (placeholders(e).join() !== placeholders(f).join()) problems.push(`${key}: en {${placeholders(e)}} fr {${placeholders(f)}}`);
        continue;
      }
      if (typeof f === 'string' || f.other === undefined) {
        problems.push(`${key}: French has no "other" form`);
        continue;
      }
      // Every form may only use placeholders English uses, and "other" must use the same ones.
      const allowed = new Set(forms(e).flatMap(([, t]) => placeholders(t)));
      if (placeholders(e.other).join() !== placeholders(f.other).join()) problems.push(`${key} other: en {${placeholders(e.other)}} fr {${placeholders(f.other)}}`);
      for (const [form, text] of forms(f)) for (const p of placeholders(text)) if (!allowed.has(p)) problems.push(`${key} ${form}: {${p}} unknown in English`);
    }
    expect(problems).toEqual([]);
  });

  it('gives plural messages an "other" form and only valid plural categories', () => {
    const categories = ['zero', 'one', 'two', 'few', 'many', 'other'];
    for (const key of pluralKeys) {
      for (const cat of [en, fr]) {
        const m = cat[key] as Exclude<Message, string>;
        expect(m.other, key).toBeTypeOf('string');
        for (const form of Object.keys(m)) expect(categories, `${key}: ${form}`).toContain(form);
      }
    }
  });
});

describe('translator', () => {
  it('fills in placeholders and leaves unknown ones visible', () => {
    expect(translator('en')('layout.account.signedInAs', { name: 'Ada Lovelace' })).toBe('Signed in as Ada Lovelace');
    expect(translator('fr')('layout.account.signedInAs', { name: 'Ada' })).toContain('Ada');
    // A value that looks like a placeholder is not substituted again.
    expect(translator('en')('layout.account.signedInAs', { name: '{name}' })).toBe('Signed in as {name}');
    expect(translator('en')('layout.account.signedInAs')).toBe('Signed in as {name}');
  });

  it('formats numbers in parameters for the locale', () => {
    expect(translator('en')('error.rateLimited.body', { count: 1500 })).toContain('1,500 minutes');
    expect(translator('fr')('error.rateLimited.body', { count: 1500 })).toContain(`1${NNBSP}500`);
  });

  describe('plurals', () => {
    it('has at least one plural message to check', () => {
      expect(pluralKeys.length).toBeGreaterThan(0);
    });

    const expectForm = (locale: 'en' | 'fr', key: MessageKey, count: number, form: string) => {
      const m = (locale === 'en' ? en : fr)[key] as Exclude<Message, string>;
      // An explicit "zero" form wins for 0 in both languages.
      const chosen = (count === 0 ? m.zero : undefined) ?? (m as Record<string, string>)[form] ?? m.other;
      const expected = chosen.replace(/\{(\w+)\}/g, (w, p: string) => (p === 'count' ? formatNumber(count, locale) : w));
      expect(translator(locale)(key, { count }), `${locale} ${key} ${count}`).toBe(expected);
    };

    it('a "zero" form is used for 0 when a message has one', () => {
      expect(translator('en')('ideas.commentCount', { count: 0 })).toBe('No comments yet');
      expect(translator('fr')('ideas.commentCount', { count: 0 })).toBe('Aucun commentaire');
      expect(translator('fr')('ideas.commentCount', { count: 1 })).toBe('1 commentaire');
    });

    const rules = [
      ['en', 'English: 1 is "one", 0 and 2 are "other"', [[1, 'one'], [0, 'other'], [2, 'other'], [1234, 'other']]],
      ['fr', 'French: 0 and 1 are both "one", 2 is "other"', [[0, 'one'], [1, 'one'], [2, 'other'], [1234, 'other']]],
    ] as const;
    for (const [locale, title, forms] of rules)
      it(title, () => {
        for (const key of pluralKeys) for (const [count, form] of forms) expectForm(locale, key, count, form);
      });

    it('renders the count with the locale’s digits grouping', () => {
      const key = pluralKeys.find((k) => placeholders((en[k] as { other: string }).other).includes('count'));
      expect(key).toBeDefined();
      expect(translator('en')(key!, { count: 1234 })).toContain('1,234');
      expect(translator('fr')(key!, { count: 1234 })).toContain(`1${NNBSP}234`);
      expect(translator('en')(key!, { count: 0 })).toContain('0');
    });
  });
});

describe('formatting', () => {
  it('formats numbers', () => {
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'fr')).toBe(`1${NNBSP}234${NNBSP}567,5`);
    expect(formatNumber(0, 'fr')).toBe('0');
  });

  it('formats dates in the reader’s language, in the platform’s time zone (Europe/London)', () => {
    expect(formatDate(new Date('2026-03-03T12:00:00Z'), 'en')).toBe('3 March 2026');
    expect(formatDate(new Date('2026-03-03T12:00:00Z'), 'fr')).toBe('3 mars 2026');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    expect(formatDate(new Date('2026-06-30T23:30:00Z'), 'en')).toBe('1 July 2026');
    expect(formatDate(new Date('2026-06-30T23:30:00Z'), 'fr', 'dateTime')).toMatch(/^1 juillet 2026.*00:30$/);
  });
});

describe('language negotiation', () => {
  it('reads Accept-Language with q-values', () => {
    expect(fromAcceptLanguage('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(fromAcceptLanguage('en-GB;q=0.5, fr;q=0.8')).toBe('fr');
    expect(fromAcceptLanguage('de-DE, de;q=0.9, fr;q=0.2, en;q=0.1')).toBe('fr');
    expect(fromAcceptLanguage('en, fr')).toBe('en'); // equal weight: the first listed
    expect(fromAcceptLanguage('FR')).toBe('fr');
    expect(fromAcceptLanguage('fr;q=0, en;q=0.1')).toBe('en'); // q=0 means "not acceptable"
    expect(fromAcceptLanguage('de, es')).toBeUndefined();
    expect(fromAcceptLanguage('fr;q=0')).toBeUndefined();
    expect(fromAcceptLanguage('fr;q=oops')).toBeUndefined();
    expect(fromAcceptLanguage('*')).toBeUndefined();
    expect(fromAcceptLanguage('')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
    expect(fromAcceptLanguage(',,;;q=,')).toBeUndefined();
  });

  it('prefers the user’s choice, then the cookie, then the header, then English', () => {
    expect(negotiateLocale({ user: 'en', cookie: 'fr', acceptLanguage: 'fr' })).toBe('en');
    expect(negotiateLocale({ user: 'fr', cookie: 'en', acceptLanguage: 'en' })).toBe('fr');
    expect(negotiateLocale({ cookie: 'fr', acceptLanguage: 'en' })).toBe('fr');
    expect(negotiateLocale({ cookie: 'de', acceptLanguage: 'fr' })).toBe('fr'); // an unknown cookie value is ignored
    expect(negotiateLocale({ acceptLanguage: 'fr-BE' })).toBe('fr');
    expect(negotiateLocale({ acceptLanguage: 'de' })).toBe('en');
    expect(negotiateLocale({})).toBe('en');
  });

  it('recognises locales and message keys', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isMessageKey('site.name')).toBe(true);
    expect(isMessageKey('toString')).toBe(false); // own keys only
    expect(isMessageKey('no.such.key')).toBe(false);
  });
});
