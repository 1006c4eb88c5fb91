/**
 * A newcomer's first steps (issue 10, points 15, 17 and 19), against the real server with the demo
 * seeded, with JavaScript on and off, in English and French; mail is read from the development
 * spool (DATA_DIR/mail). axe checks each page when JavaScript is on.
 *
 * - sign up from a card's "Sign in to support", land on "check your email", have the link sent
 *   again, open it: "confirmed", the sign-in form filled in, and back to the challenge;
 * - an unconfirmed account: the notice on every page, a refused "Share an idea" that says what to
 *   do, the link sent again from there, confirmed: the notice goes and sharing works;
 * - "Share an idea" with a draft in the challenge: the draft offered, or another idea.
 *
 * Rate limits: this file signs up 6 people and signs in 8 times from one address.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locale } from '../../src/i18n/index.js';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { CITIZEN, confirmEmail, DEMO_PASSWORD, fillSignUp, headerName, mainForm, newPerson, oneTimeLinkPattern, signIn, switchLanguage, t } from './support/flows.js';
import { readMails, waitForMailLink } from './support/mail.js';
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

const VERIFY_LINK = oneTimeLinkPattern('/verify-email');
const h1 = async (page: Page) => ((await page.locator('h1').textContent()) ?? '').trim();
const flash = async (page: Page) => ((await page.locator('main .flash').textContent()) ?? '').trim();
const mainText = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/[ \t\r\n]+/g, ' '); // not \s: French keeps its narrow no-break spaces
const notice = (page: Page) => page.locator('main .unconfirmed-notice');
/** Mail files already in the spool (to wait for the next one). */
const seen = () => new Set(readMails(srv().dataDir).map((m) => m.file));

/** A demo challenge's page, found through the directory's search. */
async function challengePath(page: Page, title: string): Promise<string> {
  await visit(page, `/challenges?q=${encodeURIComponent(title)}`);
  await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: title }));
  return pathOf(page);
}

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  test.each(['en', 'fr'] as const)('newcomer (%s): sign up, check your email, the link again, confirmed, signed in, back where they were going', async (lang: Locale) => {
    const me = await tab(js);
    const { page } = me;
    const person = newPerson(`Newcomer ${lang} ${js ? 'JS' : 'NoJS'}`);
    try {
      if (lang === 'fr') {
        await visit(page, '/');
        await switchLanguage(page, 'fr');
      }
      // From a card of a challenge in its voting phase: "Sign in to support", then "Create an account".
      const path = await challengePath(page, 'Loneliness among older residents');
      await clickAndLoad(page, page.locator('#idea-cards .vote a', { hasText: t[lang]('votes.signIn') }).first());
      expect(pathOf(page)).toMatch(/^\/sign-in\?next=/);
      await clickAndLoad(page, page.locator('main a', { hasText: t[lang]('auth.signUp.title') }));
      expect(pathOf(page)).toMatch(/^\/sign-up\?next=/);
      const before = seen();
      const res = await fillSignUp(page, person);
      expect(res.status()).toBe(200);

      // "Check your email": the address, what to do if nothing arrives, the link again.
      expect(pathOf(page)).toBe('/sign-up/check-email');
      expect(await h1(page)).toBe(t[lang]('auth.checkEmail.title'));
      expect(await mainText(page)).toContain(t[lang]('auth.checkEmail.sent', { email: person.email }));
      expect(await page.locator('main h2').textContent()).toBe(t[lang]('auth.checkEmail.nothing'));
      expect(await headerName(page).count()).toBe(0); // not signed in
      await checkA11y(me, `/sign-up/check-email (${lang})`);
      const first = await waitForMailLink(srv().dataDir, person.email, VERIFY_LINK, { after: before });

      await clickAndLoad(page, mainForm(page, '/verify-email/resend').locator('button[type=submit]'));
      expect(pathOf(page)).toBe('/sign-up/check-email');
      expect(await flash(page)).toBe(t[lang]('auth.checkEmail.resent', { email: person.email }));
      await checkA11y(me, `/sign-up/check-email, link sent again (${lang})`);
      const second = await waitForMailLink(srv().dataDir, person.email, VERIFY_LINK, { after: new Set([...before, first.mail.file]) });
      expect(second.link).not.toBe(first.link);

      // The newest link: confirmed, the sign-in form filled in (not signed in by the link).
      expect((await confirmEmail(page, second.link, js)).status()).toBe(200);
      expect(await h1(page)).toBe(t[lang]('auth.confirmed.title'));
      expect(await page.locator('#email').inputValue()).toBe(person.email);
      expect(await headerName(page).count()).toBe(0);
      await checkA11y(me, `/verify-email (${lang})`);
      await page.locator('#password').fill(person.password);
      const signedIn = await clickAndLoad(page, mainForm(page, '/sign-in').locator('button[type=submit]'));
      expect(signedIn.status()).toBe(200);
      expect(pathOf(page).startsWith(path)).toBe(true);
      expect(await headerName(page).textContent()).toBe(person.displayName);
      expect(await flash(page)).toBe(t[lang]('auth.signIn.done'));
      expect(await notice(page).count()).toBe(0);
      // The control she came for now offers the support.
      expect(await page.locator('#idea-cards form[action$="/support"]').count()).toBeGreaterThan(0);
      await checkA11y(me, `${path} signed in (${lang})`);
      expect(cspErrors(me)).toEqual([]);
      if (js) expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });

  test('unconfirmed: the notice on every page, a refusal that says what to do, the link again, then sharing works (English, then French)', async () => {
    const me = await tab(js);
    const { page } = me;
    const person = newPerson(`Unconfirmed ${js ? 'JS' : 'NoJS'}`);
    try {
      await visit(page, '/sign-up');
      const before = seen();
      await fillSignUp(page, person);
      expect(pathOf(page)).toBe('/sign-up/check-email');
      await waitForMailLink(srv().dataDir, person.email, VERIFY_LINK, { after: before });
      // Signing in works before confirming; the notice says what is missing on every page.
      await signIn(page, person.email, person.password);
      expect(await headerName(page).textContent()).toBe(person.displayName);
      for (const where of ['/', '/challenges']) {
        await visit(page, where);
        expect(await notice(page).textContent()).toContain(t.en('layout.unconfirmed', { email: person.email }));
        await checkA11y(me, `${where} (unconfirmed)`);
      }

      // "Share an idea": refused, saying why and what to do, with the link again.
      const path = await challengePath(page, 'Greener high streets');
      await clickAndLoad(page, page.locator(`main a[href="${path}/ideas/new"]`));
      expect(await h1(page)).toBe(t.en('error.unconfirmed.title'));
      expect(await mainText(page)).toContain(t.en('error.unconfirmed.body', { email: person.email }));
      expect(await mainText(page)).not.toContain(t.en('error.forbidden.title'));
      expect(await notice(page).count()).toBe(0); // said once
      await checkA11y(me, `${path}/ideas/new (unconfirmed)`);

      // In French, the same.
      await switchLanguage(page, 'fr');
      expect(pathOf(page)).toBe(`${path}/ideas/new`);
      expect(await h1(page)).toBe(t.fr('error.unconfirmed.title'));
      expect(await mainText(page)).toContain(t.fr('error.unconfirmed.body', { email: person.email }));
      await checkA11y(me, `${path}/ideas/new (unconfirmed, fr)`);
      const again = seen();
      await clickAndLoad(page, page.locator('main form[action="/verify-email/resend"] button[type=submit]'));
      expect(pathOf(page)).toBe(`${path}/ideas/new`);
      expect(await flash(page)).toBe(t.fr('auth.verify.resent', { email: person.email }));
      const { link } = await waitForMailLink(srv().dataDir, person.email, VERIFY_LINK, { after: again });
      await visit(page, path);
      expect(await notice(page).textContent()).toContain(t.fr('layout.unconfirmed', { email: person.email }));

      // Confirmed (signed in already): home, said so, no notice; sharing works.
      expect((await confirmEmail(page, link, js)).status()).toBe(200);
      expect(pathOf(page)).toBe('/');
      expect(await flash(page)).toBe(t.fr('auth.verify.done'));
      expect(await notice(page).count()).toBe(0);
      await visit(page, `${path}/ideas/new`);
      expect(await h1(page)).toBe(t.fr('ideas.new.title'));
      await switchLanguage(page, 'en');
      expect(cspErrors(me)).toEqual([]);
      // The refusal page is a 403 document (Chromium logs each one it loads): nothing else.
      if (js) expect(me.errors.filter((e) => !e.includes('status of 403')), 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });

  test('"Share an idea" with a draft in the challenge: continue it, or start another (English and French)', async () => {
    const me = await tab(js);
    const { page } = me;
    const title = `Benches with shade ${js ? 'JS' : 'NoJS'} ${Date.now().toString(36)}`;
    try {
      await visit(page, '/sign-in');
      await signIn(page, CITIZEN.email, DEMO_PASSWORD);
      const path = await challengePath(page, 'Greener high streets');
      const share = page.locator(`main a[href="${path}/ideas/new"]`);
      await clickAndLoad(page, share);
      expect(await h1(page)).toBe(t.en('ideas.new.title'));
      await page.locator('#title').fill(title);
      await page.locator('#summary').fill('Benches under trees along the high street.');
      await page.locator('#description').fill('Benches under trees along the high street.');
      await clickAndLoad(page, page.locator('main form button[name=intent][value=draft]'));
      const ideaPath = pathOf(page);
      expect(ideaPath).toMatch(/^\/ideas\/[0-9a-f-]{36}$/);

      // Back on the challenge: "Share an idea" offers the draft.
      await visit(page, path);
      await clickAndLoad(page, share);
      expect(pathOf(page)).toBe(`${path}/ideas/new`);
      expect(await h1(page)).toBe(t.en('ideas.drafts.title', { count: 1 }));
      expect(await page.locator('main form').count()).toBe(0);
      await checkA11y(me, `${path}/ideas/new (a draft)`);
      await clickAndLoad(page, page.locator('main a', { hasText: t.en('ideas.drafts.continue', { title }) }));
      expect(pathOf(page)).toBe(`${ideaPath}/edit`);
      expect(await page.locator('#title').inputValue()).toBe(title);

      // Or another idea: the empty form.
      await visit(page, path);
      await clickAndLoad(page, share);
      await clickAndLoad(page, page.locator('main a', { hasText: t.en('ideas.drafts.another') }));
      expect(pathOf(page)).toBe(`${path}/ideas/new?another=1`);
      expect(await h1(page)).toBe(t.en('ideas.new.title'));
      expect(await page.locator('#title').inputValue()).toBe('');

      // In French.
      await switchLanguage(page, 'fr');
      await visit(page, `${path}/ideas/new`);
      expect(await h1(page)).toBe(t.fr('ideas.drafts.title', { count: 1 }));
      expect(await page.locator('main a', { hasText: t.fr('ideas.drafts.continue', { title }) }).count()).toBe(1);
      await checkA11y(me, `${path}/ideas/new (a draft, fr)`);
      await switchLanguage(page, 'en');

      // Published, it is no longer offered (and the next run starts without a draft).
      await visit(page, ideaPath);
      await clickAndLoad(page, page.locator(`main form[action="${ideaPath}/publish"] button[type=submit]`));
      await visit(page, `${path}/ideas/new`);
      expect(await h1(page)).toBe(t.en('ideas.new.title'));
      expect(cspErrors(me)).toEqual([]);
      if (js) expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });
});
