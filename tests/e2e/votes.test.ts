/**
 * Support journeys against the real server (fresh database with the demo seeded), with JavaScript
 * on and off, on the demo challenge in its voting phase ("Loneliness among older residents",
 * 3 supports per person; Sam Taylor wrote two of its four ideas). axe checks every page state
 * with JavaScript on, in English and French.
 *
 * Sign-in is rate limited (10 per e-mail and address per 15 minutes): this file signs in twice.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, DEMO_PASSWORD, headerName, signIn, switchLanguage, t } from './support/flows.js';
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

const CHALLENGE = 'Loneliness among older residents';
const BUDGET = 3;

/** The demo challenge's page path, found through the directory like a visitor would. */
async function challengePath(page: Page): Promise<string> {
  await visit(page, '/challenges');
  const link = page.locator('main .challenge-card h2 a', { hasText: CHALLENGE });
  await clickAndLoad(page, link);
  return pathOf(page);
}

/** The id of the idea whose card has this title. */
async function ideaIdOf(page: Page, title: string): Promise<string> {
  const id = await page.locator('#idea-cards > li.idea-card', { hasText: title }).getAttribute('id');
  return id!.replace(/^idea-/, '');
}

const control = (page: Page, ideaId: string) => page.locator(`#vote-${ideaId}`);
/** The live region's text, as a screen reader reads it. */
const live = async (page: Page, ideaId: string) =>
  ((await page.locator(`#vote-${ideaId}-status`).textContent()) ?? '').replace(/\s+/g, ' ').replace(/ \./g, '.').trim();
const flash = (page: Page) => page.locator('main .flash').textContent();

const says = (lang: 'en' | 'fr', parts: { state?: 'supported' | 'withdrawn'; count: number; left: number }) =>
  [
    parts.state ? t[lang](parts.state === 'supported' ? 'votes.state.supported' : 'votes.state.withdrawn') : null,
    `${t[lang]('votes.count', { count: parts.count })}.`,
    t[lang]('votes.budget', { count: parts.left, total: BUDGET }),
  ]
    .filter(Boolean)
    .join(' ');

/**
 * Clicks the control's button. With JavaScript, htmx posts it and morphs the control in place:
 * the page does not reload, the live region is the same element with new text (so screen readers
 * announce it), and the focus stays on the button. Without, the form posts and the browser comes
 * back to the control's anchor with a flash message.
 */
async function press(me: Tab, ideaId: string, expected: string) {
  const { page } = me;
  const button = page.locator(`#vote-${ideaId}-button`);
  if (me.js) {
    const before = await live(page, ideaId);
    const url = page.url();
    await page.locator(`#vote-${ideaId}-status`).evaluate((el) => ((el as HTMLElement & { __kept?: boolean }).__kept = true));
    await button.focus();
    await Promise.all([page.waitForResponse((r) => r.url().includes(`/ideas/${ideaId}/`) && r.request().method() === 'POST'), button.press('Enter')]);
    await expect.poll(() => live(page, ideaId)).toBe(expected);
    expect(expected).not.toBe(before);
    expect(page.url(), 'no page load').toBe(url);
    expect(await page.locator(`#vote-${ideaId}-status`).evaluate((el) => (el as HTMLElement & { __kept?: boolean }).__kept === true), 'the live region stays in the page').toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`vote-${ideaId}-button`);
  } else {
    const res = await clickAndLoad(page, button);
    expect(res.status()).toBe(200);
    expect(new URL(page.url()).hash).toBe(`#vote-${ideaId}`);
    expect(await live(page, ideaId)).toBe(expected);
  }
}

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  test('a citizen supports an idea and withdraws the support, seeing the supports left', async () => {
    const me = await tab(js);
    const { page } = me;
    try {
      // A visitor sees the counts and is offered to sign in, coming back to the same control.
      const path = await challengePath(page);
      expect(await page.locator('h1').textContent()).toBe(CHALLENGE);
      const own = await ideaIdOf(page, 'Tea and tech afternoons'); // Sam's
      const target = await ideaIdOf(page, js ? 'A knock-on-the-door rota' : 'Bus buddies');
      const title = js ? 'A knock-on-the-door rota' : 'Bus buddies';
      // The demo has supports already (Sam has none).
      const n = Number(/^(\d+) supporters?\.$/.exec(await live(page, target))?.[1]);
      expect(n).toBeGreaterThan(0);
      await checkA11y(me, `${path} (anonymous, voting)`);
      const signInLink = control(page, target).locator('a', { hasText: t.en('votes.signIn') });
      await clickAndLoad(page, signInLink);
      expect(pathOf(page)).toMatch(/^\/sign-in\?next=/);
      const res = await signIn(page, CITIZEN.email, DEMO_PASSWORD);
      expect(res.status()).toBe(200);
      expect(await headerName(page).textContent()).toBe(CITIZEN.displayName);
      expect(pathOf(page).startsWith(`${path}?`)).toBe(true);
      expect(new URL(page.url()).hash).toBe(`#vote-${target}`);

      // Signed in: the budget, a button, and no button on one's own idea.
      expect(await live(page, target)).toBe(says('en', { count: n, left: 3 }));
      expect(await control(page, own).textContent()).toContain(t.en('votes.policy.ownIdea'));
      expect(await control(page, own).locator('button').count()).toBe(0);
      await checkA11y(me, `${path} (signed in, voting)`);

      await press(me, target, says('en', { state: 'supported', count: n + 1, left: 2 }));
      if (!js) expect(await flash(page)).toBe(t.en('votes.flash.supported', { title, left: 2, total: BUDGET }));
      expect(await page.locator(`#vote-${target}-button`).textContent()).toContain(t.en('votes.action.unsupport'));
      await checkA11y(me, `${path} (supported)`);

      // The idea page shows the same control and state.
      await visit(page, `/ideas/${target}`);
      expect(await live(page, target)).toBe(says('en', { state: 'supported', count: n + 1, left: 2 }));
      await checkA11y(me, `/ideas/${target} (supported)`);

      await press(me, target, js ? says('en', { state: 'withdrawn', count: n, left: 3 }) : says('en', { count: n, left: 3 }));
      if (!js) expect(await flash(page)).toBe(t.en('votes.flash.unsupported', { title, left: 3, total: BUDGET }));
      expect(pathOf(page)).toBe(`/ideas/${target}`);
      await checkA11y(me, `/ideas/${target} (withdrawn)`);

      // In French: the same journey, announced in French.
      await switchLanguage(page, 'fr');
      await visit(page, path);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await live(page, target)).toBe(says('fr', { count: n, left: 3 }));
      await checkA11y(me, `${path} (fr)`);
      await press(me, target, says('fr', { state: 'supported', count: n + 1, left: 2 }));
      if (!js) expect(await flash(page)).toBe(t.fr('votes.flash.supported', { title, left: 2, total: BUDGET }));
      await checkA11y(me, `${path} (fr, supported)`);
      await press(me, target, js ? says('fr', { state: 'withdrawn', count: n, left: 3 }) : says('fr', { count: n, left: 3 }));
      await checkA11y(me, `${path} (fr, withdrawn)`);
      await switchLanguage(page, 'en');

      expect(cspErrors(me), 'CSP violations').toEqual([]);
      if (js) expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });
});
