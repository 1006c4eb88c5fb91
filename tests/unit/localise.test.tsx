import { describe, expect, it } from 'vitest';
import { localise } from '../../src/i18n/localise.js';
import { Localised } from '../../views/components/Localised.js';

const html = (node: unknown) => String(node);

describe('localise', () => {
  it('French page, French text missing: the English, marked lang="en"', () => {
    for (const fr of [null, undefined, '', '   ']) expect(localise('fr', 'Greener streets', fr)).toEqual({ text: 'Greener streets', lang: 'en' });
  });

  it('French page, French text present: the French, no lang', () => {
    const l = localise('fr', 'Greener streets', 'Des rues plus vertes');
    expect(l).toEqual({ text: 'Des rues plus vertes' });
    expect(l).not.toHaveProperty('lang');
  });

  it('English page: the English, no lang, whatever the French', () => {
    for (const fr of ['Des rues plus vertes', null, undefined]) {
      const l = localise('en', 'Greener streets', fr);
      expect(l).toEqual({ text: 'Greener streets' });
      expect(l).not.toHaveProperty('lang');
    }
  });
});

describe('<Localised>', () => {
  it('French page with missing French: lang="en" on the element that carries the text', () => {
    expect(html(<Localised locale="fr" en="Only English" fr={null} as="h1" />)).toBe('<h1 lang="en">Only English</h1>');
    expect(html(<Localised locale="fr" en="Only English" fr={null} as="a" href="/challenges/1" class="x" />)).toBe('<a href="/challenges/1" class="x" lang="en">Only English</a>');
    // Without an element of its own, a span carries the language.
    expect(html(<Localised locale="fr" en="Only <English>" />)).toBe('<span lang="en">Only &lt;English&gt;</span>');
  });

  it('French page with French present: no lang', () => {
    expect(html(<Localised locale="fr" en="Parks" fr="Parcs" as="h1" />)).toBe('<h1>Parcs</h1>');
    expect(html(<Localised locale="fr" en="Parks" fr="Parcs" />)).toBe('Parcs');
  });

  it('English page: no lang', () => {
    expect(html(<Localised locale="en" en="Parks" fr="Parcs" as="p" class="lead" />)).toBe('<p class="lead">Parks</p>');
    expect(html(<Localised locale="en" en="Parks" fr={null} />)).toBe('Parks');
    expect(html(<Localised locale="en" en="Parks" class="x" />)).toBe('<span class="x">Parks</span>');
  });
});
