/**
 * The language of what people write (issue 10 point 25, WCAG 3.1.2), in Chromium with JavaScript
 * on and off: Léa, whose interface is French, shares an idea written in English (the form offers
 * French first), previews it and publishes it; on her French page the idea is marked English.
 * She comments in English and in French; an English reader sees the French comment marked French
 * and nothing else marked. axe checks the French form and pages (with JavaScript on: axe needs it).
 *
 * Sign-in is rate limited (10 per email address and IP): Léa signs in once per run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, startServerAndBrowser, visit, type Tab } from './support/browser.js';
import { DEMO_PASSWORD, headerName, signIn, t } from './support/flows.js';
import type { RunningServer } from '../support/server.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const tab = async (js: boolean) => openTab(browser!, server!.url, { js });

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser(launchBrowser));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const LEA = DEMO_ACCOUNTS.find((a) => a.email.startsWith('lea.'))!;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Waits until htmx has finished swapping. */
const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));

/** Posts the new-comment form: htmx answers in place with JavaScript, a page loads without. */
async function postComment(me: Tab, body: string, language: 'en' | 'fr') {
  const { page } = me;
  expect(await page.locator('#comment-body-language').inputValue(), 'preselected: the interface language').toBe('fr');
  await page.locator('#comment-body').fill(body);
  await page.locator('#comment-body-language').selectOption(language);
  const button = page.locator('#comment-form button[type=submit]');
  if (me.js) {
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 200), button.click()]);
    await settled(page);
  } else {
    expect((await clickAndLoad(page, button)).status()).toBe(200);
  }
}

/** The text block of the comment whose text contains `text`. */
const commentBody = (page: Page, text: string) => page.locator('.comment-main > .markdown', { hasText: text });

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  const suffix = js ? 'JS' : 'NoJS';

  test('an idea and comments in the language their author chose, marked on pages in the other language', async () => {
    const me = await tab(js);
    const reader = await tab(js);
    const { page } = me;
    try {
      expect((await signIn(page, LEA.email, DEMO_PASSWORD)).status()).toBe(200);
      expect(await headerName(page).textContent()).toBe(LEA.displayName);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');

      // The new-idea form of the open challenge: the language select offers French first.
      await visit(page, '/challenges?q=Greener+high+streets');
      await clickAndLoad(page, page.locator('main .challenge-card h2 a').first());
      const challengePath = pathOf(page);
      await clickAndLoad(page, page.locator(`main a[href="${challengePath}/ideas/new"]`));
      expect(await page.locator('label[for="language"]').textContent()).toBe(t.fr('content.language.label'));
      expect(await page.locator('#language').inputValue()).toBe('fr');
      expect(await page.locator('#language option[value="en"]').getAttribute('lang')).toBe('en');
      await checkA11y(me, 'new idea form (French)');

      const title = `Water fountains on the high street ${suffix}`;
      await page.locator('#title').fill(title);
      await page.locator('#summary').fill('Refill bottles instead of buying new ones.');
      await page.locator('#description').fill('Near the **bus stops**.');
      await page.locator('#language').selectOption('en');

      // The preview is marked English too (in place with htmx, a page without).
      const preview = page.locator('button[name="intent"][value="preview"]');
      if (js) {
        await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ideas/preview') && r.status() === 200), preview.click()]);
        await expect.poll(() => page.locator('#idea-preview h3').getAttribute('lang')).toBe('en');
      } else {
        expect((await clickAndLoad(page, preview)).status()).toBe(200);
        expect(await page.locator('#idea-preview h3').getAttribute('lang')).toBe('en');
        expect(await page.locator('#language').inputValue(), 'the choice is kept').toBe('en');
      }
      expect(await page.locator('#idea-preview .markdown').getAttribute('lang')).toBe('en');

      await clickAndLoad(page, page.locator('button[name="intent"][value="publish"]'));
      const ideaPath = pathOf(page);
      expect(ideaPath).toMatch(new RegExp(`^/ideas/${UUID}$`));
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('h1').textContent()).toBe(title);
      expect(await page.locator('h1').getAttribute('lang')).toBe('en');
      expect(await page.locator('main p.lead').getAttribute('lang')).toBe('en');
      expect(await page.locator('article.idea .markdown').getAttribute('lang')).toBe('en');
      await checkA11y(me, '/ideas/:id (French page, English idea)');

      // Two comments: one in English (marked on this French page), one in French (not).
      await postComment(me, `Good idea, I would use them (${suffix})`, 'en');
      await expect.poll(() => commentBody(page, 'Good idea').getAttribute('lang')).toBe('en');
      if (js) expect(await page.locator('#comment-body-language').inputValue(), 'a fresh form: the interface language again').toBe('fr');
      await postComment(me, `Bonne idée, près de la gare aussi (${suffix})`, 'fr');
      await expect.poll(() => commentBody(page, 'Bonne idée').count()).toBe(1);
      expect(await commentBody(page, 'Bonne idée').getAttribute('lang')).toBeNull();
      await checkA11y(me, '/ideas/:id (French page, comments in both languages)');

      // The card in the challenge's list, on the French page.
      await visit(page, `${challengePath}?sort=newest`);
      const card = page.locator('#idea-cards li.idea-card', { hasText: title });
      expect(await card.locator('h3').getAttribute('lang')).toBe('en');

      // An English reader: the idea is in the page's language; the French comment is marked French.
      await visit(reader.page, ideaPath);
      expect(await reader.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await reader.page.locator('h1').getAttribute('lang')).toBeNull();
      expect(await commentBody(reader.page, 'Bonne idée').getAttribute('lang')).toBe('fr');
      expect(await commentBody(reader.page, 'Good idea').getAttribute('lang')).toBeNull();
      await checkA11y(reader, '/ideas/:id (English page, French comment)');
    } finally {
      await me.close();
      await reader.close();
    }
  });
});
