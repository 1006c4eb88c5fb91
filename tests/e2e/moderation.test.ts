/**
 * Trust and safety journeys against the real server (fresh database with the demo seeded), with
 * JavaScript on and off: residents report a comment, the platform moderator finds it in the
 * queue and hides it under a rule, and the idea page shows the tombstone in its place. axe checks
 * the report form, the queue and the item page in English and French; the Nu checker their HTML.
 *
 * Sign-in is rate limited (10 per e-mail and IP): this file signs each person in at most three times.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, visit, startServerAndBrowser } from './support/browser.js';
import { ADMIN, CITIZEN, DEMO_PASSWORD, headerName, signIn, switchLanguage } from './support/flows.js';
import { nuErrors } from './support/nu.js';
import type { RunningServer } from '../support/server.js';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';

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

const NOAH = DEMO_ACCOUNTS.find((a) => a.email.startsWith('noah.'))!;
const LEA = DEMO_ACCOUNTS.find((a) => a.email.startsWith('lea.'))!;
const documents: Array<{ name: string; html: string }> = [];

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** The path of a demo idea whose page shows at least `n` comments with a Report link for this person (and not by `notBy`), and the n-th one's id. */
async function ideaWithReportableComment(page: Page, n: number, notBy: readonly string[] = []): Promise<{ ideaPath: string; commentId: string }> {
  await visit(page, '/challenges?sort=newest');
  const challenges = await page.locator('main .challenge-card h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const challenge of challenges) {
    await visit(page, `${challenge}?sort=newest`);
    const ideas = await page.locator('#idea-cards h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const idea of ideas) {
      await visit(page, idea);
      const ids = await page.locator('main a[href^="/report/comment/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.split('/').at(-1)!));
      const others: string[] = [];
      for (const id of ids) if (!notBy.includes((await page.locator(`#comment-main-${id} .comment-author`).textContent()) ?? '')) others.push(id);
      if (others.length >= n) return { ideaPath: idea, commentId: others[n - 1]! };
    }
  }
  throw new Error('no demo idea with enough reportable comments');
}

/** Keeps the page's HTML as the server sent it, for the Nu checker. */
async function keep(page: Page, name: string) {
  const res = await page.request.get(page.url());
  documents.push({ name, html: await res.text() });
}

describe.each([false, true])('JavaScript %s', (js) => {
  test('a resident reports a comment, a second resident too, the moderator hides it under a rule, the idea page shows the tombstone', async () => {
    const sam = await tab(js);
    await signInAs(sam.page, CITIZEN);
    const { ideaPath, commentId } = await ideaWithReportableComment(sam.page, js ? 2 : 1, [NOAH.displayName]);
    await visit(sam.page, ideaPath);
    await clickAndLoad(sam.page, sam.page.locator(`main a[href="/report/comment/${commentId}"]`));
    expect(pathOf(sam.page)).toBe(`/report/comment/${commentId}`);
    await checkA11y(sam, `report form (${js ? 'js' : 'no js'})`);
    if (!js) await keep(sam.page, 'report form (en)');
    // Nothing chosen: the error summary names the field, nothing is sent.
    let res = await clickAndLoad(sam.page, sam.page.locator('main form.report-form button[type=submit]'));
    expect(res.status()).toBe(422);
    expect(await sam.page.locator('.error-summary').textContent()).toContain('Choose why you are reporting it');
    await sam.page.locator('input[name=reason][value=personal]').check();
    await sam.page.locator('textarea[name=note]').fill('A phone number');
    res = await clickAndLoad(sam.page, sam.page.locator('main form.report-form button[type=submit]'));
    expect(res.status()).toBe(200);
    expect(pathOf(sam.page)).toBe(ideaPath);
    expect(await sam.page.locator('main .flash').textContent()).toContain('your report was sent to the moderators');
    // A second press says when.
    await visit(sam.page, `/report/comment/${commentId}`);
    expect(await sam.page.locator('main').textContent()).toContain('You reported this on');

    const noah = await tab(js);
    await signInAs(noah.page, NOAH);
    await visit(noah.page, `/report/comment/${commentId}`);
    await noah.page.locator('input[name=reason][value=abuse]').check();
    res = await clickAndLoad(noah.page, noah.page.locator('main form.report-form button[type=submit]'));
    expect(res.status()).toBe(200);

    const alex = await tab(js);
    await signInAs(alex.page, ADMIN);
    await visit(alex.page, '/moderation?sort=most');
    await checkA11y(alex, `queue (${js ? 'js' : 'no js'})`);
    if (!js) await keep(alex.page, 'queue (en)');
    const item = alex.page.locator('main .queue-item').filter({ hasText: '2 open of 2 reports' }).first();
    await clickAndLoad(alex.page, item.locator('h2 a'));
    expect(pathOf(alex.page)).toMatch(/^\/moderation\/items\//);
    await checkA11y(alex, `item (${js ? 'js' : 'no js'})`);
    if (!js) await keep(alex.page, 'item (en)');
    expect(await alex.page.locator('main .reports').textContent()).toContain('A phone number');
    await alex.page.locator('input[name=action][value=hide]').check();
    await alex.page.locator('select[name=rule]').selectOption('personal');
    await alex.page.locator('textarea[name=note]').fill('Phone number of a neighbour');
    res = await clickAndLoad(alex.page, alex.page.locator('main form.decide-form button[type=submit]'));
    expect(res.status()).toBe(200);
    expect(pathOf(alex.page)).toBe('/moderation?show=pending&sort=most'); // back to the view it came from
    expect(await alex.page.locator('main .flash').textContent()).toContain('Hidden.');

    const anon = await tab(js);
    await visit(anon.page, ideaPath);
    expect(await anon.page.locator(`#comment-main-${commentId}`).textContent()).toContain('Hidden by the moderators under rule 4: personal information');
    for (const t of [sam, noah, alex, anon]) await t.page.context().close();
  }, 120_000);
});

test('French: the report form, the queue and an item page are accessible and valid', async () => {
  const lea = await tab(false);
  await signInAs(lea.page, LEA);
  const { commentId } = await ideaWithReportableComment(lea.page, 1);
  await visit(lea.page, `/report/comment/${commentId}`);
  expect(await lea.page.locator('h1').textContent()).toBe('Signaler ce contenu (commentaire)');
  await checkA11y(lea, 'report form (fr)');
  await keep(lea.page, 'report form (fr)');
  await lea.page.locator('input[name=reason][value=illegal]').check();
  const res = await clickAndLoad(lea.page, lea.page.locator('main form.report-form button[type=submit]'));
  expect(res.status()).toBe(422);
  await checkA11y(lea, 'report form with errors (fr)');

  const alex = await tab(false);
  await signInAs(alex.page, ADMIN);
  await switchLanguage(alex.page, 'fr');
  await visit(alex.page, '/moderation?show=decided');
  expect(await alex.page.locator('h1').textContent()).toBe('File de modération');
  await checkA11y(alex, 'queue (fr)');
  await keep(alex.page, 'queue (fr)');
  await clickAndLoad(alex.page, alex.page.locator('main .queue-item h2 a').first());
  await checkA11y(alex, 'item (fr)');
  await keep(alex.page, 'item (fr)');
  await switchLanguage(alex.page, 'en');
}, 120_000);

test('W3C Nu checker: no error on the moderation pages', async () => {
  expect(documents.length).toBeGreaterThanOrEqual(6);
  const errors = await nuErrors(documents);
  const found = [...errors].filter(([, messages]) => messages.length > 0).map(([name, messages]) => `${name}:\n${messages.map((m) => `  line ${m.lastLine}: ${m.message} ${m.extract ?? ''}`).join('\n')}`);
  expect(found.join('\n\n')).toBe('');
}, 120_000);
