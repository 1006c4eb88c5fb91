/**
 * Competitions' judging against the real server (fresh database with the demo seeded), as far as
 * it is built: the council's owner sets the rubric of the demo challenge open for ideas (its
 * submissions are open, so each change asks why), and a resident reads it on the challenge page,
 * in English and French. axe checks every page state; the Nu checker their HTML.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, startServerAndBrowser, visit } from './support/browser.js';
import { COUNCIL_OWNER, DEMO_PASSWORD, signIn, switchLanguage, t } from './support/flows.js';
import { nuErrors } from './support/nu.js';
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

const CHALLENGE = 'Greener high streets';
const documents: Array<{ name: string; html: string }> = [];
const keep = async (page: Page, name: string) => documents.push({ name, html: await (await page.request.get(page.url())).text() });

describe.each([{ js: false }, { js: true }])('with JavaScript $js', ({ js }) => {
  test('the council’s owner adds a criterion, is asked why, and a resident reads the rubric on the challenge page', async () => {
    const priya = await tab(js);
    const { page } = priya;
    await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
    await visit(page, '/challenges');
    await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: CHALLENGE }));
    const path = pathOf(page);
    await clickAndLoad(page, page.locator('main nav a', { hasText: t.en('judging.link.rubric') }));
    expect(pathOf(page)).toBe(`${path}/rubric`);
    await checkA11y(priya, `rubric (${js ? 'js' : 'no js'})`);
    if (!js) await keep(page, 'rubric (en)');

    const name = js ? 'Value for money' : 'Impact on the high street';
    await page.locator('#name').fill(name);
    await page.locator('#weight').fill(js ? '1' : '3');
    await page.locator('#scale').selectOption(js ? '0-10' : '1-5');
    // No reason: the error summary says so, links to the field, and nothing is added.
    let res = await clickAndLoad(page, page.locator('main form.rubric-form button[type=submit]'));
    expect(res.status()).toBe(422);
    expect(await page.locator('.error-summary a[href="#reason"]').textContent()).toContain(t.en('judging.rubric.reasonRequired'));
    await checkA11y(priya, `rubric with errors (${js ? 'js' : 'no js'})`);
    await page.locator('#reason').fill('Residents asked how ideas would be judged.');
    res = await clickAndLoad(page, page.locator('main form.rubric-form button[type=submit]'));
    expect(res.status()).toBe(200);
    expect(await page.locator('main .flash').textContent()).toContain(t.en('judging.rubric.added'));
    expect(await page.locator('main ol.rubric-criteria').textContent()).toContain(name);
    if (!js) {
      await clickAndLoad(page, page.locator('main ol.rubric-criteria a', { hasText: name }));
      await checkA11y(priya, 'criterion (en)');
      await keep(page, 'criterion (en)');
      await switchLanguage(page, 'fr');
      await checkA11y(priya, 'criterion (fr)');
      await keep(page, 'criterion (fr)');
      await visit(page, `${path}/rubric`);
      await checkA11y(priya, 'rubric (fr)');
      await keep(page, 'rubric (fr)');
      await switchLanguage(page, 'en');
    }

    const resident = await tab(js);
    await visit(resident.page, path);
    expect(await resident.page.locator('main section.rubric').textContent()).toContain(name);
    await checkA11y(resident, `challenge page with its rubric (${js ? 'js' : 'no js'})`);
    if (js) {
      await switchLanguage(resident.page, 'fr');
      expect(await resident.page.locator('main section.rubric h2').textContent()).toBe(t.fr('judging.rubric.public.title'));
      await checkA11y(resident, 'challenge page with its rubric (fr)');
      await keep(resident.page, 'challenge page with its rubric (fr)');
    }
    await resident.close();
    await priya.close();
  });
});

test('W3C Nu checker: no error on the judging pages', async () => {
  expect(documents.length).toBeGreaterThanOrEqual(5);
  const errors = await nuErrors(documents);
  const found = [...errors].filter(([, messages]) => messages.length > 0).map(([name, messages]) => `${name}:\n${messages.map((m) => `  line ${m.lastLine}: ${m.message} ${m.extract ?? ''}`).join('\n')}`);
  expect(found.join('\n\n')).toBe('');
}, 120_000);
