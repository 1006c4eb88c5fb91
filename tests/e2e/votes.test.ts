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
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';
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

type Parts = { state?: 'supported' | 'withdrawn'; count: number; left: number };
/** The live region's text: the state and the count; after an htmx action also the supports left (announced with it). */
const says = (lang: 'en' | 'fr', parts: Parts, announced = false) =>
  [
    parts.state ? t[lang](parts.state === 'supported' ? 'votes.state.supported' : 'votes.state.withdrawn') : null,
    `${t[lang]('votes.count', { count: parts.count })}.`,
    announced ? t[lang]('votes.budget', { count: parts.left, total: BUDGET }) : null,
  ]
    .filter(Boolean)
    .join(' ');
/** The supports left shown by a control. */
const budgetOf = async (page: Page, ideaId: string) => ((await control(page, ideaId).locator('.vote-budget').textContent()) ?? '').trim();

/**
 * Clicks the control's button. With JavaScript, htmx posts it and morphs the control in place:
 * the page does not reload, the live region is the same element with new text (so screen readers
 * announce it, the supports left with it), and the focus stays on the button. Without, the form
 * posts and the browser comes back to the control's anchor with a flash message.
 */
async function press(me: Tab, ideaId: string, lang: 'en' | 'fr', parts: Parts) {
  const { page } = me;
  const button = page.locator(`#vote-${ideaId}-button`);
  if (me.js) {
    const expected = says(lang, parts, true);
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
    expect(await live(page, ideaId)).toBe(says(lang, parts));
  }
  expect(await budgetOf(page, ideaId)).toBe(t[lang]('votes.budget', { count: parts.left, total: BUDGET }));
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
      expect(await budgetOf(page, target)).toBe(t.en('votes.budget', { count: 3, total: BUDGET }));
      expect(await control(page, own).textContent()).toContain(t.en('votes.policy.ownIdea'));
      expect(await control(page, own).locator('button').count()).toBe(0);
      await checkA11y(me, `${path} (signed in, voting)`);

      await press(me, target, 'en', { state: 'supported', count: n + 1, left: 2 });
      if (!js) expect(await flash(page)).toBe(t.en('votes.flash.supported', { title, left: 2, total: BUDGET }));
      expect(await page.locator(`#vote-${target}-button`).textContent()).toContain(t.en('votes.action.unsupport'));
      await checkA11y(me, `${path} (supported)`);

      // The idea page shows the same control and state.
      await visit(page, `/ideas/${target}`);
      expect(await live(page, target)).toBe(says('en', { state: 'supported', count: n + 1, left: 2 }));
      await checkA11y(me, `/ideas/${target} (supported)`);

      await press(me, target, 'en', js ? { state: 'withdrawn', count: n, left: 3 } : { count: n, left: 3 });
      if (!js) expect(await flash(page)).toBe(t.en('votes.flash.unsupported', { title, left: 3, total: BUDGET }));
      expect(pathOf(page)).toBe(`/ideas/${target}`);
      await checkA11y(me, `/ideas/${target} (withdrawn)`);

      // In French: the same journey, announced in French.
      await switchLanguage(page, 'fr');
      await visit(page, path);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await live(page, target)).toBe(says('fr', { count: n, left: 3 }));
      await checkA11y(me, `${path} (fr)`);
      await press(me, target, 'fr', { state: 'supported', count: n + 1, left: 2 });
      if (!js) expect(await flash(page)).toBe(t.fr('votes.flash.supported', { title, left: 2, total: BUDGET }));
      await checkA11y(me, `${path} (fr, supported)`);
      await press(me, target, 'fr', js ? { state: 'withdrawn', count: n, left: 3 } : { count: n, left: 3 });
      await checkA11y(me, `${path} (fr, withdrawn)`);
      await switchLanguage(page, 'en');

      expect(cspErrors(me), 'CSP violations').toEqual([]);
      if (js) expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });

  /**
   * Issue 10, point 13: Amira has spent her 3 supports in the challenge, so every card says "0 of
   * 3 supports left" and the card she does not support says she has used them all. A withdrawal
   * and a new support change every card's budget at once — with JavaScript through the answer's
   * partials, without through the reload — and only the control acted on announces.
   */
  test('every card shows the same supports left after each support and withdrawal, in English and French', async () => {
    const me = await tab(js);
    const { page } = me;
    const amira = DEMO_ACCOUNTS.find((a) => a.email.startsWith('amira.'))!;
    const idea = 'Lunch clubs in pubs';
    try {
      const path = await challengePath(page);
      await visit(page, `/sign-in?next=${encodeURIComponent(path)}`);
      await signIn(page, amira.email, DEMO_PASSWORD);
      expect(await headerName(page).textContent()).toBe(amira.displayName);
      const target = await ideaIdOf(page, idea);
      const cards = await page.locator('#idea-cards > li.idea-card').count();
      expect(cards).toBe(4);

      const budgets = async () => (await page.locator('#idea-cards .vote-budget').allTextContents()).map((x) => x.trim());
      const spentNotices = (lang: 'en' | 'fr') => page.locator('#idea-cards .vote-reason', { hasText: t[lang]('votes.policy.budgetSpent') }).count();
      const supportButtons = () => page.locator('#idea-cards form[action$="/support"]').count();
      const everywhere = (lang: 'en' | 'fr', left: number) => Array<string>(cards).fill(t[lang]('votes.budget', { count: left, total: BUDGET }));
      /** The live regions of the controls not acted on say nothing of the budget (they change silently). */
      const othersSilent = async (lang: 'en' | 'fr', left: number) => {
        const statuses = await page.locator(`#idea-cards .vote-status:not(#vote-${target}-status)`).allTextContents();
        expect(statuses).toHaveLength(cards - 1);
        for (const status of statuses) expect(status).not.toContain(t[lang]('votes.budget', { count: left, total: BUDGET }));
      };

      for (const lang of ['en', 'fr'] as const) {
        if (lang === 'fr') {
          await switchLanguage(page, 'fr');
          expect(pathOf(page).startsWith(path)).toBe(true);
        }
        expect(await budgets()).toEqual(everywhere(lang, 0));
        expect(await spentNotices(lang)).toBe(1);
        expect(await supportButtons()).toBe(0);
        await checkA11y(me, `${path} (${lang}, no supports left)`);

        // Withdrawing one support: every card has one left, and the spent notice gives way to a Support button.
        await press(me, target, lang, js ? { state: 'withdrawn', count: 0, left: 1 } : { count: 0, left: 1 });
        await expect.poll(budgets).toEqual(everywhere(lang, 1));
        await expect.poll(() => spentNotices(lang)).toBe(0);
        expect(await supportButtons()).toBe(2); // the idea just left, and the one she never supported
        if (js) await othersSilent(lang, 1);
        await checkA11y(me, `${path} (${lang}, one support left)`);

        // Supporting it again: none left anywhere, and the notice is back.
        await press(me, target, lang, { state: 'supported', count: 1, left: 0 });
        await expect.poll(budgets).toEqual(everywhere(lang, 0));
        await expect.poll(() => spentNotices(lang)).toBe(1);
        expect(await supportButtons()).toBe(0);
      }
      await switchLanguage(page, 'en');
      expect(cspErrors(me), 'CSP violations').toEqual([]);
      if (js) expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });
});
