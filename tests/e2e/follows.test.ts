/**
 * Follow journeys against the real server (fresh database with the demo seeded), with JavaScript
 * on and off: a citizen follows an idea and a challenge, stops following one, and finds them
 * under "Your activity". axe checks, in English and French, the pages with follow controls and
 * the person's page (their own and someone else's).
 *
 * Sign-in is rate limited (10 per e-mail and IP): this file signs Sam in four times and Léa once.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, DEMO_PASSWORD, headerName, signIn, switchLanguage, t } from './support/flows.js';
import type { RunningServer } from '../support/server.js';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';

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

const LEA = DEMO_ACCOUNTS.find((a) => a.email.startsWith('lea.'))!;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const flash = (page: Page) => page.locator('main .flash').textContent();
const control = (page: Page) => page.locator('main .follow');
const live = (page: Page) => control(page).locator('[role=status]');
const activityLink = (page: Page) => page.locator('header nav a[href^="/people/"]');

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** Opens a demo challenge from the directory (all of them, newest first) by its title as shown; returns its path. */
async function openChallenge(page: Page, title: string) {
  await visit(page, '/challenges?sort=newest');
  await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: title }));
  expect(pathOf(page)).toMatch(new RegExp(`^/challenges/${UUID}$`));
  return pathOf(page);
}

/** Opens an idea from the challenge page's cards; returns its path. */
async function openIdea(page: Page, challengePath: string, title: string, query = 'sort=newest') {
  await visit(page, `${challengePath}?${query}`);
  await clickAndLoad(page, page.locator('#idea-cards h3 a', { hasText: title }));
  expect(pathOf(page)).toMatch(new RegExp(`^/ideas/${UUID}$`));
  return pathOf(page);
}

/**
 * Presses the control's button. With JavaScript, htmx morphs the control in place (same URL,
 * focus kept on the button, the change announced in its status region); without, the form posts
 * and the page comes back at the control with a flash.
 */
async function press(me: Tab, expected: { announce: string; button: string }) {
  const { page } = me;
  const button = control(page).locator('button[type=submit]');
  if (me.js) {
    const before = page.url();
    await Promise.all([page.waitForResponse((r) => /\/(follow|unfollow)$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST'), button.click()]);
    await expect.poll(() => live(page).textContent()).toBe(expected.announce);
    await expect.poll(() => button.textContent()).toBe(expected.button);
    expect(page.url(), 'htmx keeps the URL').toBe(before);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? ''), 'focus stays on the button').toBe(expected.button);
    expect(await page.locator('main .flash').count()).toBe(0);
  } else {
    const path = pathOf(page);
    const res = await clickAndLoad(page, button);
    expect(res.status()).toBe(200);
    expect(pathOf(page)).toBe(path);
    expect(new URL(page.url()).hash).toMatch(/^#follow-(idea|challenge)-/);
    expect(await flash(page)).toBe(expected.announce);
    expect(await button.textContent()).toBe(expected.button);
  }
}

/** The titles listed under "What you follow" on the person's own page. */
const followedTitles = (page: Page) => page.locator('section[aria-labelledby=person-follows] .person-item-title').allTextContents();

describe.each([
  {
    js: true,
    challenge: 'Greener high streets',
    ideaChallenge: 'Greener high streets',
    idea: 'Parklets outside cafés',
    ideaList: 'sort=newest',
    dropped: 'A high street tree library',
  },
  {
    js: false,
    challenge: 'Loneliness among older residents',
    ideaChallenge: 'Which open data should we publish first?',
    idea: 'Live street works map',
    // Not taken forward: out of the default list, found with the status filter.
    ideaList: 'sort=newest&status=not_taken_forward',
    dropped: 'A knock-on-the-door rota',
  },
])('with JavaScript $js', ({ js, challenge, ideaChallenge, idea, ideaList, dropped }) => {
  test('citizen: follow a challenge and two ideas, stop following one, find them under "Your activity"', async () => {
    const me = await tab(js);
    const { page } = me;
    try {
      await signInAs(page, CITIZEN);

      const challengePath = await openChallenge(page, challenge);
      expect(await control(page).locator('button').textContent()).toBe(t.en('follows.follow.challenge'));
      await checkA11y(me, `${challengePath} (not following)`);
      await press(me, { announce: t.en('follows.following.challenge'), button: t.en('follows.unfollow') });
      expect(await control(page).locator('.follow-state').textContent()).toBe(t.en('follows.following.challenge'));
      await checkA11y(me, `${challengePath} (following)`);

      // Follow an idea, and another one which is then dropped again (the second press is on the swapped control).
      const ideaPath = await openIdea(page, await openChallenge(page, ideaChallenge), idea, ideaList);
      expect(await control(page).locator('button').textContent()).toBe(t.en('follows.follow.idea'));
      await checkA11y(me, `${ideaPath} (not following)`);
      await press(me, { announce: t.en('follows.following.idea'), button: t.en('follows.unfollow') });
      await checkA11y(me, `${ideaPath} (following)`);

      const droppedPath = await openIdea(page, challengePath, dropped);
      await press(me, { announce: t.en('follows.following.idea'), button: t.en('follows.unfollow') });
      await press(me, { announce: t.en('follows.unfollowed.idea'), button: t.en('follows.follow.idea') });
      expect(await control(page).locator('.follow-state').count()).toBe(0);
      await checkA11y(me, `${droppedPath} (after stopping)`);

      // "Your activity" from the account menu.
      expect(await activityLink(page).textContent()).toBe(t.en('people.menu.activity'));
      await clickAndLoad(page, activityLink(page));
      expect(pathOf(page)).toMatch(new RegExp(`^/people/${UUID}$`));
      expect(await page.locator('h1').textContent()).toBe(CITIZEN.displayName);
      const titles = await followedTitles(page);
      expect(titles).toContain(challenge);
      expect(titles).toContain(idea);
      expect(titles).not.toContain(dropped);
      await checkA11y(me, '/people/:id (own page)');

      // The followed idea's link leads back to it, still followed.
      await clickAndLoad(page, page.locator('section[aria-labelledby=person-follows] a', { hasText: idea }));
      expect(pathOf(page)).toBe(ideaPath);
      expect(await control(page).locator('.follow-state').textContent()).toBe(t.en('follows.following.idea'));
      expect(cspErrors(me), 'CSP violations').toEqual([]);
      if (js) expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });
});

describe('sign in to follow, someone else’s page, and French', () => {
  test('anonymous: "Sign in to follow" comes back to the page, signed in', async () => {
    const me = await tab(false);
    const { page } = me;
    try {
      const path = await openChallenge(page, 'Which open data should we publish first?');
      const link = control(page).locator('a');
      expect(await link.textContent()).toBe(t.en('follows.signIn.challenge'));
      await clickAndLoad(page, link);
      expect(pathOf(page)).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
      await signInAs(page, CITIZEN);
      expect(pathOf(page)).toBe(path);
      expect(await control(page).locator('button').textContent()).toBe(t.en('follows.follow.challenge'));
    } finally {
      await me.close();
    }
  });

  test('axe in English and French: controls, own page, someone else’s page (which shows no follows or supports)', async () => {
    const lea = await tab(true);
    const sam = await tab(true);
    try {
      // Léa (French by choice) follows a challenge and looks at her own page.
      await signInAs(lea.page, LEA);
      expect(await lea.page.locator('html').getAttribute('lang')).toBe('fr');
      const challengePath = await openChallenge(lea.page, 'Des rues commerçantes plus vertes');
      expect(await control(lea.page).locator('button').textContent()).toBe(t.fr('follows.follow.challenge'));
      await checkA11y(lea, `${challengePath} (fr)`);
      await press(lea, { announce: t.fr('follows.following.challenge'), button: t.fr('follows.unfollow') });
      await checkA11y(lea, `${challengePath} (fr, following)`);
      const ideaPath = await openIdea(lea.page, challengePath, 'Planters that catch the rain');
      await checkA11y(lea, `${ideaPath} (fr)`);
      await press(lea, { announce: t.fr('follows.following.idea'), button: t.fr('follows.unfollow') });
      await checkA11y(lea, `${ideaPath} (fr, following)`);
      await clickAndLoad(lea.page, activityLink(lea.page));
      expect(await activityLink(lea.page).textContent()).toBe(t.fr('people.menu.activity'));
      const leaPage = pathOf(lea.page);
      expect(await followedTitles(lea.page)).toContain('Des rues commerçantes plus vertes');
      await checkA11y(lea, '/people/:id (own page, fr)');
      expect((await visit(lea.page, `${leaPage}?section=following-ideas`)).status()).toBe(200);
      expect(await lea.page.locator('main .person-item-title').allTextContents()).toContain('Planters that catch the rain');
      expect(await lea.page.locator('h1').textContent()).toBe(t.fr('people.follows.ideas'));
      await checkA11y(lea, '/people/:id?section=following-ideas (fr)');

      // Sam looks at Léa's page: her ideas, nothing of what she follows.
      await signInAs(sam.page, CITIZEN);
      await visit(sam.page, leaPage);
      expect(await sam.page.locator('h1').textContent()).toBe(LEA.displayName);
      expect(await sam.page.locator('section[aria-labelledby=person-follows]').count()).toBe(0);
      expect(await sam.page.locator('section[aria-labelledby=person-supports]').count()).toBe(0);
      expect(await sam.page.locator('main').textContent()).not.toContain('Des rues commerçantes plus vertes');
      expect(await sam.page.locator('main .person-item-title').allTextContents()).toContain('Parklets outside cafés');
      await checkA11y(sam, '/people/:id (someone else’s, en)');
      expect((await visit(sam.page, `${leaPage}?section=following-challenges`)).status()).toBe(404);

      await visit(sam.page, leaPage);
      await switchLanguage(sam.page, 'fr');
      await checkA11y(sam, '/people/:id (someone else’s, fr)');
      await clickAndLoad(sam.page, activityLink(sam.page));
      await checkA11y(sam, '/people/:id (own page, fr)');
      await switchLanguage(sam.page, 'en');
      await checkA11y(sam, '/people/:id (own page, en)');
      expect(cspErrors(lea)).toEqual([]);
      expect(cspErrors(sam)).toEqual([]);
    } finally {
      await lea.close();
      await sam.close();
    }
  });
});
