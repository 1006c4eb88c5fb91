/**
 * Notification journeys against the real server (fresh database with the demo seeded), with
 * JavaScript on and off: a citizen (A) follows an idea written by someone else, another (B, who
 * follows it too) comments on it; A's bell counts it (within a bounded wait: the notification is
 * delivered by the `comments.notify` job), A opens it from /notifications and lands at the
 * comment, marks notifications read one by one and all at once, and stops following from
 * /notifications; B, a follower too, is not told of their own comment. The middle of each journey
 * runs in French (the header's language switch). axe checks /notifications and /following, each
 * empty and with items, in English and French (with JavaScript on: axe needs it).
 *
 * A is Amira Hassan, the one demo account with no notifications and no follows; the JavaScript-off
 * journey runs after the JavaScript one (whose notifications are all read by then, its follow
 * stopped) or on its own. B is Sam Taylor (who has demo notifications of his own).
 * Sign-in is rate limited (10 per e-mail and IP): each is signed in twice. Comments are limited
 * to 20 per person per 10 minutes: Sam writes 6.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, DEMO_PASSWORD, headerName, signIn, switchLanguage, t } from './support/flows.js';
import type { Locale } from '../../src/i18n/index.js';
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

const AMIRA = DEMO_ACCOUNTS.find((a) => a.email.startsWith('amira.'))!;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** Opens an idea from its challenge's cards (the challenge found by its title in the directory); returns its path. */
async function openIdea(page: Page, challenge: string, title: string) {
  await visit(page, '/challenges?sort=newest');
  await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: challenge }));
  await clickAndLoad(page, page.locator('#idea-cards h3 a', { hasText: title }));
  expect(pathOf(page)).toMatch(new RegExp(`^/ideas/${UUID}$`));
  return pathOf(page);
}

const flash = (page: Page) => page.locator('main .flash').textContent();
const bell = (page: Page) => page.locator('header a.bell');
const bellCount = (page: Page) => page.locator('header a.bell .bell-count');
/** The count the bell shows ('' when it shows none). */
const shownCount = async (page: Page) => ((await bellCount(page).count()) ? ((await bellCount(page).locator('[aria-hidden=true]').textContent()) ?? '') : '');

/** Reloads until the bell shows `count` unread (notifications come from a background job): bounded. */
async function reloadUntilBell(page: Page, count: number, locale: Locale = 'en', timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.reload();
    const shown = await shownCount(page);
    if (shown === String(count)) break;
    if (Date.now() > deadline) throw new Error(`the bell still shows "${shown}" after ${timeoutMs} ms, expected ${count}`);
    await page.waitForTimeout(200);
  }
  expect(await bellCount(page).locator('.visually-hidden').textContent()).toBe(t[locale]('layout.unread', { count }));
}

/** The group on /notifications about the subject titled `title`. */
const group = (page: Page, title: string) => page.locator('main section.notification-group', { has: page.locator('h2', { hasText: title }) });
const followedTitles = (page: Page) => page.locator('main .followed-title a').allTextContents();

/** The follow control's button: htmx swaps the control in place; without JavaScript the form posts. */
async function follow(me: Tab, locale: Locale = 'en') {
  const button = me.page.locator('main .follow button[type=submit]');
  expect(await button.textContent()).toBe(t[locale]('follows.follow.idea'));
  if (me.js) {
    await Promise.all([me.page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/follow') && r.request().method() === 'POST'), button.click()]);
    await expect.poll(() => button.textContent()).toBe(t[locale]('follows.unfollow'));
  } else {
    expect((await clickAndLoad(me.page, button)).status()).toBe(200);
    expect(await flash(me.page)).toBe(t[locale]('follows.following.idea'));
  }
}

/** Posts a top-level comment on the idea page; returns its id. */
async function postComment(me: Tab, body: string): Promise<string> {
  const { page } = me;
  await page.locator('#comment-body').fill(body);
  const button = page.locator('#comment-form button[type=submit]');
  if (me.js) {
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 200), button.click()]);
    await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
  } else {
    expect((await clickAndLoad(page, button)).status()).toBe(200);
  }
  const item = page.locator('#comment-threads > li.comment', { hasText: body });
  await expect.poll(() => item.count()).toBe(1);
  return (await item.getAttribute('id'))!.replace(/^comment-/, '');
}

/** Clicks a plain form's button (mark read, stop following): the page comes back with a flash. */
async function post(page: Page, button: Locator, expectedFlash: string, expectedPath: string) {
  expect((await clickAndLoad(page, button)).status()).toBe(200);
  expect(pathOf(page)).toBe(expectedPath);
  expect(await flash(page)).toBe(expectedFlash);
}

describe.each([
  { js: true, challenge: 'Greener high streets', idea: 'A high street tree library' },
  { js: false, challenge: 'Loneliness among older residents', idea: 'Bus buddies' },
])('with JavaScript $js', ({ js, challenge, idea }) => {
  const suffix = js ? 'JS' : 'NoJS';

  test('follow an idea, hear of a comment on it, open it, mark read, stop following; the commenter hears nothing', async () => {
    const a = await tab(js);
    const b = await tab(js);
    try {
      // A: nothing unread, following nothing (in English, then in French).
      await signInAs(a.page, AMIRA);
      expect(await bell(a.page).textContent()).toBe(t.en('layout.notifications'));
      expect(await bellCount(a.page).count()).toBe(0);
      const ideaPath = await openIdea(a.page, challenge, idea);
      for (const locale of ['en', 'fr'] as const) {
        if (locale === 'fr') await switchLanguage(a.page, 'fr');
        await clickAndLoad(a.page, a.page.locator('header a[href="/following"]'));
        expect(await a.page.locator('header a[href="/following"]').textContent()).toBe(t[locale]('layout.following'));
        expect(await a.page.locator('h1').textContent()).toBe(t[locale]('follows.page.title'));
        expect(await a.page.locator('main .empty').textContent()).toBe(t[locale]('follows.page.empty'));
        await checkA11y(a, `/following (empty, ${locale})`);
        // Empty only on the first journey's account (the second comes after it, with its notifications read).
        if (js) {
          await clickAndLoad(a.page, bell(a.page));
          expect(await bell(a.page).getAttribute('aria-current')).toBe('page');
          expect(await a.page.locator('h1').textContent()).toBe(t[locale]('notifications.title'));
          expect(await a.page.locator('main .empty').textContent()).toBe(t[locale]('notifications.empty'));
          expect(await a.page.locator('main form[action="/notifications/read-all"]').count()).toBe(0);
          await checkA11y(a, `/notifications (empty, ${locale})`);
        }
      }

      // A (in French now) follows the idea, written by Marie Dubois; it is under "What you follow".
      await visit(a.page, ideaPath);
      await follow(a, 'fr');
      await clickAndLoad(a.page, a.page.locator('header a[href="/following"]'));
      expect(pathOf(a.page)).toBe('/following');
      expect(await followedTitles(a.page)).toEqual([idea]);
      expect(await a.page.locator('main .followed-kind').textContent()).toBe(t.fr('ideas.subject.label'));
      expect(await a.page.locator('main .empty').count()).toBe(0);
      await checkA11y(a, '/following (with items, fr)');

      // B follows it too (followers are told of comments, never the commenter), then comments.
      await signInAs(b.page, CITIZEN);
      const bBefore = await shownCount(b.page);
      expect((await visit(b.page, ideaPath)).status()).toBe(200);
      await follow(b);
      const body = `Count me in to help (${suffix})`;
      const commentId = await postComment(b, body);

      // A's bell counts it (it did not before), and /notifications says who did what, where.
      await reloadUntilBell(a.page, 1, 'fr');
      await clickAndLoad(a.page, bell(a.page));
      expect(pathOf(a.page)).toBe('/notifications');
      const mine = group(a.page, idea);
      const item = mine.locator('li.notification');
      expect(await item.locator('a').textContent()).toBe(t.fr('comments.notify.new', { actor: CITIZEN.displayName }));
      await checkA11y(a, '/notifications (with items, fr)');
      await switchLanguage(a.page, 'en');
      expect(pathOf(a.page)).toBe('/notifications');
      expect(await a.page.locator('main section.notification-group').first().locator('h2').textContent()).toContain(idea); // newest first
      expect(await mine.count()).toBe(1);
      expect(await mine.locator('h2 .notification-kind').textContent()).toBe(t.en('ideas.subject.label'));
      expect(await mine.locator('h2 a').getAttribute('href')).toBe(ideaPath);
      const sentence = t.en('comments.notify.new', { actor: CITIZEN.displayName });
      expect(await item.count()).toBe(1);
      expect(await item.getAttribute('class')).toContain('unread');
      expect(await item.locator('.notification-new').textContent()).toBe(`${t.en('notifications.new')} `);
      expect(await item.locator('a').textContent()).toBe(sentence);
      expect(await item.locator('button').textContent()).toBe(t.en('notifications.markRead'));
      expect(await item.locator('button').getAttribute('aria-label')).toBe(t.en('notifications.markReadOf', { text: sentence }));
      await checkA11y(a, '/notifications (with items, en)');
      await clickAndLoad(a.page, a.page.locator('header a[href="/following"]'));
      expect(await followedTitles(a.page)).toEqual([idea]);
      await checkA11y(a, '/following (with items, en)');

      // Opening it lands at the comment, and it is read: the bell shows no count.
      await clickAndLoad(a.page, bell(a.page));
      await clickAndLoad(a.page, item.locator('a'));
      expect(pathOf(a.page)).toBe(ideaPath);
      expect(new URL(a.page.url()).hash).toBe(`#comment-${commentId}`);
      expect(await a.page.locator(`#comment-${commentId}`).textContent()).toContain(body);
      expect(await bellCount(a.page).count()).toBe(0);
      await clickAndLoad(a.page, bell(a.page));
      expect(await mine.locator('li.notification.unread').count()).toBe(0);
      expect(await a.page.locator('main form[action="/notifications/read-all"]').count()).toBe(0);

      // B was not told of their own comment (the job has run: A was told).
      await b.page.reload();
      expect(await shownCount(b.page)).toBe(bBefore);
      await clickAndLoad(b.page, bell(b.page));
      expect(await group(b.page, idea).count()).toBe(0);

      // Two more comments: mark one read, then all.
      await visit(b.page, ideaPath);
      await postComment(b, `I can bring tea (${suffix})`);
      await postComment(b, `And biscuits (${suffix})`);
      await reloadUntilBell(a.page, 2);
      expect(await mine.locator('li.notification').count()).toBe(3);
      expect(await mine.locator('li.notification.unread').count()).toBe(2);
      await post(a.page, mine.locator('li.notification.unread button').first(), t.en('notifications.done.read'), '/notifications');
      expect(await shownCount(a.page)).toBe('1');
      expect(await mine.locator('li.notification.unread').count()).toBe(1);
      await post(a.page, a.page.locator('main form[action="/notifications/read-all"] button'), t.en('notifications.done.allRead'), '/notifications');
      expect(await bellCount(a.page).count()).toBe(0);
      expect(await a.page.locator('main li.notification.unread').count()).toBe(0);
      expect(await a.page.locator('main form[action="/notifications/read-all"]').count()).toBe(0);

      // Stop following from /notifications: back there, the button gone, and "What you follow" empty.
      // Its name starts with the words it shows (label in name), then says what it is about.
      const stop = mine.getByRole('button', { name: `${t.en('notifications.stopFollowing')} (${idea})`, exact: true });
      expect(await stop.count()).toBe(1);
      const shown = (el: Element) => [...el.childNodes].filter((n) => !(n instanceof HTMLElement && n.classList.contains('visually-hidden'))).map((n) => n.textContent).join('');
      expect((await stop.evaluate(shown)).trim()).toBe(t.en('notifications.stopFollowing'));
      await post(a.page, stop, t.en('follows.unfollowed.subject'), '/notifications');
      expect(await mine.count()).toBe(1); // the notifications stay
      expect(await mine.locator('form[action$="/unfollow"]').count()).toBe(0);
      await clickAndLoad(a.page, a.page.locator('header a[href="/following"]'));
      expect(await followedTitles(a.page)).toEqual([]);
      expect(await a.page.locator('main .empty').textContent()).toBe(t.en('follows.page.empty'));
      await visit(a.page, ideaPath);
      expect(await a.page.locator('main .follow button[type=submit]').textContent()).toBe(t.en('follows.follow.idea'));

      for (const me of [a, b]) {
        expect(cspErrors(me), 'CSP violations').toEqual([]);
        if (js) expect(me.errors, 'console errors').toEqual([]);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});
