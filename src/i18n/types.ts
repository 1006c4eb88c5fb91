import type { en } from './en.js';

export type Locale = 'en' | 'fr';
export const locales: readonly Locale[] = ['en', 'fr'];
export type MessageKey = keyof typeof en;
/** A message: text with {placeholders}, or plural forms chosen on {count}. */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
export type Catalogue = { [K in MessageKey]: Message };
export type Params = Record<string, string | number>;
export type T = (key: MessageKey, params?: Params) => string;
