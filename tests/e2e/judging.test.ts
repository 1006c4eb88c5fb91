/**
 * Competitions' judging against the real server (fresh database with the demo seeded): the
 * council's owner sets the rubric of the demo challenge open for ideas (its submissions are open,
 * so each change asks why), and a resident reads it on the challenge page, in English and French.
 * Then a competition to its end on "Loneliness among older residents" (judging in progress in the
 * demo): the owner invites a resident as a judge, who joins from their Judging area, is recused
 * automatically from the idea they wrote, declares a conflict on one idea and scores another; the
 * two demo judges finish their scores; the owner closes the challenge, breaks the tie the scores
 * make, gives the awards and announces; a resident reads the results in English and French.
 * Tabs with and without JavaScript share the work. axe checks every page state (in the tabs that
 * run JavaScript); the Nu checker their HTML.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, startServerAndBrowser, visit } from './support/browser.js';
import { CITIZEN, COUNCIL_OWNER, DEMO_PASSWORD, signIn, signOut, switchLanguage, t } from './support/flows.js';
import { nuErrors } from './support/nu.js';
import { waitForMailLink } from './support/mail.js';
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


const LONELY = 'Loneliness among older residents';
const TOM = 'tom.okafor@riverside.example';
const MARIE = 'marie.dubois@greenlink.example';
const TEA = 'Tea and tech afternoons';
const KNOCK = 'A knock-on-the-door rota';
const BUS = 'Bus buddies';

/** Opens an assigned idea from the judge's list for the challenge, answers the conflict question "none" if asked, and submits the values (in rubric order). */
async function score(page: Page, judgingPath: string, idea: string, values: [string, string]) {
  await visit(page, judgingPath);
  await clickAndLoad(page, page.locator('main table a', { hasText: idea }));
  if ((await page.locator('main form[action$="/declare"]').count()) > 0) {
    await page.locator('main input[name=conflict][value=none]').check();
    const res = await clickAndLoad(page, page.locator('main form[action$="/declare"] button[type=submit]'));
    expect(res.status()).toBe(200);
  }
  const inputs = page.locator('main form[action$="/score"] input[type=number]');
  await inputs.nth(0).fill(values[0]);
  await inputs.nth(1).fill(values[1]);
  const res = await clickAndLoad(page, page.locator('main form[action$="/score"] button[value=submit]'));
  expect(res.status()).toBe(200);
  expect(await page.locator('main .flash').textContent()).toContain(t.en('judging.score.submitted'));
}

test('a competition to its end: panel, conflicts, scores, a tie, awards, the announcement and the results page', async () => {
  const priya = await tab(true);
  const priyaNoJs = await tab(false);
  const sam = await tab(false);
  const tom = await tab(true);
  const marie = await tab(false);
  const resident = await tab(false);
  const reader = await tab(true);
  try {
    // The owner opens the challenge's Judging page (JavaScript on) and invites Sam by e-mail.
    await signIn(priya.page, COUNCIL_OWNER.email, DEMO_PASSWORD);
    await visit(priya.page, '/challenges');
    await clickAndLoad(priya.page, priya.page.locator('main .challenge-card h2 a', { hasText: LONELY }));
    const path = pathOf(priya.page);
    const base = `${path}/judging`;
    await clickAndLoad(priya.page, priya.page.locator(`main nav a[href="${path}/judging"]`));
    expect(pathOf(priya.page)).toBe(base);
    await checkA11y(priya, 'judging overview');
    await keep(priya.page, 'judging overview (en)');
    await priya.page.locator('#email').fill('not an address');
    expect((await clickAndLoad(priya.page, priya.page.locator(`main form[action="${base}/invite"] button[type=submit]`))).status()).toBe(422);
    await checkA11y(priya, 'judging overview with an error');
    await priya.page.locator('#email').fill(CITIZEN.email);
    await clickAndLoad(priya.page, priya.page.locator(`main form[action="${base}/invite"] button[type=submit]`));
    expect(await priya.page.locator('main .flash').textContent()).toContain(CITIZEN.email);

    // The mail's link: the invitation page, signed out (sign in or up) and signed in (the statement).
    const { link } = await waitForMailLink(server!.dataDir, CITIZEN.email, /https?:\/\/\S+\/judge-invitations\/[A-Za-z0-9_-]+/);
    await visit(reader.page, new URL(link).pathname);
    expect(await reader.page.locator('main h1').textContent()).toContain(LONELY);
    await checkA11y(reader, 'judge invitation (signed out)');
    await keep(reader.page, 'judge invitation, signed out (en)');

    // Sam (no JavaScript) joins from the Judging area, after the confidentiality statement.
    await signIn(sam.page, CITIZEN.email, DEMO_PASSWORD);
    await visit(sam.page, new URL(link).pathname);
    expect(await sam.page.locator('main').textContent()).toContain(t.en('judging.confidentiality.accept'));
    documents.push({ name: 'judge invitation, signed in (en)', html: await sam.page.content() }); // the link is a credential: not fetched twice
    await visit(sam.page, '/judging');
    expect(await sam.page.locator('main').textContent()).toContain(t.en('judging.area.invitations'));
    let res = await clickAndLoad(sam.page, sam.page.locator('main form.judge-invitation button[type=submit]'));
    expect(res.status()).toBe(422);
    expect(await sam.page.locator('.error-summary').textContent()).toContain(t.en('judging.invitation.confidentialityRequired'));
    await sam.page.locator('main form.judge-invitation input[name=confidentiality]').check();
    await clickAndLoad(sam.page, sam.page.locator('main form.judge-invitation button[type=submit]'));
    const judgingPath = pathOf(sam.page);
    expect(judgingPath).toMatch(/^\/judging\/[0-9a-f-]{36}$/);
    await keep(sam.page, 'judge’s challenge, before assignment (en)');

    // The owner (no JavaScript) assigns the shortlist to everyone: Sam is recused from the idea he wrote.
    await signIn(priyaNoJs.page, COUNCIL_OWNER.email, DEMO_PASSWORD);
    await visit(priyaNoJs.page, base);
    await priyaNoJs.page.locator('main input[name=mode][value=everyone]').check();
    await clickAndLoad(priyaNoJs.page, priyaNoJs.page.locator(`main form[action="${base}/assign"] button[type=submit]`));
    expect(await priyaNoJs.page.locator('main .flash').textContent()).toContain('2 assignments added');
    expect(await priyaNoJs.page.locator('main').textContent()).toContain(t.en('judging.conflict.automatic.author'));

    // Sam: Tea and tech is not his to score; he declares a conflict on Bus buddies, and scores the knock-on-the-door rota.
    await visit(sam.page, judgingPath);
    expect(await sam.page.locator('main table tr', { hasText: TEA }).textContent()).toContain(t.en('judging.state.conflict'));
    expect(await sam.page.locator('main').textContent()).toContain(t.en('judging.blind.note').slice(0, 30));
    await clickAndLoad(sam.page, sam.page.locator('main table a', { hasText: BUS }));
    await keep(sam.page, 'conflict question (en)');
    await sam.page.locator('main input[name=conflict][value=declared]').check();
    res = await clickAndLoad(sam.page, sam.page.locator('main form[action$="/declare"] button[type=submit]'));
    expect(res.status()).toBe(422); // no reason
    await sam.page.locator('#reason').fill('Marie, who wrote it, is my next-door neighbour.');
    await clickAndLoad(sam.page, sam.page.locator('main form[action$="/declare"] button[type=submit]'));
    expect(await sam.page.locator('main .flash').textContent()).toContain(t.en('judging.conflict.recorded'));
    expect(await sam.page.locator('main table a', { hasText: BUS }).count()).toBe(0);
    await score(sam.page, judgingPath, KNOCK, ['3', '3']);
    await keep(sam.page, 'judge’s challenge (en)');

    // Tom (JavaScript on) submits his draft and scores Bus buddies; Marie (no JavaScript) scores her two.
    await signIn(tom.page, TOM, DEMO_PASSWORD);
    await visit(tom.page, '/judging');
    await checkA11y(tom, 'judging area');
    await keep(tom.page, 'judging area (en)');
    await clickAndLoad(tom.page, tom.page.locator('main table a', { hasText: LONELY }));
    await checkA11y(tom, 'judge’s challenge');
    await clickAndLoad(tom.page, tom.page.locator('main table a', { hasText: KNOCK }));
    await checkA11y(tom, 'score form (draft)');
    await keep(tom.page, 'score form (en)');
    res = await clickAndLoad(tom.page, tom.page.locator('main form[action$="/score"] button[value=submit]'));
    expect(res.status()).toBe(200);
    await clickAndLoad(tom.page, tom.page.locator('main table a', { hasText: BUS }));
    await checkA11y(tom, 'conflict question');
    await score(tom.page, judgingPath, BUS, ['2', '2']);
    await signIn(marie.page, MARIE, DEMO_PASSWORD);
    await score(marie.page, judgingPath, TEA, ['3', '3']);
    await score(marie.page, judgingPath, KNOCK, ['5', '4']);

    // The owner closes the challenge (voting ends), sees the tie on the scoreboard, and breaks it.
    await visit(priya.page, path);
    await clickAndLoad(priya.page, priya.page.locator(`main a[href="${path}/close"]`));
    await clickAndLoad(priya.page, priya.page.locator(`main form[action="${path}/close"] button[type=submit]`));
    await visit(priya.page, `${base}/scoreboard`);
    await checkA11y(priya, 'scoreboard with a tie');
    await keep(priya.page, 'scoreboard (en)');
    const board = (await priya.page.locator('main table.scoreboard').textContent()) ?? '';
    expect(board).toContain('75.00');
    expect(await priya.page.locator('main form.tie-form').count()).toBe(1);
    await visit(priyaNoJs.page, `${base}/scoreboard`);
    const selects = priyaNoJs.page.locator('main form.tie-form select');
    await selects.nth(0).selectOption('2');
    await selects.nth(1).selectOption('1');
    res = await clickAndLoad(priyaNoJs.page, priyaNoJs.page.locator('main form.tie-form button[type=submit]'));
    expect(res.status()).toBe(422); // no reason
    await priyaNoJs.page.locator('main form.tie-form textarea').fill('The rota can start at once with the community safety team.');
    await clickAndLoad(priyaNoJs.page, priyaNoJs.page.locator('main form.tie-form button[type=submit]'));
    expect(await priyaNoJs.page.locator('main .flash').textContent()).toContain(t.en('judging.tie.done'));

    // Awards (JavaScript on), then the announcement, confirmed.
    await visit(priya.page, `${base}/awards`);
    await checkA11y(priya, 'awards');
    await keep(priya.page, 'awards (en)');
    const give = async (idea: string, place: string, citation: string) => {
      await priya.page.locator('main input[name=kind][value=place]').check();
      await priya.page.locator('#place').fill(place);
      await priya.page.locator('#idea').selectOption({ label: (await priya.page.locator('#idea option', { hasText: idea }).textContent())! });
      await priya.page.locator('#citation').fill(citation);
      await priya.page.locator('#prize').fill('Up to £8,000 for a community pilot');
      await clickAndLoad(priya.page, priya.page.locator(`main form[action="${base}/awards"] button[type=submit]`));
      expect(await priya.page.locator('main .flash').textContent()).toContain(t.en('judging.award.added'));
    };
    await give(KNOCK, '1', 'A rota neighbours can start **next month**.');
    await give(TEA, '2', 'Libraries and young volunteers, together.');
    // The pages behind the staff's links, for axe and the validator: changing an award, removing a judge, marking an idea ineligible.
    await clickAndLoad(priya.page, priya.page.locator('main ul.awards a', { hasText: t.en('judging.award.edit') }).first());
    await checkA11y(priya, 'an award');
    await keep(priya.page, 'an award (en)');
    await visit(priya.page, base);
    await clickAndLoad(priya.page, priya.page.locator('main table a', { hasText: t.en('judging.panel.remove') }).first());
    await checkA11y(priya, 'removing a judge');
    await keep(priya.page, 'removing a judge (en)');
    await visit(priya.page, `${base}/shortlist`);
    await clickAndLoad(priya.page, priya.page.locator('main a', { hasText: t.en('judging.ineligible.link') }).first());
    await checkA11y(priya, 'marking an idea ineligible');
    await keep(priya.page, 'marking an idea ineligible (en)');
    await visit(priya.page, `${base}/awards`);
    await clickAndLoad(priya.page, priya.page.locator(`main a[href="${base}/announce"]`));
    await checkA11y(priya, 'announcement');
    await keep(priya.page, 'announcement (en)');
    res = await clickAndLoad(priya.page, priya.page.locator(`main form[action="${base}/announce"] button[type=submit]`));
    expect(res.status()).toBe(422);
    await priya.page.locator('#confirm').check();
    await clickAndLoad(priya.page, priya.page.locator(`main form[action="${base}/announce"] button[type=submit]`));
    expect(pathOf(priya.page)).toBe(`${path}/results`);
    expect(await priya.page.locator('main .flash').textContent()).toContain(t.en('judging.announce.done'));

    // A resident (no JavaScript) reads the results in English; a reader with JavaScript in French.
    await visit(resident.page, path);
    await clickAndLoad(resident.page, resident.page.locator('main a', { hasText: t.en('judging.results.link.announced') }));
    const text = ((await resident.page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`1st place: ${KNOCK}`);
    expect(text).toContain('A rota neighbours can start next month.');
    expect(text).toContain('3 judges scored the shortlisted ideas against 2 criteria');
    expect(text).toContain('The rota can start at once with the community safety team.');
    expect(text).toContain(t.en('judging.results.method.blind'));
    await keep(resident.page, 'results (en)');
    await visit(reader.page, `${path}/results`);
    await checkA11y(reader, 'results');
    await switchLanguage(reader.page, 'fr');
    expect(await reader.page.locator('main h1').textContent()).toContain('Résultats');
    expect(await reader.page.locator('main').textContent()).toContain(`1re place`);
    await checkA11y(reader, 'results (fr)');
    await keep(reader.page, 'results (fr)');

    // Every staff page once more, in French, for axe and the validator.
    await switchLanguage(priya.page, 'fr');
    for (const [name, url] of [
      ['judging overview (fr)', base],
      ['shortlist (fr)', `${base}/shortlist`],
      ['scoreboard (fr)', `${base}/scoreboard`],
      ['awards (fr)', `${base}/awards`],
    ] as const) {
      await visit(priya.page, url);
      await checkA11y(priya, name);
      await keep(priya.page, name);
    }
    await visit(priya.page, `${base}/shortlist`);
    await switchLanguage(priya.page, 'en');
    await checkA11y(priya, 'shortlist');
    await keep(priya.page, 'shortlist (en)');
    await visit(priya.page, `${base}/scoreboard`);
    await clickAndLoad(priya.page, priya.page.locator('main table.scoreboard a', { hasText: KNOCK }));
    await checkA11y(priya, 'an idea’s scores');
    await keep(priya.page, 'an idea’s scores (en)');
    await signOut(sam.page);
  } finally {
    for (const x of [priya, priyaNoJs, sam, tom, marie, resident, reader]) await x.close();
  }
}, 240_000);

test('W3C Nu checker: no error on the judging pages', async () => {
  expect(documents.length).toBeGreaterThanOrEqual(25);
  const errors = await nuErrors(documents);
  const found = [...errors].filter(([, messages]) => messages.length > 0).map(([name, messages]) => `${name}:\n${messages.map((m) => `  line ${m.lastLine}: ${m.message} ${m.extract ?? ''}`).join('\n')}`);
  expect(found.join('\n\n')).toBe('');
}, 120_000);
