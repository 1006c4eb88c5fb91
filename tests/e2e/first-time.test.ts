/**
 * Issue 10, "What a first-time user stumbles on", in Chromium against the real server (fresh
 * database with the demo seeded), with JavaScript on and off:
 * - point 23: at 320 and 375 px wide no page of the list overflows sideways, controls are at least
 *   44 px tall and buttons 24 px, idea cards and the buttons beside links do not touch, fieldsets
 *   have no box, and the idea page says "Submitted" and "No comments yet" once;
 * - point 20: the filtered ideas list's count takes the focus (and is a live region), the error
 *   summary has the focus after a full-page submit and names each field, the preview is brought
 *   into view;
 * - point 21: closing early, archiving and removing a member ask first, and Cancel changes nothing;
 * - point 18: the home page shows the challenges open now and what is waiting for a signed-in person.
 *
 * Sign-in is rate limited (10 per address per 15 minutes): this file signs in 5 times.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, COUNCIL_OWNER, DEMO_PASSWORD, headerName, mainForm, signIn, switchLanguage, t } from './support/flows.js';
import type { RunningServer } from '../support/server.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const srv = () => server!;
const tab = async (js: boolean) => openTab(browser!, srv().url, { js });

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser(launchBrowser));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const ORG = '/organisations/riverside-council';

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** A demo challenge's path, by its title (found through the directory's search). */
async function challengeByTitle(title: string): Promise<string> {
  const html = await (await fetch(`${srv().url}/challenges?q=${encodeURIComponent(title)}`)).text();
  const m = /href="(\/challenges\/[0-9a-f-]{36})"/.exec(html);
  if (!m?.[1]) throw new Error(`the demo challenge "${title}" is not in the directory`);
  return m[1];
}

const GREENER = 'Greener high streets';

/** An idea of a challenge with no comments (its card says so), for the repeated-words check. */
async function ideaWithoutComments(challengePath: string): Promise<string> {
  const html = await (await fetch(`${srv().url}${challengePath}?sort=newest`)).text();
  const m = new RegExp(`href="(/ideas/[0-9a-f-]{36})#comments">${t.en('ideas.commentCount', { count: 0 })}<`).exec(html);
  if (!m?.[1]) throw new Error(`no idea without comments on ${challengePath}`);
  return m[1];
}

type Layout = {
  scrollWidth: number;
  clientWidth: number;
  /** Scrolling boxes in main wider than themselves (a table that scrolls sideways). */
  wideBoxes: string[];
  shortControls: string[];
  smallButtons: string[];
  boxedFieldsets: string[];
  touching: string[];
  cardGaps: number[];
};

/** Measures the page as it is laid out now. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
    const main = document.querySelector('main')!;
    const wideBoxes = [...main.querySelectorAll('*')]
      .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${name(e)} ${e.scrollWidth}>${e.clientWidth}`);
    const controls = [...main.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')].filter(visible);
    const shortControls = controls.filter((e) => e.getBoundingClientRect().height < 44).map((e) => `${name(e)} ${Math.round(e.getBoundingClientRect().height)}px`);
    const buttons = [...main.querySelectorAll('button, a.button, input[type=submit]')].filter(visible);
    const smallButtons = buttons
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.height < 24 || r.width < 24;
      })
      .map((e) => name(e));
    const boxedFieldsets = [...main.querySelectorAll('fieldset')].filter((e) => parseFloat(getComputedStyle(e).borderTopWidth) > 0).map(name);
    // Side by side in one row of actions, nothing touches its neighbour.
    const touching: string[] = [];
    for (const row of main.querySelectorAll('.form-actions, .idea-actions, .challenge-manage ul')) {
      const items = [...row.children].filter(visible).map((e) => e.getBoundingClientRect());
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1]!, items[i]!];
        const sameLine = b.top < a.bottom && a.top < b.bottom;
        if (sameLine && b.left - a.right < 4) touching.push(`${name(row)} item ${i}`);
      }
    }
    const cards = [...document.querySelectorAll('#idea-cards > li.idea-card')].map((e) => e.getBoundingClientRect());
    const cardGaps = cards.slice(1).map((r, i) => r.top - cards[i]!.bottom);
    const se = document.scrollingElement!;
    return { scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, wideBoxes, shortControls, smallButtons, boxedFieldsets, touching, cardGaps };
  });
}

async function expectFits(page: Page, label: string) {
  const m = await measure(page);
  expect(m.scrollWidth, `${label}: the page is no wider than the screen`).toBeLessThanOrEqual(m.clientWidth);
  expect(m.wideBoxes, `${label}: nothing scrolls sideways inside it`).toEqual([]);
  expect(m.shortControls, `${label}: controls at least 44px tall`).toEqual([]);
  expect(m.smallButtons, `${label}: buttons at least 24px`).toEqual([]);
  expect(m.boxedFieldsets, `${label}: fieldsets without the browser's box`).toEqual([]);
  expect(m.touching, `${label}: actions side by side do not touch`).toEqual([]);
  for (const gap of m.cardGaps) expect(gap, `${label}: idea cards apart`).toBeGreaterThan(0);
  return m;
}

// ---- 23 (and 18): narrow screens ----------------------------------------------------------------

describe('narrow screens (point 23)', () => {
  test('at 320 and 375 px: home, challenges, a challenge, an idea, your ideas and the French new-idea form fit', async () => {
    const me = await tab(true);
    const { page } = me;
    try {
      await signInAs(page, CITIZEN);
      const challenge = await challengeByTitle(GREENER);
      const idea = await ideaWithoutComments(challenge);
      const pages = ['/', '/challenges', challenge, idea, '/account/ideas'];
      for (const width of [320, 375]) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of pages) {
          await visit(page, path);
          const m = await expectFits(page, `${path} at ${width}px`);
          if (path === challenge) expect(m.cardGaps.length, 'the challenge has idea cards').toBeGreaterThan(1);
        }
      }

      // The idea page says each thing once (its status, its discussion's emptiness).
      await visit(page, idea);
      const article = (await page.locator('article.idea').textContent()) ?? '';
      expect(article.split(t.en('ideas.status.submitted')).length - 1).toBe(1);
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main.split(t.en('comments.count', { count: 0 })).length - 1).toBe(1);

      // Home, signed in: what is waiting, and the challenges open now.
      await visit(page, '/');
      expect(await page.locator('#waiting-title').textContent()).toBe(t.en('home.waiting.title'));
      expect(await page.locator('#live-title').textContent()).toBe(t.en('home.live.title'));
      expect(await page.locator('.home-live .challenge-card h3 a', { hasText: GREENER }).count()).toBe(1);
      expect(await page.locator('.home-waiting a[href="/account/ideas"]').count()).toBe(1);

      // In French: the topic filter of the directory and the new-idea form.
      await switchLanguage(page, 'fr');
      for (const width of [320, 375]) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of ['/', '/challenges', challenge, idea, '/account/ideas', `${challenge}/ideas/new`]) {
          await visit(page, path);
          await expectFits(page, `${path} (fr) at ${width}px`);
        }
      }
      await visit(page, idea);
      const articleFr = (await page.locator('article.idea').textContent()) ?? '';
      expect(articleFr.split(t.fr('ideas.status.submitted')).length - 1).toBe(1);
      expect(((await page.locator('main').textContent()) ?? '').split(t.fr('comments.count', { count: 0 })).length - 1).toBe(1);
      await visit(page, '/');
      expect(await page.locator('#waiting-title').textContent()).toBe(t.fr('home.waiting.title'));
      await switchLanguage(page, 'en');
      expect(cspErrors(me)).toEqual([]);
    } finally {
      await me.close();
    }
  });

  test('the check itself fails on an overflowing page with a short control', async () => {
    const me = await tab(true);
    try {
      await me.page.setViewportSize({ width: 320, height: 800 });
      await me.page.setContent('<!doctype html><html><body><main><input type="search" style="height:21px"><div style="width:600px">wide</div></main></body></html>');
      const m = await measure(me.page);
      expect(m.scrollWidth).toBeGreaterThan(m.clientWidth);
      expect(m.shortControls).toHaveLength(1);
    } finally {
      await me.close();
    }
  });
});

// ---- 20: focus and announcements --------------------------------------------------------------

for (const js of [true, false]) {
  describe(`focus and announcements (point 20), JavaScript ${js ? 'on' : 'off'}`, () => {
    test('filtering the ideas: the count is announced and, after an in-place filter, has the focus', async () => {
      const me = await tab(js);
      const { page } = me;
      try {
        const challenge = await challengeByTitle(GREENER);
        await visit(page, `${challenge}?sort=newest`);
        await page.locator('#ideas-q').fill('rain');
        const button = page.locator('form.ideas-filter button[type=submit]');
        if (js) {
          await Promise.all([page.waitForResponse((r) => /\/challenges\/[^/?]+\/ideas\?/.test(r.url()) && r.status() === 200), button.click()]);
          await page.waitForFunction(() => !document.querySelector('#ideas.htmx-swapping, #ideas.htmx-settling, .htmx-request'));
          // The button it came from is gone: the focus is on the count, not lost to <body>.
          await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ideas-count');
        } else {
          expect((await clickAndLoad(page, button)).status()).toBe(200);
        }
        const count = page.locator('#ideas-count');
        expect(await count.getAttribute('role')).toBe('status');
        expect(await count.textContent()).toBe(t.en('ideas.list.count', { count: 1 }));
        await checkA11y(me, `${challenge} (filtered)`);
        expect(cspErrors(me)).toEqual([]);
        if (js) expect(me.errors).toEqual([]);
      } finally {
        await me.close();
      }
    });

    test('a refused form: the summary has the focus and names each field, in English and French', async () => {
      const me = await tab(js);
      const { page } = me;
      try {
        for (const locale of ['en', 'fr'] as const) {
          if (locale === 'fr') await switchLanguage(page, 'fr');
          await visit(page, '/sign-up');
          const res = await clickAndLoad(page, mainForm(page, '/sign-up').locator('button[type=submit]'));
          expect(res.status()).toBe(422);
          await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false)).toBe(true);
          const links = await page.locator('main .error-summary a').allTextContents();
          expect(links.length).toBeGreaterThanOrEqual(2);
          expect(links).toContain(t[locale]('form.errorSummary.item', { field: t[locale]('auth.field.displayName'), message: t[locale]('validation.required') }));
          // Never the same bare message twice.
          expect(new Set(links).size).toBe(links.length);
          await checkA11y(me, `/sign-up refused (${locale})`);
        }
      } finally {
        await me.close();
      }
    });

    test('the idea preview is brought into view and has the focus', async () => {
      const me = await tab(js);
      const { page } = me;
      try {
        await signInAs(page, CITIZEN);
        const path = `${await challengeByTitle(GREENER)}/ideas/new`;
        await visit(page, path);
        await page.setViewportSize({ width: 375, height: 700 });
        await page.locator('#title').fill(`Shade sails over the market ${js ? 'on' : 'off'}`);
        await page.locator('#summary').fill('Sails between the lamp posts in summer.');
        await page.locator('#description').fill('Taken down **every autumn**.');
        const preview = page.locator('main button[value=preview]');
        if (js) {
          await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ideas/preview') && r.status() === 200), preview.click()]);
        } else {
          expect((await clickAndLoad(page, preview)).status()).toBe(200);
        }
        const section = page.locator('#idea-preview .idea-preview');
        await expect.poll(() => section.count()).toBe(1);
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('idea-preview') ?? false)).toBe(true);
        const inView = await section.evaluate((e) => {
          const r = e.getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight;
        });
        expect(inView, 'the preview is on screen').toBe(true);
        expect(await section.locator('strong').textContent()).toBe('every autumn');
        await checkA11y(me, `${path} (preview)`);
      } finally {
        await me.close();
      }
    });
  });
}

// ---- 21: confirmations -----------------------------------------------------------------------

for (const js of [true, false]) {
  describe(`confirmations (point 21), JavaScript ${js ? 'on' : 'off'}`, () => {
    test('closing early and archiving ask first; Cancel changes nothing; removing a member asks first', async () => {
      const me = await tab(js);
      const { page } = me;
      try {
        await signInAs(page, COUNCIL_OWNER);
        // One demo challenge per run: JavaScript on closes the one in voting, off the one with results.
        const path = await challengeByTitle(js ? 'Loneliness among older residents' : 'Which open data should we publish first?');
        const manage = page.locator('main nav.challenge-manage');

        for (const transition of ['close', 'archive'] as const) {
          await visit(page, path);
          await clickAndLoad(page, manage.locator(`a[href="${path}/${transition}"]`));
          expect(pathOf(page)).toBe(`${path}/${transition}`);
          expect(await page.locator('h1').textContent()).toBe(t.en(`challenges.confirm.${transition}.title`));
          await checkA11y(me, `${path}/${transition}`);
          // Cancel: back to the challenge, nothing changed.
          await clickAndLoad(page, page.locator('main form.confirm-form a', { hasText: t.en('form.cancel') }));
          expect(pathOf(page)).toBe(path);
          expect(await manage.locator(`a[href="${path}/${transition}"]`).count()).toBe(1);
          // Again, and confirm.
          await clickAndLoad(page, manage.locator(`a[href="${path}/${transition}"]`));
          await clickAndLoad(page, page.locator('main form.confirm-form button[type=submit]'));
          expect(pathOf(page)).toBe(path);
          expect(await page.locator('main .flash').textContent()).toBe(t.en(transition === 'close' ? 'challenges.closed' : 'challenges.archived'));
        }
        expect(await manage.count()).toBe(1);
        expect(await manage.locator('a[href$="/close"], a[href$="/archive"]').count()).toBe(0);

        // Removing a member: the row's Remove links to the question, which names them.
        await visit(page, `${ORG}/members`);
        // Someone else's row (not the owner's own, marked "(you)").
        const remove = page.locator('main table tbody tr', { hasNotText: t.en('orgs.members.you') }).locator('a[href$="/remove"]').first();
        const removePath = await remove.getAttribute('href');
        const rows = await page.locator('main table tbody tr').count();
        await clickAndLoad(page, remove);
        expect(pathOf(page)).toBe(removePath);
        expect(await page.locator('h1').textContent()).toMatch(/^Remove .+ from Riverside Council\?$/);
        await checkA11y(me, removePath!);
        if (js) {
          await clickAndLoad(page, page.locator('main form.confirm-form a', { hasText: t.en('form.cancel') }));
          expect(pathOf(page)).toBe(`${ORG}/members`);
          expect(await page.locator('main table tbody tr').count()).toBe(rows);
        } else {
          await clickAndLoad(page, page.locator('main form.confirm-form button[type=submit]'));
          expect(pathOf(page)).toBe(`${ORG}/members`);
          expect(await page.locator('main .flash').textContent()).toBe(t.en('orgs.members.removed'));
          expect(await page.locator('main table tbody tr').count()).toBe(rows - 1);
        }
        expect(cspErrors(me)).toEqual([]);
      } finally {
        await me.close();
      }
    });
  });
}
