/**
 * Challenge and idea journeys against the real server (fresh database with the demo seeded), each
 * with JavaScript on and off; axe checks every page visited when JavaScript is on.
 *
 * Sign-in is rate limited (10 per IP per 15 minutes), so this file signs in at most 8 times.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toLondonLocal } from '../../src/features/challenges/dates.js';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, COUNCIL_OWNER, DEMO_PASSWORD, headerName, mainForm, signIn, t } from './support/flows.js';
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
const DAY = 86_400_000;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TRANSPORT = 'Transport and streets';

const flash = (page: Page) => page.locator('main .flash').textContent();
const cards = (page: Page) => page.locator('#idea-cards > li.idea-card');
const cardTitles = (page: Page) => page.locator('#idea-cards > li.idea-card h3').allTextContents();

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** Fills and saves Riverside Council's new-challenge form; returns the draft's path. */
async function createChallenge(me: Tab, c: { title: string; summary: string; brief: string; topic: string }) {
  const { page } = me;
  expect((await visit(page, `${ORG}/challenges/new`)).status()).toBe(200);
  await checkA11y(me);
  const now = Date.now();
  await page.locator('#title').fill(c.title);
  await page.locator('#summary').fill(c.summary);
  await page.locator('#brief').fill(c.brief);
  await page.locator('#submissionsOpenAt').fill(toLondonLocal(new Date(now - 60 * 60_000)));
  await page.locator('#submissionsCloseAt').fill(toLondonLocal(new Date(now + 30 * DAY)));
  await page.locator('main label.choice', { hasText: c.topic }).locator('input[type=checkbox]').check();
  const res = await clickAndLoad(page, mainForm(page, `${ORG}/challenges/new`).locator('button[type=submit]'));
  expect(res.status()).toBe(200);
  expect(pathOf(page)).toMatch(new RegExp(`^/challenges/${UUID}$`));
  return pathOf(page);
}

async function publishChallenge(page: Page, path: string) {
  await clickAndLoad(page, page.locator(`main form[action="${path}/publish"] button[type=submit]`));
  expect(pathOf(page)).toBe(path);
  expect(await flash(page)).toBe(t.en('challenges.published'));
}

/** Fills the idea form (new or edit) without submitting it. */
async function fillIdea(page: Page, idea: { title: string; summary: string; description?: string; topic?: string }) {
  await page.locator('#summary').fill(idea.summary);
  await page.locator('#description').fill(idea.description ?? idea.summary);
  if (idea.topic) await page.locator('main label.choice', { hasText: idea.topic }).locator('input[type=checkbox]').check();
  await page.locator('#title').fill(idea.title);
}

const intent = (page: Page, value: 'preview' | 'draft' | 'publish' | 'save') => page.locator(`main form button[name=intent][value=${value}]`);

// ---- A challenge with enough ideas for two pages (the list shows 20 at a time) ----

const PAGING_IDEAS = 22;
const pagingTitle = (n: number) => `Paging idea ${String(n).padStart(2, '0')}${n === 5 ? ' with zebrafinch nesting boxes' : ''}`;
let pagingPromise: Promise<string> | undefined;
/** Created once through the UI: Priya creates and publishes it, Sam shares 22 ideas (1–3 on Transport). */
function pagingChallenge(): Promise<string> {
  pagingPromise ??= (async () => {
    const staff = await tab(true);
    const citizen = await tab(true);
    try {
      await signInAs(staff.page, COUNCIL_OWNER);
      const path = await createChallenge(staff, {
        title: 'Quieter residential streets',
        summary: 'How could we make our residential streets calmer and safer?',
        brief: 'Traffic on **residential** streets has grown.',
        topic: TRANSPORT,
      });
      await publishChallenge(staff.page, path);
      await signInAs(citizen.page, CITIZEN);
      for (let n = 1; n <= PAGING_IDEAS; n++) {
        await visit(citizen.page, `${path}/ideas/new`);
        await fillIdea(citizen.page, { title: pagingTitle(n), summary: `Summary of idea number ${n}.`, ...(n <= 3 ? { topic: TRANSPORT } : {}) });
        await clickAndLoad(citizen.page, intent(citizen.page, 'publish'));
        expect(pathOf(citizen.page)).toMatch(new RegExp(`^/ideas/${UUID}$`));
      }
      return path;
    } finally {
      await staff.close();
      await citizen.close();
    }
  })();
  return pagingPromise;
}

/** Submits the ideas filter form: htmx swaps the section in place with JS; a page load without. */
async function applyIdeaFilters(me: Tab) {
  const { page } = me;
  const button = page.locator('form.ideas-filter button[type=submit]');
  if (me.js) {
    await Promise.all([page.waitForResponse((r) => /\/challenges\/[^/?]+\/ideas\?/.test(r.url()) && r.status() === 200), button.click()]);
    // The section is replaced: wait for the new form (htmx processes it after the swap).
    await page.waitForFunction(() => !document.querySelector('#ideas.htmx-swapping, #ideas.htmx-settling, .htmx-request'));
    // The address bar follows the filters (HX-Push-Url), so the view can be shared; it is the page, not the fragment.
    const sort = await page.locator('#ideas-sort').inputValue();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe(sort);
    expect(new URL(page.url()).pathname).toMatch(/^\/challenges\/[^/]+$/);
  } else {
    const res = await clickAndLoad(page, button);
    expect(res.status()).toBe(200);
  }
}

const selectedValue = (page: Page, id: string) => page.locator(`#${id}`).inputValue();

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  const suffix = js ? 'JS' : 'NoJS';

  test('staff: create a draft challenge, preview it, publish it; it is in the directory', async () => {
    const staff = await tab(js);
    const visitor = await tab(js);
    const title = `Safer routes to school ${suffix}`;
    try {
      await signInAs(staff.page, COUNCIL_OWNER);
      await checkA11y(staff, '/ signed in as staff');
      const path = await createChallenge(staff, {
        title,
        summary: 'How can more children walk, scoot or cycle to school safely?',
        brief: '## The problem\n\nMorning traffic near schools is **heavy**.\n\n- crossings\n- school streets',
        topic: TRANSPORT,
      });
      const { page } = staff;
      expect(await flash(page)).toBe(t.en('challenges.created'));
      const banner = page.locator('main .preview-banner, .preview-banner');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain(t.en('challenges.preview.banner'));
      expect(await page.locator('h1').textContent()).toBe(title);
      // The brief's Markdown is rendered.
      const brief = page.locator('section[aria-labelledby=brief-title] .markdown');
      expect(await brief.locator('h2').textContent()).toBe('The problem');
      expect(await brief.locator('strong').textContent()).toBe('heavy');
      expect(await brief.locator('li').count()).toBe(2);
      expect(await page.locator('main .topic-list').textContent()).toContain(TRANSPORT);
      await checkA11y(staff, `${path} (draft preview)`);

      // Nobody else sees the draft.
      expect((await visit(visitor.page, path)).status()).toBe(404);
      await visit(visitor.page, `/challenges?q=${encodeURIComponent(title)}`);
      expect(await visitor.page.locator('main .challenge-card', { hasText: title }).count()).toBe(0);

      await publishChallenge(page, path);
      expect(await page.locator('.preview-banner').count()).toBe(0);
      await checkA11y(staff, `${path} (published)`);

      // The anonymous visitor finds it in the directory (newest first) and opens it.
      expect((await visit(visitor.page, '/challenges')).status()).toBe(200);
      await checkA11y(visitor);
      const link = visitor.page.locator(`main .challenge-card a[href="${path}"]`);
      expect(await link.textContent()).toBe(title);
      await clickAndLoad(visitor.page, link);
      expect(pathOf(visitor.page)).toBe(path);
      expect(await visitor.page.locator('h1').textContent()).toBe(title);
      expect(await visitor.page.locator('.preview-banner').count()).toBe(0);
      expect(await visitor.page.locator('main nav.challenge-manage').count()).toBe(0);
      await checkA11y(visitor, `${path} (anonymous)`);
      expect(cspErrors(staff), 'CSP violations').toEqual([]);
      expect(cspErrors(visitor), 'CSP violations').toEqual([]);
    } finally {
      await staff.close();
      await visitor.close();
    }
  });

  test('citizen: find a challenge, see a similar idea, publish; draft, publish, edit and withdraw another', async () => {
    const me = await tab(js);
    const { page } = me;
    try {
      await signInAs(page, CITIZEN);

      // Find the challenge with the directory's search box.
      await visit(page, '/challenges');
      await checkA11y(me);
      await page.locator('#q').fill('Greener high');
      await clickAndLoad(page, mainForm(page, '/challenges').locator('button[type=submit]'));
      expect(pathOf(page)).toMatch(/^\/challenges\?q=Greener\+high/);
      const found = page.locator('main .challenge-card h2 a');
      expect(await found.allTextContents()).toEqual(['Greener high streets']);
      await checkA11y(me, '/challenges?q=…');
      await clickAndLoad(page, found);
      const challengePath = pathOf(page);
      expect(challengePath).toMatch(new RegExp(`^/challenges/${UUID}$`));
      await checkA11y(me);

      // The new-idea form: a title close to "Planters that catch the rain".
      await clickAndLoad(page, page.locator(`main a[href="${challengePath}/ideas/new"]`));
      expect(pathOf(page)).toBe(`${challengePath}/ideas/new`);
      expect(await page.locator('h1').textContent()).toBe(t.en('ideas.new.title'));
      await checkA11y(me);
      const title = js ? 'Planters to catch the rain' : 'Planters catching rain';
      await fillIdea(page, { title, summary: 'Planters along the pavement that store rainwater.', description: 'Planters by the **bus stops**:\n\n- fed by gutters\n- looked after by traders' });
      const similar = page.locator('#similar-ideas');
      if (js) {
        // htmx asks for suggestions while typing.
        await expect.poll(() => similar.locator('li').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('Planters that catch the rain'));
        await checkA11y(me, 'new idea form with suggestions');
      }
      if (js) {
        // htmx renders the preview in place: no page load, the form stays as it is.
        const before = page.url();
        await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ideas/preview') && r.status() === 200), intent(page, 'preview').click()]);
        await expect.poll(() => page.locator('#idea-preview h3').textContent()).toBe(title);
        expect(page.url()).toBe(before);
      } else {
        const preview = await clickAndLoad(page, intent(page, 'preview'));
        expect(preview.status()).toBe(200);
      }
      expect(await similar.isVisible()).toBe(true);
      expect(await similar.locator('h2').textContent()).toBe(t.en('ideas.similar.title'));
      const suggestion = similar.locator('li', { hasText: 'Planters that catch the rain' });
      expect(await suggestion.isVisible()).toBe(true);
      expect(await suggestion.locator('a').getAttribute('href')).toMatch(new RegExp(`^/ideas/${UUID}$`));
      const previewBox = page.locator('main .idea-preview');
      expect(await previewBox.locator('h3').textContent()).toBe(title);
      expect(await previewBox.locator('.markdown strong').textContent()).toBe('bus stops');
      // The form keeps what was typed.
      expect(await page.locator('#title').inputValue()).toBe(title);
      await checkA11y(me, 'new idea form, preview');

      await clickAndLoad(page, intent(page, 'publish'));
      expect(pathOf(page)).toMatch(new RegExp(`^/ideas/${UUID}$`));
      expect(await flash(page)).toBe(t.en('ideas.flash.published'));
      expect(await page.locator('h1').textContent()).toBe(title);
      expect(await page.locator('main .idea-meta .badge').textContent()).toBe(t.en('ideas.status.submitted'));
      await checkA11y(me, '/ideas/:id (published)');

      // A second idea, saved as a draft.
      const draftTitle = `Shade sails over the market square ${suffix}`;
      await visit(page, `${challengePath}/ideas/new`);
      await fillIdea(page, { title: draftTitle, summary: 'Sails that give shade on hot market days.' });
      await clickAndLoad(page, intent(page, 'draft'));
      const ideaPath = pathOf(page);
      expect(ideaPath).toMatch(new RegExp(`^/ideas/${UUID}$`));
      expect(await flash(page)).toBe(t.en('ideas.flash.drafted'));
      expect(await page.locator('main .notice').textContent()).toBe(t.en('ideas.page.draft'));
      await checkA11y(me, '/ideas/:id (draft)');

      // Found again under "Your ideas".
      await visit(page, '/account/ideas');
      const row = page.locator('main table tbody tr', { hasText: draftTitle });
      expect(await row.locator('td').nth(2).textContent()).toBe(t.en('ideas.status.draft'));
      await checkA11y(me);
      await clickAndLoad(page, row.locator(`a[href="${ideaPath}"]`));
      expect(pathOf(page)).toBe(ideaPath);

      await clickAndLoad(page, page.locator(`main form[action="${ideaPath}/publish"] button[type=submit]`));
      expect(pathOf(page)).toBe(ideaPath);
      expect(await flash(page)).toBe(t.en('ideas.flash.published'));
      expect(await page.locator('main .notice').count()).toBe(0);
      await checkA11y(me, '/ideas/:id (published from a draft)');

      // Edit it: the page then says "Edited".
      await clickAndLoad(page, page.locator(`main a[href="${ideaPath}/edit"]`));
      expect(pathOf(page)).toBe(`${ideaPath}/edit`);
      expect(await page.locator('h1').textContent()).toBe(t.en('ideas.edit.title'));
      expect(await page.locator('#title').inputValue()).toBe(draftTitle);
      await checkA11y(me);
      await page.locator('#summary').fill('Sails that give shade on hot market days, taken down in winter.');
      await clickAndLoad(page, intent(page, 'save'));
      expect(pathOf(page)).toBe(ideaPath);
      expect(await flash(page)).toBe(t.en('ideas.flash.edited'));
      expect(await page.locator('main .lead').textContent()).toBe('Sails that give shade on hot market days, taken down in winter.');
      expect(await page.locator('main .idea-dates dt').allTextContents()).toContain(t.en('ideas.edited'));
      await checkA11y(me, '/ideas/:id (edited)');

      // Listed on the challenge (newest first), marked edited.
      await visit(page, `${challengePath}?sort=newest`);
      const card = page.locator('#idea-cards > li.idea-card', { hasText: draftTitle });
      expect(await card.count()).toBe(1);
      expect(await card.locator('.idea-meta').textContent()).toContain(t.en('ideas.edited'));

      // Withdraw it, saying why (the confirmation: its own page, or in place with htmx).
      await visit(page, ideaPath);
      const withdraw = page.locator(`main a[href="${ideaPath}/withdraw"]`);
      if (js) {
        await withdraw.click();
        await page.locator('#idea-withdraw #withdraw-form').waitFor();
      } else {
        await clickAndLoad(page, withdraw);
        expect(pathOf(page)).toBe(`${ideaPath}/withdraw`);
      }
      await page.locator('#withdraw-form input[name=reason][value=no_longer_relevant]').check();
      await clickAndLoad(page, page.locator('#withdraw-form button[type=submit]'));
      expect(pathOf(page)).toBe(ideaPath);
      expect(await flash(page)).toBe(t.en('ideas.flash.withdrawn'));
      expect(await page.locator('main article.idea .notice p').first().textContent()).toBe(t.en('ideas.page.withdrawn'));
      expect(await page.locator('main .idea-meta .badge').textContent()).toBe(t.en('ideas.status.withdrawn'));
      expect(await page.locator(`main a[href="${ideaPath}/edit"]`).count()).toBe(0);
      await checkA11y(me, '/ideas/:id (withdrawn)');

      await visit(page, `${challengePath}?sort=newest`);
      expect(await cardTitles(page)).not.toContain(draftTitle);
      expect(await cardTitles(page)).toContain(title);
      expect(cspErrors(me), 'CSP violations').toEqual([]);
    } finally {
      await me.close();
    }
  });

  test('visitor: sort, filter, search and page through the ideas', async () => {
    const path = await pagingChallenge();
    const me = await tab(js);
    const { page } = me;
    try {
      // A challenge whose ideas all fit on one page has no Show-more control.
      await visit(page, '/challenges?q=Greener+high+streets');
      await clickAndLoad(page, page.locator('main .challenge-card h2 a'));
      expect(await cards(page).count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#ideas-more').count()).toBe(0);

      expect((await visit(page, path)).status()).toBe(200);
      expect(await selectedValue(page, 'ideas-sort')).toBe('random');
      expect(await cards(page).count()).toBe(20);
      expect(await page.locator('#ideas-more a').textContent()).toBe(t.en('ideas.list.more'));
      await checkA11y(me, `${path} (random order)`);

      // Newest first.
      await page.locator('#ideas-sort').selectOption('newest');
      await applyIdeaFilters(me);
      await expect.poll(() => selectedValue(page, 'ideas-sort')).toBe('newest');
      expect(pathOf(page)).toContain('sort=newest');
      const newest = Array.from({ length: 20 }, (_, i) => pagingTitle(PAGING_IDEAS - i));
      await expect.poll(() => cardTitles(page)).toEqual(newest);
      await checkA11y(me, `${path} (newest)`);

      // Show more.
      const more = page.locator('#ideas-more a');
      if (js) {
        const before = page.url();
        await more.click();
        await expect.poll(() => cards(page).count()).toBe(PAGING_IDEAS);
        expect(page.url()).toBe(before);
        expect(await cardTitles(page)).toEqual([...newest, pagingTitle(2), pagingTitle(1)]);
        await expect.poll(() => page.locator('#ideas-more').count()).toBe(0);
        await checkA11y(me, `${path} (after Show more)`);
      } else {
        await clickAndLoad(page, more);
        expect(pathOf(page)).toMatch(/[?&]after=/);
        expect(pathOf(page)).toContain('sort=newest');
        expect(await cardTitles(page)).toEqual([pagingTitle(2), pagingTitle(1)]);
        expect(await page.locator('#ideas-more').count()).toBe(0);
        const first = page.locator('#ideas a', { hasText: t.en('ideas.list.first') });
        await clickAndLoad(page, first);
        expect(await cardTitles(page)).toEqual(newest);
      }

      // Most supported (nobody has supported anything yet: all 22, 20 on the first page).
      await page.locator('#ideas-sort').selectOption('supported');
      await applyIdeaFilters(me);
      await expect.poll(() => selectedValue(page, 'ideas-sort')).toBe('supported');
      expect(await cards(page).count()).toBe(20);
      expect(await page.locator('#ideas-more').count()).toBe(1);
      await checkA11y(me, `${path} (most supported)`);

      // A topic and a status.
      await page.locator('#ideas-sort').selectOption('newest');
      await page.locator('#ideas-topic').selectOption({ label: TRANSPORT });
      await page.locator('#ideas-status').selectOption('submitted');
      await applyIdeaFilters(me);
      await expect.poll(() => cardTitles(page)).toEqual([pagingTitle(3), pagingTitle(2), pagingTitle(1)]);
      expect(await selectedValue(page, 'ideas-status')).toBe('submitted');
      expect(await page.locator('#ideas-more').count()).toBe(0);
      for (const text of await page.locator('#idea-cards > li.idea-card .topic-list').allTextContents()) expect(text).toContain(TRANSPORT);
      await checkA11y(me, `${path} (topic and status)`);

      await page.locator('#ideas-status').selectOption('shortlisted');
      await applyIdeaFilters(me);
      await expect.poll(() => page.locator('#ideas .empty').textContent()).toBe(t.en('ideas.list.emptyFiltered'));
      expect(await cards(page).count()).toBe(0);
      await checkA11y(me, `${path} (nothing matches)`);

      // Search within the challenge.
      await page.locator('#ideas-topic').selectOption('');
      await page.locator('#ideas-status').selectOption('');
      await page.locator('#ideas-q').fill('zebrafinch');
      await applyIdeaFilters(me);
      await expect.poll(() => cardTitles(page)).toEqual([pagingTitle(5)]);
      expect(await page.locator('#ideas-q').inputValue()).toBe('zebrafinch');
      if (!js) expect(pathOf(page)).toContain('q=zebrafinch');
      await checkA11y(me, `${path} (search)`);
      expect(cspErrors(me), 'CSP violations').toEqual([]);
      expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });
});
