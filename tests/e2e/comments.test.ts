/**
 * Discussion journeys against the real server (fresh database with the demo seeded), with
 * JavaScript on and off: comment, reply, edit, delete and sort on a demo idea of the open
 * challenge "Greener high streets". axe checks every page state in English and French (with
 * JavaScript on: axe needs it).
 *
 * Sign-in is rate limited (10 per e-mail and IP): Sam signs in twice, Léa once. Comments are
 * limited to 20 per person per 10 minutes: Sam writes 10.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';
import { checkA11y, clickAndLoad, cspErrors, expectNoAxeViolations, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, DEMO_PASSWORD, headerName, signIn, t } from './support/flows.js';
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

const LEA = DEMO_ACCOUNTS.find((a) => a.email.startsWith('lea.'))!;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** The demo idea's page, found from the challenge (its path). */
async function openIdea(page: Page, title: string): Promise<string> {
  await visit(page, '/challenges?q=Greener+high+streets');
  await clickAndLoad(page, page.locator('main .challenge-card h2 a').first());
  await clickAndLoad(page, page.locator('#idea-cards h3 a', { hasText: title }));
  expect(pathOf(page)).toMatch(new RegExp(`^/ideas/${UUID}$`));
  return pathOf(page);
}

const flash = (page: Page) => page.locator('main .flash').textContent();
const threads = (page: Page) => page.locator('#comment-threads > li.comment');
const thread = (page: Page, text: string) => page.locator('#comment-threads > li.comment', { has: page.locator(':scope > .comment-main', { hasText: text }) });
const mainOf = (item: Locator) => item.locator(':scope > .comment-main');
const bodyOf = (item: Locator) => item.locator(':scope > .comment-main > .markdown');
const idOf = async (item: Locator) => (await item.getAttribute('id'))!.replace(/^comment-/, '');

/** Waits until htmx has finished swapping (no request in flight, nothing settling). */
const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));

/** Submits a form: with JavaScript, htmx answers in place (the URL stays); without, a page loads. */
async function submit(me: Tab, button: Locator) {
  if (me.js) {
    const before = me.page.url();
    await Promise.all([me.page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
    await settled(me.page);
    expect(me.page.url(), 'the URL does not change with htmx').toBe(before);
  } else {
    const res = await clickAndLoad(me.page, button);
    expect(res.status()).toBe(200);
  }
}

/** Follows a Reply/Edit/Delete link: htmx loads its form into the comment's slot; without JavaScript, a page. */
async function openAction(me: Tab, link: Locator, expectedPath: RegExp) {
  if (me.js) {
    const before = me.page.url();
    await link.click();
    await settled(me.page);
    expect(me.page.url()).toBe(before);
  } else {
    await clickAndLoad(me.page, link);
    expect(pathOf(me.page)).toMatch(expectedPath);
  }
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** The discussion's count, read from the page (demo ideas may already have comments). */
const countNow = async (page: Page, locale: 'en' | 'fr' = 'en') => {
  const text = (await page.locator('#comments-count').textContent()) ?? '';
  return text === t[locale]('comments.count', { count: 0 }) ? 0 : Number(/\d+/.exec(text)?.[0]);
};
/** Console errors, except the browser's notes about the 422 and 403 the journey provokes on purpose. */
const unexpectedErrors = (me: Tab) => me.errors.filter((e) => !/status of (422|403)/.test(e));

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  const suffix = js ? 'JS' : 'NoJS';
  const ideaTitle = js ? 'Parklets outside cafés' : 'A high street tree library';

  test('citizen: comment, reply, edit and delete a comment, then sort newest first', async () => {
    const me = await tab(js);
    const visitor = await tab(js);
    const { page } = me;
    try {
      // An anonymous visitor reads and is offered to sign in.
      const ideaPath = await openIdea(visitor.page, ideaTitle);
      const anon = visitor.page.locator('#comments');
      expect(await anon.locator('h2').textContent()).toBe(t.en('comments.title'));
      const initial = await countNow(visitor.page);
      expect(initial).toBeGreaterThanOrEqual(0);
      expect(await anon.locator('.comment-closed a').first().textContent()).toBe(t.en('comments.signIn'));
      expect(await anon.locator('.comment-policy').textContent()).toContain(t.en('comments.policy.default'));
      await checkA11y(visitor, `${ideaPath} (anonymous)`);

      await signInAs(page, CITIZEN);
      expect(await openIdea(page, ideaTitle)).toBe(ideaPath);
      await checkA11y(me, `${ideaPath} (signed in)`);
      const before = await threads(page).evaluateAll((els) => els.map((e) => e.id));

      // A top-level comment with Markdown.
      const first = `Yes please: **more shade** on hot days (${suffix})`;
      await page.locator('#comment-body').fill(first);
      await submit(me, page.locator('#comment-form button[type=submit]'));
      const firstItem = thread(page, 'more shade');
      await expect.poll(() => firstItem.count()).toBe(1);
      expect(await bodyOf(firstItem).locator('strong').textContent()).toBe('more shade');
      expect(await mainOf(firstItem).locator('.comment-author').textContent()).toBe(CITIZEN.displayName);
      const firstId = await idOf(firstItem);
      expect(await page.locator('#comments-count').textContent()).toBe(t.en('comments.count', { count: initial + 1 }));
      expect(await page.locator('#comments-empty').count()).toBe(0);
      if (js) {
        // Announced, focus on the new comment, the form empty again for the next one.
        expect(await page.locator('#comments-announce').textContent()).toBe(t.en('comments.done.posted'));
        expect(await page.locator('#comments-count').getAttribute('aria-live')).toBe('polite');
        await expect.poll(() => activeId(page)).toBe(`comment-main-${firstId}`);
        expect(await page.locator('#comment-body').inputValue()).toBe('');
      } else {
        expect(pathOf(page)).toBe(ideaPath);
        expect(new URL(page.url()).hash).toBe(`#comment-${firstId}`);
        expect(await flash(page)).toBe(t.en('comments.done.posted'));
      }
      await checkA11y(me, `${ideaPath} (one comment)`);

      // Bad input: an empty comment is refused with an error summary, nothing posted.
      await page.locator('#comment-body').fill('   ');
      if (js) {
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 422), page.locator('#comment-form button[type=submit]').click()]);
        await settled(page);
        expect(await page.locator('#comment-form .error-summary').isVisible()).toBe(true);
        expect(await page.locator('#comment-form .error-message').textContent()).toBe(t.en('validation.required'));
        await checkA11y(me, `${ideaPath} (comment form with an error)`);
      } else {
        const res = await clickAndLoad(page, page.locator('#comment-form button[type=submit]'));
        expect(res.status()).toBe(422);
        expect(await page.locator('h1').textContent()).toBe(t.en('comments.new.title'));
        expect(await page.locator('main .error-summary').isVisible()).toBe(true);
        await visit(page, ideaPath);
      }
      expect(await threads(page).count()).toBe(before.length + 1);

      // A reply.
      const reply = `Shade sails could work too (${suffix})`;
      await openAction(me, mainOf(firstItem).locator(`a[href="/comments/${firstId}/reply"]`), new RegExp(`^/comments/${firstId}/reply$`));
      if (js) {
        expect(await activeId(page)).toBe(`reply-body-${firstId}`);
        await checkA11y(me, `${ideaPath} (reply form open)`);
      } else {
        expect(await page.locator('h1').textContent()).toBe(t.en('comments.reply.title'));
        expect(await page.locator('main blockquote strong').textContent()).toBe('more shade');
      }
      await page.locator(`#reply-body-${firstId}`).fill(reply);
      await submit(me, page.locator(`#reply-form-${firstId} button[type=submit]`));
      const replyItem = page.locator(`#replies-${firstId} > li.comment`, { hasText: 'Shade sails' });
      await expect.poll(() => replyItem.count()).toBe(1);
      const replyId = await idOf(replyItem);
      expect(await page.locator('#comments-count').textContent()).toBe(t.en('comments.count', { count: initial + 2 }));
      if (js) {
        expect(await page.locator(`#comment-slot-${firstId}`).innerHTML()).toBe('');
        expect(await page.locator('#comments-announce').textContent()).toBe(t.en('comments.done.replied'));
      } else {
        expect(await flash(page)).toBe(t.en('comments.done.replied'));
        expect(new URL(page.url()).hash).toBe(`#comment-${replyId}`);
      }
      await checkA11y(me, `${ideaPath} (with a reply)`);

      // Edit the reply (within 15 minutes): marked edited.
      await openAction(me, mainOf(replyItem).locator(`a[href="/comments/${replyId}/edit"]`), new RegExp(`^/comments/${replyId}/edit$`));
      if (!js) expect(await page.locator('h1').textContent()).toBe(t.en('comments.edit.title'));
      else await checkA11y(me, `${ideaPath} (edit form open)`);
      const editBox = page.locator(`#edit-body-${replyId}`);
      expect(await editBox.inputValue()).toBe(reply);
      await editBox.fill(`Shade sails could work *too* (${suffix})`);
      await submit(me, page.locator(`#edit-form-${replyId} button[type=submit]`));
      const edited = page.locator(`#comment-${replyId}`);
      await expect.poll(() => bodyOf(edited).locator('em').textContent()).toBe('too');
      expect(await mainOf(edited).locator('.comment-edited').textContent()).toMatch(/^\(edited /);
      if (js) expect(await page.locator('#comments-announce').textContent()).toBe(t.en('comments.done.edited'));
      else expect(await flash(page)).toBe(t.en('comments.done.edited'));
      await checkA11y(me, `${ideaPath} (edited)`);

      // Delete the first comment: a tombstone stays, with the reply under it.
      await openAction(me, mainOf(firstItem).locator(`a[href="/comments/${firstId}/delete"]`), new RegExp(`^/comments/${firstId}/delete$`));
      if (!js) expect(await page.locator('h1').textContent()).toBe(t.en('comments.delete.title'));
      else {
        expect(await page.locator(`#comment-slot-${firstId}`).textContent()).toContain(t.en('comments.delete.title'));
        await checkA11y(me, `${ideaPath} (delete confirmation in place)`);
      }
      await submit(me, page.locator(`#delete-form-${firstId} button[type=submit]`));
      const tomb = page.locator(`#comment-${firstId}`);
      await expect.poll(() => mainOf(tomb).locator('.comment-author').textContent()).toBe(t.en('comments.deleted'));
      expect(await bodyOf(tomb).count()).toBe(0);
      expect(await mainOf(tomb).locator('a').count()).toBe(0); // no Reply, Edit or Delete on a tombstone
      expect(await page.locator(`#replies-${firstId} > #comment-${replyId}`).count()).toBe(1);
      expect(await page.locator('#comments-count').textContent()).toBe(t.en('comments.count', { count: initial + 1 }));
      if (js) expect(await page.locator('#comments-announce').textContent()).toBe(t.en('comments.done.deleted'));
      else expect(await flash(page)).toBe(t.en('comments.done.deleted'));
      await checkA11y(me, `${ideaPath} (tombstone)`);

      // Another comment, then newest first.
      await page.locator('#comment-body').fill(`And benches under the trees (${suffix})`);
      await submit(me, page.locator('#comment-form button[type=submit]'));
      await expect.poll(() => threads(page).count()).toBe(before.length + 2);
      const oldestOrder = await threads(page).evaluateAll((els) => els.map((e) => e.id));
      expect(oldestOrder.slice(before.length, before.length + 1)).toEqual([`comment-${firstId}`]);
      const newestLink = page.locator('#comments-sort-newest');
      if (js) {
        await newestLink.click();
        await expect.poll(() => pathOf(page)).toBe(`${ideaPath}?csort=newest`);
        await settled(page);
      } else {
        await clickAndLoad(page, newestLink);
        expect(pathOf(page)).toBe(`${ideaPath}?csort=newest`);
      }
      await expect.poll(() => page.locator('#comments-sort-newest').getAttribute('aria-current')).toBe('true');
      await expect.poll(() => threads(page).evaluateAll((els) => els.map((e) => e.id))).toEqual([...oldestOrder].reverse());
      await checkA11y(me, `${ideaPath}?csort=newest`);

      // The visitor sees the discussion too, without controls.
      await visit(visitor.page, ideaPath);
      expect(await thread(visitor.page, 'benches under the trees').count()).toBe(1);
      expect(await visitor.page.locator(`#comment-${replyId} .comment-actions a`).allTextContents()).toEqual([t.en('comments.reply'), t.en('comments.report')]);

      if (js) {
        // The pages the no-JavaScript journey uses, checked with axe: reply, edit and delete confirmation.
        const newest = await idOf(thread(page, 'benches under the trees'));
        for (const path of [`/comments/${newest}/reply`, `/comments/${newest}/edit`, `/comments/${newest}/delete`]) {
          expect((await visit(page, path)).status()).toBe(200);
          await checkA11y(me, path);
        }
        // A page gone stale: the comment was deleted in another tab, then Reply is clicked here.
        // The refusal replaces the page's main content with its message (not half a page in the slot).
        await visit(page, ideaPath);
        const other = await me.context.newPage();
        await visit(other, `/comments/${newest}/delete`);
        await clickAndLoad(other, other.locator(`#delete-form-${newest} button[type=submit]`));
        await other.close();
        await mainOf(thread(page, 'benches under the trees')).locator(`a[href="/comments/${newest}/reply"]`).click();
        await expect.poll(() => page.locator('main > p').first().textContent()).toBe(t.en('comments.policy.parentDeleted'));
        expect(await page.locator('main h1').textContent()).toBe(t.en('error.forbidden.title'));
        expect(await page.locator('main main').count()).toBe(0);
        expect(pathOf(page)).toBe(ideaPath);
      }
      expect(cspErrors(me), 'CSP violations').toEqual([]);
      expect(unexpectedErrors(me), 'console errors').toEqual([]);
      expect(visitor.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
      await visitor.close();
    }
  });
});

test('in French: the idea page with comments, the reply page and the delete confirmation pass axe', async () => {
  const me = await tab(true);
  const { page } = me;
  try {
    await signInAs(page, LEA);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const ideaPath = await openIdea(page, 'Planters that catch the rain');
    expect(await page.locator('#comments h2').textContent()).toBe(t.fr('comments.title'));
    expect(await page.locator('#comments .comment-policy h3').textContent()).toBe(t.fr('comments.policy.title'));
    await expectNoAxeViolations(page, `${ideaPath} (fr)`);
    const initial = await countNow(page, 'fr');

    await page.locator('#comment-body').fill('Très bonne idée pour la **rue du Marché**.');
    await submit(me, page.locator('#comment-form button[type=submit]'));
    const item = thread(page, 'Très bonne idée');
    await expect.poll(() => item.count()).toBe(1);
    expect(await page.locator('#comments-count').textContent()).toBe(t.fr('comments.count', { count: initial + 1 }));
    expect(await page.locator('#comments-announce').textContent()).toBe(t.fr('comments.done.posted'));
    const id = await idOf(item);
    await expectNoAxeViolations(page, `${ideaPath} (fr, with the new comment)`);

    await mainOf(item).locator(`a[href="/comments/${id}/reply"]`).click();
    await settled(page);
    await expectNoAxeViolations(page, `${ideaPath} (fr, reply form open)`);

    for (const path of [`/comments/${id}/reply`, `/comments/${id}/edit`, `/comments/${id}/delete`]) {
      expect((await visit(page, path)).status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await expectNoAxeViolations(page, `${path} (fr)`);
    }
    expect(await page.locator('h1').textContent()).toBe(t.fr('comments.delete.title'));
    expect(cspErrors(me), 'CSP violations').toEqual([]);
    expect(me.errors, 'console errors').toEqual([]);
  } finally {
    await me.close();
  }
});
