import { describe, expect, it } from 'vitest';
import '../../src/registry.js'; // every feature's messages, as the server has them
import { catalogue, type MessageKey } from '../../src/i18n/index.js';
import type { Message } from '../../src/i18n/types.js';
import { englishProblems, englishTermProblems, frenchProblems, frenchTermProblems, NNBSP } from '../support/typography.js';

/**
 * French typography and one word for an e-mail address, over every message of both languages
 * (the core catalogue and every feature's), every plural form included. The long-form pages
 * written in the views (privacy, accessibility, guidelines) are checked the same way in
 * tests/integration/statements.test.ts, rendered.
 */

const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string'));

function check(locale: 'en' | 'fr', rule: (text: string) => string[]): string[] {
  const cat = catalogue(locale);
  return (Object.keys(cat) as MessageKey[]).flatMap((key) => forms(cat[key]).flatMap((text) => rule(text).map((p) => `${key}: ${p}`)));
}

describe('French typography', () => {
  it('puts a narrow no-break space (U+202F) before : ; ? ! and inside « » in every French message', () => {
    expect(check('fr', frenchProblems)).toEqual([]);
  });

  it('knows the difference between punctuation and what only looks like it', () => {
    expect(frenchProblems(`Motif${NNBSP}: {reason}`)).toEqual([]);
    expect(frenchProblems('Motif : {reason}')).toHaveLength(1);
    expect(frenchProblems('Motif: {reason}')).toHaveLength(1);
    expect(frenchProblems('Motif\u00a0: {reason}')).toHaveLength(1);
    expect(frenchProblems(`Pourquoi${NNBSP}?`)).toEqual([]);
    expect(frenchProblems('Pourquoi ?')).toHaveLength(1);
    expect(frenchProblems(`Un «${NNBSP}titre${NNBSP}»`)).toEqual([]);
    expect(frenchProblems('Un « titre »')).toHaveLength(2);
    expect(frenchProblems('Commençant par https:// ou http://, à 14:30, contraste 4,5:1, 10\u202f000 caractères.')).toEqual([]);
    expect(frenchProblems('Voir https://exemple.fr/a?b=1 ou {link}')).toEqual([]);
  });
});

describe('English typography', () => {
  it('has no space before : ; ? ! and no guillemets in any English message', () => {
    expect(check('en', englishProblems)).toEqual([]);
  });

  it('catches a space before the mark', () => {
    expect(englishProblems('Why ?')).toHaveLength(1);
    expect(englishProblems('Reason: {reason}, at 14:30, see https://example.org/?a=1')).toEqual([]);
  });
});

describe('one term for an e-mail address', () => {
  it('is « adresse électronique » in every French message', () => {
    expect(check('fr', frenchTermProblems)).toEqual([]);
    // The term is actually used (the check is not vacuous).
    expect(Object.values(catalogue('fr')).flatMap(forms).filter((t) => /adresse électronique/i.test(t)).length).toBeGreaterThan(5);
  });

  it('is "email address" in every English message', () => {
    expect(check('en', englishTermProblems)).toEqual([]);
    expect(Object.values(catalogue('en')).flatMap(forms).filter((t) => /email address/i.test(t)).length).toBeGreaterThan(5);
  });

  it('refuses the other words', () => {
    expect(frenchTermProblems('Votre adresse courriel')).toHaveLength(1);
    expect(frenchTermProblems('Votre adresse e-mail')).not.toEqual([]);
    expect(frenchTermProblems('Courriel')).toHaveLength(1);
    expect(frenchTermProblems('Envoyé par courriel à {email}')).toEqual([]);
    expect(englishTermProblems('Confirm your e-mail address')).not.toEqual([]);
    expect(englishTermProblems('Email')).toHaveLength(1);
    expect(englishTermProblems('Sent by email to {email}')).toEqual([]);
  });
});
