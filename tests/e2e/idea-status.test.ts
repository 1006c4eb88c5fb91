/**
 * What an idea's status does to it, in the browser (issue 10, points 12, 14, 16 and the
 * withdrawal of 21), with JavaScript on and off, in English and French; axe on every page state
 * with JavaScript on. Fresh server with the demo seeded.
 *
 * - An author withdraws an idea: a confirmation step (its own page, or loaded in place by htmx)
 *   asking why; the reason and explanation show on the idea; the status filter finds it.
 * - The demo's "Live street works map" was not taken forward in a challenge whose voting has
 *   closed: the list defaults to the most supported first and says so, leaves it out, and the
 *   status filter finds it; its page says how many supported it and shows the reason instead of
 *   a Support button; it can still be discussed.
 *
 * Sign-in is rate limited (10 per e-mail and address per 15 minutes): this file signs in 4 times.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locale } from '../../src/i18n/index.js';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, DEMO_PASSWORD, headerName, mainForm, signIn, switchLanguage, t } from './support/flows.js';
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

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** An element's text with its line breaks and indentation collapsed (a narrow no-break space stays as it is). */
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
const cardTitles = (page: Page) => page.locator('#idea-cards > li.idea-card h3').allTextContents();

/** A demo challenge's path, found with the directory's search box. */
async function findChallenge(page: Page, title: string): Promise<string> {
  await visit(page, `/challenges?q=${encodeURIComponent(title)}`);
  await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: title }));
  expect(pathOf(page)).toMatch(new RegExp(`^/challenges/${UUID}$`));
  return pathOf(page);
}

/** Sam shares an idea on the challenge's new-idea form; returns its path. */
async function shareIdea(page: Page, challengePath: string, title: string): Promise<string> {
  await visit(page, `${challengePath}/ideas/new`);
  await page.locator('#summary').fill('Canvas sails between the shopfronts on hot days.');
  await page.locator('#title').fill(title);
  await clickAndLoad(page, page.locator('main form button[name=intent][value=publish]'));
  expect(pathOf(page)).toMatch(new RegExp(`^/ideas/${UUID}$`));
  return pathOf(page);
}

/**
 * Picks a status in the ideas list's filter and shows the list: without JavaScript the form's GET
 * loads the page; with, htmx swaps the section in place (and the address follows).
 */
async function filterByStatus(me: Tab, status: string) {
  const { page } = me;
  await page.locator('#ideas-status').selectOption(status);
  const submit = page.locator('#ideas form.ideas-filter button[type=submit]');
  if (me.js) {
    await Promise.all([page.waitForResponse((r) => r.url().includes('/ideas?') && r.request().method() === 'GET'), submit.click()]);
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe(status);
  } else {
    await clickAndLoad(page, submit);
    expect(new URL(page.url()).searchParams.get('status')).toBe(status);
  }
}

/**
 * From the idea page to the confirmation: without JavaScript the link opens its page; with, htmx
 * loads the form into the idea page (no page load) and focus goes to the first reason.
 */
async function openWithdrawal(me: Tab, ideaPath: string, lang: Locale) {
  const { page } = me;
  const link = page.locator(`main a[href="${ideaPath}/withdraw"]`);
  expect(await link.textContent()).toBe(t[lang]('ideas.page.withdraw'));
  if (me.js) {
    const before = page.url();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith(`${ideaPath}/withdraw`) && r.status() === 200), link.click()]);
    await page.locator('#idea-withdraw #withdraw-form').waitFor();
    expect(page.url(), 'no page load').toBe(before);
    expect(await text(page, '#idea-withdraw h2')).toBe(t[lang]('ideas.withdraw.title'));
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('duplicate');
  } else {
    await clickAndLoad(page, link);
    expect(pathOf(page)).toBe(`${ideaPath}/withdraw`);
    expect(await text(page, 'h1')).toBe(t[lang]('ideas.withdraw.title'));
  }
}

/**
 * Presses "Withdraw the idea". Refused (`error`: the summary's line expected): the form again with its
 * error summary — in place with htmx (no page load), as the page without. Done: the idea page.
 */
async function confirmWithdrawal(me: Tab, error?: string) {
  const { page } = me;
  const button = page.locator('#withdraw-form button[type=submit]');
  if (me.js && error) {
    const url = page.url();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/withdraw') && r.request().method() === 'POST' && r.status() === 422), button.click()]);
    await expect.poll(() => text(page, '#idea-withdraw .error-summary li')).toBe(error);
    expect(page.url()).toBe(url);
  } else {
    const res = await clickAndLoad(page, button);
    expect(res.status()).toBe(error ? 422 : 200);
    if (error) expect(await text(page, '.error-summary li')).toBe(error);
  }
}

/** The journeys start in English, whatever language an earlier journey left the account in. */
async function signInInEnglish(page: Page) {
  expect((await signIn(page, CITIZEN.email, DEMO_PASSWORD)).status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(CITIZEN.displayName);
  if ((await page.locator('html').getAttribute('lang')) !== 'en') await switchLanguage(page, 'en');
}

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  test('an author withdraws an idea, saying why, in English and in French; the status filter finds it', async () => {
    const me = await tab(js);
    const { page } = me;
    try {
      await signInInEnglish(page);
      const challengePath = await findChallenge(page, 'Greener high streets');
      const suffix = js ? 'js' : 'plain';

      for (const lang of ['en', 'fr'] as const) {
        if (lang === 'fr') await switchLanguage(page, 'fr');
        const title = `Shade sails over the market (${suffix}, ${lang})`;
        const ideaPath = await shareIdea(page, challengePath, title);
        await openWithdrawal(me, ideaPath, lang);
        await checkA11y(me, `${ideaPath}/withdraw (${lang})`);

        // Nothing chosen: the form again, saying what is missing; nothing withdrawn.
        // The summary names the field (point 20); the field's own message says it alone.
        const line = (field: 'ideas.withdraw.reason' | 'ideas.withdraw.explanation', message: 'ideas.withdraw.reasonRequired' | 'ideas.withdraw.explanationRequired') =>
          t[lang]('form.errorSummary.item', { field: t[lang](field), message: t[lang](message) });
        await confirmWithdrawal(me, line('ideas.withdraw.reason', 'ideas.withdraw.reasonRequired'));
        expect(await text(page, '#reason-error')).toBe(t[lang]('ideas.withdraw.reasonRequired'));
        await checkA11y(me, `${ideaPath}/withdraw with an error (${lang})`);

        // "Another reason" needs words; then the withdrawal goes through.
        await page.locator('#withdraw-form label.choice', { hasText: t[lang]('ideas.withdraw.reason.other') }).locator('input').check();
        await confirmWithdrawal(me, line('ideas.withdraw.explanation', 'ideas.withdraw.explanationRequired'));
        expect(await page.locator('#withdraw-form input[value=other]').isChecked(), 'the choice is kept').toBe(true);
        const explanation = lang === 'en' ? 'The traders are already putting up their own awnings.' : 'Les commerçants installent déjà leurs propres stores.';
        await page.locator('#explanation').fill(explanation);
        await confirmWithdrawal(me);

        expect(pathOf(page)).toBe(ideaPath);
        expect(await text(page, 'main .flash')).toBe(t[lang]('ideas.flash.withdrawn'));
        expect(await text(page, 'main .idea-meta .badge')).toBe(t[lang]('ideas.status.withdrawn'));
        expect(await text(page, 'main .idea-withdrawn p')).toBe(t[lang]('ideas.page.withdrawn'));
        expect(await page.locator('main .idea-withdrawn dt').allTextContents()).toEqual([t[lang]('ideas.page.withdrawReason'), t[lang]('ideas.page.withdrawExplanation')]);
        expect((await page.locator('main .idea-withdrawn dd').allTextContents()).map((s) => s.trim())).toEqual([t[lang]('ideas.withdraw.reason.other'), explanation]);
        expect(await page.locator(`main a[href="${ideaPath}/withdraw"]`).count()).toBe(0);
        await checkA11y(me, `${ideaPath} (withdrawn, ${lang})`);

        // Gone from the default list; found with the status filter.
        await visit(page, `${challengePath}?sort=newest`);
        expect(await cardTitles(page)).not.toContain(title);
        await filterByStatus(me, 'withdrawn');
        expect(await cardTitles(page)).toContain(title);
        const reason = page.locator('#idea-cards > li.idea-card', { hasText: title }).locator('.vote-reason');
        expect((await reason.textContent())?.trim()).toBe(t[lang]('votes.policy.withdrawn'));
        await checkA11y(me, `${challengePath}?status=withdrawn (${lang})`);
      }
      expect(cspErrors(me), 'CSP violations').toEqual([]);
    } finally {
      await me.close();
    }
  });

  test('an idea not taken forward: out of the default list (most supported first, now voting has closed), found by its status, its page saying why and how many supported it', async () => {
    const me = await tab(js);
    const { page } = me;
    try {
      await signInInEnglish(page);
      const challengePath = await findChallenge(page, 'Which open data should we publish first?');
      for (const lang of ['en', 'fr'] as const) {
        if (lang === 'fr') {
          await switchLanguage(page, 'fr');
          await visit(page, challengePath);
        }
        // Voting has closed: most supported first, and it says so; the idea not taken forward is not in the list.
        expect(await page.locator('#ideas-sort').inputValue()).toBe('supported');
        expect(await page.locator('#ideas .hint').allTextContents()).toContain(t[lang]('ideas.sort.supported.voteOver'));
        expect(await cardTitles(page)).toEqual(['Bin collection days as open data', 'Planning applications as open data']);
        await checkA11y(me, `${challengePath} (voting closed, ${lang})`);

        await filterByStatus(me, 'not_taken_forward');
        expect(await cardTitles(page)).toEqual(['Live street works map']);
        await clickAndLoad(page, page.locator('#idea-cards h3 a', { hasText: 'Live street works map' }));
        const ideaPath = pathOf(page);
        expect(ideaPath).toMatch(new RegExp(`^/ideas/${UUID}$`));
        expect(await text(page, 'main .idea-meta .badge')).toBe(t[lang]('ideas.status.not_taken_forward'));
        const notice = page.locator('main .idea-not-taken-forward p');
        expect((await notice.allTextContents()).map((s) => s.trim())).toEqual([t[lang]('ideas.page.notTakenForward'), t[lang]('ideas.page.notTakenForward.supporters', { count: 2 })]);
        // The reason in place of the Support button; the discussion stays open.
        const id = ideaPath.split('/').at(-1)!;
        expect(await page.locator(`#vote-${id} button`).count()).toBe(0);
        expect(await text(page, `#vote-${id} .vote-reason`)).toBe(t[lang]('votes.policy.notTakenForward'));
        expect(await mainForm(page, `${ideaPath}/comments`).count()).toBeGreaterThan(0);
        await checkA11y(me, `${ideaPath} (not taken forward, ${lang})`);
      }
      expect(cspErrors(me), 'CSP violations').toEqual([]);
    } finally {
      await me.close();
    }
  });
});
