/**
 * Vote integrity against the real server (fresh database with the demo seeded), with JavaScript
 * on and off: five people sign up, confirm their address and support one idea of the demo
 * challenge in its voting phase (a burst of new accounts); the council's owner finds the group on
 * the challenge's Vote integrity report and sets it aside with a reason; each of those people
 * sees on their own page that their support was set aside and why; once voting has closed, the
 * challenge page shows the public summary. axe checks the report (English and French) and the
 * summary; the Nu checker their HTML.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, startServerAndBrowser, visit, type Tab } from './support/browser.js';
import { confirmEmail, COUNCIL_OWNER, DEMO_PASSWORD, fillSignUp, headerName, mainForm, newPerson, oneTimeLinkPattern, signIn, switchLanguage, t } from './support/flows.js';
import { readMails, waitForMailLink } from './support/mail.js';
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

const CHALLENGE = 'Loneliness among older residents';
const VERIFY_LINK = oneTimeLinkPattern('/verify-email');
const BURST = 5;
const documents: Array<{ name: string; html: string }> = [];

async function keep(page: Page, name: string) {
  documents.push({ name, html: await (await page.request.get(page.url())).text() });
}

/** The challenge's path, through the directory as a visitor finds it. */
async function challengePath(page: Page): Promise<string> {
  await visit(page, '/challenges');
  await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: CHALLENGE }));
  return pathOf(page);
}

const ideaIdOf = async (page: Page, title: string) => (await page.locator('#idea-cards > li.idea-card', { hasText: title }).getAttribute('id'))!.replace(/^idea-/, '');
const live = async (page: Page, ideaId: string) => ((await page.locator(`#vote-${ideaId}-status`).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A new person: signs up, confirms their address from the mail, signs in and supports the idea. Returns their signed-in tab. */
async function newSupporter(js: boolean, path: string, ideaId: string): Promise<Tab> {
  const me = await tab(js);
  const { page } = me;
  const person = newPerson('Burst');
  await visit(page, '/sign-up');
  const before = new Set(readMails(server!.dataDir).map((m) => m.file));
  expect((await fillSignUp(page, person)).status()).toBe(200);
  const { link } = await waitForMailLink(server!.dataDir, person.email, VERIFY_LINK, { after: before });
  await confirmEmail(page, link, js);
  await page.locator('#password').fill(person.password);
  await clickAndLoad(page, mainForm(page, '/sign-in').locator('button[type=submit]'));
  expect(await headerName(page).textContent()).toBe(person.displayName);
  await visit(page, path);
  const button = page.locator(`#vote-${ideaId}-button`);
  if (js) await Promise.all([page.waitForResponse((r) => r.url().includes(`/ideas/${ideaId}/support`)), button.click()]);
  else await clickAndLoad(page, button);
  await expect.poll(() => live(page, ideaId)).toContain(t.en('votes.state.supported'));
  return me;
}

describe.each([{ js: false, idea: 'Bus buddies' }, { js: true, idea: 'Lunch clubs in pubs' }])('with JavaScript $js', ({ js, idea }) => {
  test('a burst of new accounts supports an idea; the council sets it aside with a reason; each of them sees why on their own page', async () => {
    const staff = await tab(js);
    const supporters: Tab[] = [];
    try {
      const path = await challengePath(staff.page);
      const ideaId = await ideaIdOf(staff.page, idea);
      for (let i = 0; i < BURST; i++) supporters.push(await newSupporter(js, path, ideaId));

      // The council's owner opens the report from the challenge page.
      const { page } = staff;
      await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
      await visit(page, path);
      await clickAndLoad(page, page.locator('main nav a', { hasText: t.en('votes.integrity.link') }));
      expect(pathOf(page)).toBe(`${path}/integrity`);
      const burst = page.locator(`input[name=group][value^="burst|${ideaId}|"]`);
      expect(await burst.getAttribute('value')).toMatch(new RegExp(`\\|${BURST}$`));
      const label = page.locator(`label[for="${await burst.getAttribute('id')}"]`);
      expect(await label.textContent()).toContain(t.en('votes.integrity.signal.burst'));
      expect(await label.textContent()).toContain(idea);
      // One network and one browser too (they all came from this machine's browser), and nothing else.
      expect(await page.locator(`input[name=group][value^="network|${ideaId}|"]`).count()).toBe(1);
      await checkA11y(staff, `integrity report (${js ? 'js' : 'no js'})`);
      if (!js) await keep(page, 'integrity report (en)');

      // Nothing chosen, a reason too short: the error summary names both; nothing changes.
      await page.locator('#reason').fill('spam');
      let res = await clickAndLoad(page, page.locator('main form.integrity-form button[type=submit]'));
      expect(res.status()).toBe(422);
      const summary = (await page.locator('.error-summary').textContent()) ?? '';
      expect(summary).toContain(t.en('votes.integrity.noneChosen'));
      expect(summary).toContain(t.en('votes.integrity.reasonRequired'));
      await checkA11y(staff, `integrity report with errors (${js ? 'js' : 'no js'})`);

      const reason = `Five accounts created minutes apart supported “${idea}” at once.`;
      await page.locator(`input[name=group][value^="burst|${ideaId}|"]`).check();
      await page.locator('#reason').fill(reason);
      res = await clickAndLoad(page, page.locator('main form.integrity-form button[type=submit]'));
      expect(res.status()).toBe(200);
      expect(await page.locator('main .flash').textContent()).toContain(t.en('votes.integrity.flash', { count: BURST }));
      expect(await page.locator(`input[name=group][value*="|${ideaId}|"]`).count()).toBe(0); // every group of those supports is gone
      expect(await page.locator('main .integrity-decisions').textContent()).toContain(reason);
      if (!js) {
        await switchLanguage(page, 'fr');
        await checkA11y(staff, 'integrity report (fr)');
        await keep(page, 'integrity report (fr)');
        await switchLanguage(page, 'en');
      }

      // Each supporter: the control says so, and their own page says why (no one else's does).
      for (const s of supporters) {
        await visit(s.page, `/ideas/${ideaId}`);
        expect(await live(s.page, ideaId)).toContain(t.en('votes.state.setAside'));
        expect(await s.page.locator(`#vote-${ideaId}-button`).count()).toBe(0);
      }
      const first = supporters[0]!.page;
      await clickAndLoad(first, first.locator('header a', { hasText: t.en('people.menu.activity') }));
      expect(await first.locator('#set-aside').textContent()).toContain(reason);
      await checkA11y(supporters[0]!, `own page with a support set aside (${js ? 'js' : 'no js'})`);
      if (!js) await keep(first, 'own page with a support set aside (en)');
      const ownPage = pathOf(first);
      await visit(page, ownPage);
      expect(await page.locator('main').textContent()).not.toContain(reason);
    } finally {
      for (const s of supporters) await s.close();
      await staff.close();
    }
  });
});

test('once voting has closed, everyone sees on the challenge page the supports received, set aside and why', async () => {
  const staff = await tab(false);
  const visitor = await tab(true);
  try {
    const { page } = staff;
    await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
    const path = await challengePath(page);
    expect(await page.locator('main .integrity-summary').count()).toBe(0); // voting is open
    // The council closes the challenge early (a confirmation page, then the form).
    await clickAndLoad(page, page.locator(`main a[href="${path}/close"]`));
    await clickAndLoad(page, page.locator(`main form[action="${path}/close"] button[type=submit]`));

    await visit(visitor.page, path);
    const text = ((await visitor.page.locator('main .integrity-summary').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(t.en('votes.summary.title'));
    expect(text).toMatch(/The council set 10 aside, so \d+ count\./);
    expect(text).toContain('Five accounts created minutes apart supported “Bus buddies” at once.');
    expect(text).toContain('Five accounts created minutes apart supported “Lunch clubs in pubs” at once.');
    await checkA11y(visitor, 'challenge page with the integrity summary');
    await switchLanguage(visitor.page, 'fr');
    expect(await visitor.page.locator('main .integrity-summary').textContent()).toContain(t.fr('votes.summary.title'));
    await checkA11y(visitor, 'challenge page with the integrity summary (fr)');
    await keep(visitor.page, 'challenge page with the integrity summary (fr)');
  } finally {
    await staff.close();
    await visitor.close();
  }
});

test('W3C Nu checker: no error on the vote integrity pages', async () => {
  expect(documents.length).toBeGreaterThanOrEqual(4);
  const errors = await nuErrors(documents);
  const found = [...errors].filter(([, messages]) => messages.length > 0).map(([name, messages]) => `${name}:\n${messages.map((m) => `  line ${m.lastLine}: ${m.message} ${m.extract ?? ''}`).join('\n')}`);
  expect(found.join('\n\n')).toBe('');
}, 120_000);
