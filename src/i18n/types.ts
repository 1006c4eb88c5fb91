import type { en } from './en.js';

export type Locale = 'en' | 'fr';
export const locales: readonly Locale[] = ['en', 'fr'];

type CoreMessages = typeof en;
/**
 * Every English message, by key: the core catalogue's (en.ts), and each feature's — a feature
 * adds its keys by augmenting this interface in its messages.en.ts, so views and policies can use
 * any key without importing the feature that owns it, and two features cannot claim one key.
 */
export interface Messages extends CoreMessages {}
export type MessageKey = keyof Messages & string;

/** A message: text with {placeholders}, or plural forms chosen on {count}. */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
/** A translation of a catalogue: every key of `E`, each a message. */
export type Translations<E> = { [K in keyof E]: Message };
/** The messages of one feature (or the core), in both languages. */
export type MessageCatalogue = { en: Readonly<Record<string, Message>>; fr: Readonly<Record<string, Message>> };
export type Params = Record<string, string | number>;
export type T = (key: MessageKey, params?: Params) => string;
