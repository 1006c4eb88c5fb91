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
import { ADMIN, CITIZEN, COUNCIL_OWNER, DEMO_PASSWORD, headerName, signIn, switchLanguage } from './support/flows.js';
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

const LEA = DEMO_ACCOUNTS.find((a) => a.email.startsWith('lea.'))!;
const documents: Array<{ name: string; html: string }> = [];

async function signInAs(page: Page, who: { email: string; displayName: string }) {
  const res = await signIn(page, who.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(who.displayName);
}

/** The demo idea a comment by `author` is on, and the comment's id (found as a visitor finds it: the challenges, their ideas, the Report links). */
async function commentBy(page: Page, author: string): Promise<{ ideaPath: string; commentId: string }> {
  await visit(page, '/challenges?sort=newest');
  const challenges = await page.locator('main .challenge-card h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const challenge of challenges) {
    await visit(page, `${challenge}?sort=newest`);
    const ideas = await page.locator('#idea-cards h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const idea of ideas) {
      await visit(page, idea);
      const ids = await page.locator('main a[href^="/report/comment/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.split('/').at(-1)!));
      for (const id of ids) if ((await page.locator(`#comment-main-${id} .comment-author`).textContent()) === author) return { ideaPath: idea, commentId: id };
    }
  }
  throw new Error(`no demo comment by ${author}`);
}

/** Keeps the page's HTML as the server sent it, for the Nu checker. */
async function keep(page: Page, name: string) {
  const res = await page.request.get(page.url());
  documents.push({ name, html: await res.text() });
}

const account = (name: string) => DEMO_ACCOUNTS.find((a) => a.displayName === name)!;
const SUBMIT = (form: string) => `main form.${form} button[type=submit]`;

describe.each([false, true])('JavaScript %s', (js) => {
  // Each run takes another demo comment: Marie's, then Tom's.
  const author = account(js ? 'Tom Okafor' : 'Marie Dubois');

  test('a resident reports a comment, a second and a third report hold it, a moderator hides it under a rule, the author asks for a review, another moderator restores it', async () => {
    const sam = await tab(js);
    await signInAs(sam.page, CITIZEN);
    const { ideaPath, commentId } = await commentBy(sam.page, author.displayName);
    await visit(sam.page, ideaPath);
    await clickAndLoad(sam.page, sam.page.locator(`main a[href="/report/comment/${commentId}"]`));
    expect(pathOf(sam.page)).toBe(`/report/comment/${commentId}`);
    await checkA11y(sam, `report form (${js ? 'js' : 'no js'})`);
    if (!js) await keep(sam.page, 'report form (en)');
    // Nothing chosen: the error summary names the field, nothing is sent.
    let res = await clickAndLoad(sam.page, sam.page.locator(SUBMIT('report-form')));
    expect(res.status()).toBe(422);
    expect(await sam.page.locator('.error-summary').textContent()).toContain('Choose why you are reporting it');
    await checkA11y(sam, `report form with errors (${js ? 'js' : 'no js'})`);
    await sam.page.locator('input[name=reason][value=personal]').check();
    await sam.page.locator('textarea[name=note]').fill('A phone number');
    res = await clickAndLoad(sam.page, sam.page.locator(SUBMIT('report-form')));
    expect(res.status()).toBe(200);
    expect(pathOf(sam.page)).toBe(ideaPath);
    expect(await sam.page.locator('main .flash').textContent()).toContain('your report was sent to the moderators');
    // A second press says when.
    await visit(sam.page, `/report/comment/${commentId}`);
    expect(await sam.page.locator('main').textContent()).toContain('You reported this on');

    // Two more people: the third report holds it.
    for (const name of ['Noah Williams', 'Amira Hassan']) {
      const other = await tab(js);
      await signInAs(other.page, account(name));
      await visit(other.page, `/report/comment/${commentId}`);
      await other.page.locator('input[name=reason][value=personal]').check();
      res = await clickAndLoad(other.page, other.page.locator(SUBMIT('report-form')));
      expect(res.status()).toBe(200);
      await other.page.context().close();
    }
    const anon = await tab(js);
    await visit(anon.page, ideaPath);
    expect(await anon.page.locator(`#comment-main-${commentId}`).textContent()).toContain('Hidden while the moderators look at reports about it');

    // The platform admin hides it under rule 4.
    const alex = await tab(js);
    await signInAs(alex.page, ADMIN);
    await visit(alex.page, '/moderation?show=held');
    await checkA11y(alex, `queue (${js ? 'js' : 'no js'})`);
    if (!js) await keep(alex.page, 'queue (en)');
    await clickAndLoad(alex.page, alex.page.locator('main .queue-item h2 a').first());
    expect(pathOf(alex.page)).toMatch(/^\/moderation\/items\//);
    await checkA11y(alex, `item (${js ? 'js' : 'no js'})`);
    if (!js) await keep(alex.page, 'item (en)');
    expect(await alex.page.locator('main .reports').textContent()).toContain('A phone number');
    await alex.page.locator('main form.decide-form input[name=action][value=hide]').check();
    await alex.page.locator('main form.decide-form select[name=rule]').selectOption('personal');
    await alex.page.locator('main form.decide-form textarea[name=message]').fill('Please do not post phone numbers.');
    res = await clickAndLoad(alex.page, alex.page.locator(SUBMIT('decide-form')));
    expect(res.status()).toBe(200);
    expect(pathOf(alex.page)).toBe('/moderation?show=held&sort=newest'); // back to the view it came from
    expect(await alex.page.locator('main .flash').textContent()).toContain('Hidden.');
    await visit(anon.page, ideaPath);
    expect(await anon.page.locator(`#comment-main-${commentId}`).textContent()).toContain('Hidden by the moderators under rule 4: personal information');

    // The author asks for a review from the tombstone.
    const writer = await tab(js);
    await signInAs(writer.page, author);
    await visit(writer.page, ideaPath);
    await clickAndLoad(writer.page, writer.page.locator(`#comment-main-${commentId} a[href="/appeal/comment/${commentId}"]`));
    await checkA11y(writer, `appeal form (${js ? 'js' : 'no js'})`);
    if (!js) await keep(writer.page, 'appeal form (en)');
    expect(await writer.page.locator('main').textContent()).toContain('Please do not post phone numbers.');
    await writer.page.locator('textarea[name=note]').fill('It is the number of the council’s own helpline.');
    res = await clickAndLoad(writer.page, writer.page.locator(SUBMIT('appeal-form')));
    expect(res.status()).toBe(200);
    expect(await writer.page.locator('main .flash').textContent()).toContain('Your request was sent');

    // Another moderator (the council's owner) restores it.
    const priya = await tab(js);
    await signInAs(priya.page, COUNCIL_OWNER);
    await visit(priya.page, '/moderation?show=appealed');
    await clickAndLoad(priya.page, priya.page.locator('main .queue-item h2 a').first());
    expect(await priya.page.locator('main .appeal').textContent()).toContain('council’s own helpline');
    await priya.page.locator('main form.decide-form input[name=action][value=restore]').check();
    res = await clickAndLoad(priya.page, priya.page.locator(SUBMIT('decide-form')));
    expect(res.status()).toBe(200);
    expect(await priya.page.locator('main .flash').textContent()).toContain('Restored.');
    await visit(anon.page, ideaPath);
    expect(await anon.page.locator(`#comment-main-${commentId}`).textContent()).not.toContain('Hidden');
    // The public log counts what was decided, from the guidelines.
    await visit(anon.page, '/guidelines');
    await clickAndLoad(anon.page, anon.page.locator('main a[href="/moderation/log"]'));
    expect(await anon.page.locator('main table').textContent()).toContain('Rule 4: personal information');
    await checkA11y(anon, `log (${js ? 'js' : 'no js'})`);
    if (!js) await keep(anon.page, 'log (en)');
    for (const t of [sam, alex, anon, writer, priya]) await t.page.context().close();
  }, 180_000);
});

test('French: the report form, the queue and an item page are accessible and valid', async () => {
  const lea = await tab(false);
  await signInAs(lea.page, LEA);
  const { commentId } = await commentBy(lea.page, 'Noah Williams');
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
  await visit(alex.page, '/moderation/log');
  expect(await alex.page.locator('h1').textContent()).toContain('Journal de modération');
  await checkA11y(alex, 'log (fr)');
  await keep(alex.page, 'log (fr)');
  await switchLanguage(alex.page, 'en');
}, 120_000);

test('the platform admin suspends the demo’s spam account from its held comment, then lifts the suspension early (English and French)', async () => {
  const alex = await tab(false);
  await signInAs(alex.page, ADMIN);
  await visit(alex.page, '/moderation?show=held');
  await clickAndLoad(alex.page, alex.page.locator('main .queue-item', { hasText: 'coach tickets' }).locator('h2 a'));
  expect(await alex.page.locator('main').textContent()).toContain('Best Deals 4U');
  await alex.page.locator('#suspend-rule').selectOption('spam');
  await alex.page.locator('#why').fill('Advertising from an account made today.');
  let res = await clickAndLoad(alex.page, alex.page.locator(SUBMIT('suspend-form')));
  expect(res.status()).toBe(200);
  expect(await alex.page.locator('main .flash').textContent()).toContain('The account is suspended');
  await visit(alex.page, '/moderation?show=held');
  await clickAndLoad(alex.page, alex.page.locator('main .queue-item', { hasText: 'coach tickets' }).locator('h2 a'));
  expect(await alex.page.locator('main .lift').textContent()).toContain('Their suspension has no end date.');
  await checkA11y(alex, 'item with a suspended author (en)');
  await keep(alex.page, 'item with a suspended author (en)');
  // In French, without a reason: refused, the error summary links to the field.
  await switchLanguage(alex.page, 'fr');
  res = await clickAndLoad(alex.page, alex.page.locator(SUBMIT('lift-form')));
  expect(res.status()).toBe(422);
  expect(await alex.page.locator('.error-summary a[href="#lift-why"]').count()).toBe(1);
  await checkA11y(alex, 'item with a suspended author, errors (fr)');
  await keep(alex.page, 'item with a suspended author, errors (fr)');
  await alex.page.locator('#lift-why').fill('Compte d’un commerçant local, averti.');
  res = await clickAndLoad(alex.page, alex.page.locator(SUBMIT('lift-form')));
  expect(res.status()).toBe(200);
  expect(await alex.page.locator('main .flash').textContent()).toContain('La suspension est levée');
  expect(await alex.page.locator('main .lift').count()).toBe(0);
  await switchLanguage(alex.page, 'en');
  await alex.page.context().close();
}, 120_000);

test('W3C Nu checker: no error on the moderation pages', async () => {
  expect(documents.length).toBeGreaterThanOrEqual(11);
  const errors = await nuErrors(documents);
  const found = [...errors].filter(([, messages]) => messages.length > 0).map(([name, messages]) => `${name}:\n${messages.map((m) => `  line ${m.lastLine}: ${m.message} ${m.extract ?? ''}`).join('\n')}`);
  expect(found.join('\n\n')).toBe('');
}, 120_000);
