/**
 * End-to-end journeys against the real server (random port, fresh database with the demo seeded)
 * in Debian's Chromium. The main journeys run with JavaScript on and off: every mutation is a
 * plain form first. axe checks each page visited when JavaScript is on (axe needs it).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, expectNoAxeViolations, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { ADMIN, confirmEmail, DEMO_PASSWORD, fillSignUp, headerName, mainForm, newPerson, oneTimeLinkPattern, openMailAsAdmin, openResetLink, signIn, signOut, switchLanguage, t } from './support/flows.js';
import { waitForMailLink } from './support/mail.js';
import type { RunningServer } from '../support/server.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
/** The demo platform admin, signed in once: reads outgoing mail on /admin/mail. */
let admin: Tab;

const srv = () => server!;
const tab = async (js: boolean) => openTab(browser!, srv().url, { js });

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser(launchBrowser));
  admin = await tab(true);
  await signIn(admin.page, ADMIN.email, DEMO_PASSWORD);
  expect(await headerName(admin.page).textContent()).toBe(ADMIN.displayName);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const flash = (tab: Tab) => tab.page.locator('main .flash').textContent();
const lang = (tab: Tab) => tab.page.locator('html').getAttribute('lang');

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  test('citizen: sign up, verify the email, sign in, switch to French, sign out', async () => {
    const me = await tab(js);
    const { page } = me;
    const person = newPerson(js ? 'Citizen JS' : 'Citizen NoJS');
    try {
      expect((await visit(page, '/sign-up')).status()).toBe(200);
      expect(await lang(me)).toBe('en');
      await checkA11y(me);

      const signedUp = await fillSignUp(page, person);
      expect(signedUp.status()).toBe(200);
      expect(pathOf(page)).toBe('/sign-up/check-email');
      expect(await page.locator('main').textContent()).toContain(person.email);
      await checkA11y(me, '/sign-up/check-email');

      // The admin sees the verification mail in the outbox with its link masked (no way into the
      // newcomer's account); the working link is in the development mail spool.
      const shown = await openMailAsAdmin(admin.page, person.email, () => expectNoAxeViolations(admin.page));
      expect(shown.text).toContain('/verify-email#••••••••');
      expect(shown.hrefs.filter((h) => h.includes('verify-email'))).toEqual([]);
      const { link } = await waitForMailLink(srv().dataDir, person.email, oneTimeLinkPattern('/verify-email'));
      expect(new URL(link).origin).toBe(srv().url);
      expect((await confirmEmail(page, link, js)).status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe(t.en('auth.confirmed.title'));
      expect(await page.locator('#email').inputValue()).toBe(person.email);
      await checkA11y(me, '/verify-email');

      const signedIn = await signIn(page, person.email, person.password);
      expect(signedIn.status()).toBe(200);
      expect(pathOf(page)).toBe('/');
      expect(await headerName(page).textContent()).toBe(person.displayName);
      expect(await flash(me)).toBe(t.en('auth.signIn.done'));
      await checkA11y(me, '/ signed in');

      await visit(page, '/account');
      expect(await page.locator('main').textContent()).toContain(t.en('auth.profile.emailVerified'));
      await checkA11y(me);

      await switchLanguage(page, 'fr');
      expect(pathOf(page)).toBe('/account');
      expect(await page.locator('h1').textContent()).toBe(t.fr('auth.profile.title'));
      expect(await page.locator('header form[action="/sign-out"] button').textContent()).toBe(t.fr('layout.account.signOut'));
      expect(await page.locator('.skip-link').textContent()).toBe(t.fr('layout.skip'));
      await checkA11y(me, '/account in French');

      await signOut(page);
      expect(pathOf(page)).toBe('/');
      expect(await lang(me)).toBe('fr');
      expect(await flash(me)).toBe(t.fr('auth.signOut.done'));
      expect(await headerName(page).count()).toBe(0);
      expect(await page.locator('header a[href="/sign-in"]').textContent()).toBe(t.fr('layout.account.signIn'));
      await checkA11y(me, '/ after sign-out');

      // The session is gone on the server too.
      await visit(page, '/account');
      expect(pathOf(page)).toBe(`/sign-in?next=${encodeURIComponent('/account')}`);
      await checkA11y(me, '/sign-in?next=… in French');
      expect(me.errors, 'console errors').toEqual([]);
    } finally {
      await me.close();
    }
  });

  test('forgotten password: request a link, reset, sign in with the new password', async () => {
    const me = await tab(js);
    const { page } = me;
    const person = newPerson(js ? 'Forgetful JS' : 'Forgetful NoJS');
    try {
      await visit(page, '/sign-up');
      await checkA11y(me);
      await fillSignUp(page, person);
      expect(pathOf(page)).toBe('/sign-up/check-email');
      await visit(page, '/sign-in');
      await checkA11y(me, '/sign-in after sign-up');

      await clickAndLoad(page, page.locator('main a[href="/forgot-password"]'));
      expect(pathOf(page)).toBe('/forgot-password');
      await checkA11y(me);
      await page.locator('#email').fill(person.email);
      await clickAndLoad(page, mainForm(page, '/forgot-password').locator('button[type=submit]'));
      expect(pathOf(page)).toBe('/sign-in');
      expect(await flash(me)).toContain(person.email);
      await checkA11y(me, '/sign-in after the reset request');

      // This time the link is read from the .eml file the server wrote (no SMTP configured).
      const { link } = await waitForMailLink(srv().dataDir, person.email, oneTimeLinkPattern('/reset-password'));
      expect(new URL(link).origin).toBe(srv().url);
      await openResetLink(page, link, js);
      expect(await page.locator('h1').textContent()).toBe(t.en('auth.reset.title'));
      await checkA11y(me, '/reset-password');

      const newPassword = `${person.password}-renewed`;
      await page.locator('#password').fill(newPassword);
      await clickAndLoad(page, mainForm(page, '/reset-password').locator('button[type=submit]'));
      expect(pathOf(page)).toBe('/sign-in');
      expect(await flash(me)).toBe(t.en('auth.reset.done'));
      await checkA11y(me, '/sign-in after reset');

      // The old password no longer works; the new one does.
      const refused = await signIn(page, person.email, person.password);
      expect(refused.status()).toBe(422);
      expect(await page.locator('main .error-summary').textContent()).toContain(t.en('auth.signIn.failed'));
      await checkA11y(me, '/sign-in with an error');

      const accepted = await signIn(page, person.email, newPassword);
      expect(accepted.status()).toBe(200);
      expect(pathOf(page)).toBe('/');
      expect(await headerName(page).textContent()).toBe(person.displayName);
      await checkA11y(me, '/ signed in');

      // A reset link works once.
      await openResetLink(page, link, js);
      await page.locator('#password').fill(`${newPassword}-again`);
      expect((await clickAndLoad(page, mainForm(page, '/reset-password').locator('button[type=submit]'))).status()).toBe(400);
      expect(await page.locator('h1').textContent()).toBe(t.en('auth.verify.invalid.title'));
      await checkA11y(me, '/reset-password with a used token');
    } finally {
      await me.close();
    }
  });

  test('bad input: a short password shows the error summary, its link focuses the field, input is kept', async () => {
    const me = await tab(js);
    const { page } = me;
    const person = { ...newPerson(js ? 'Hasty JS' : 'Hasty NoJS'), password: 'short' };
    try {
      await visit(page, '/sign-up');
      await checkA11y(me);
      const res = await fillSignUp(page, person);
      expect(res.status()).toBe(422);
      expect(pathOf(page)).toBe('/sign-up');

      const summary = page.locator('main .error-summary');
      expect(await summary.isVisible()).toBe(true);
      expect(await summary.getAttribute('role')).toBe('alert');
      const link = summary.locator('a[href="#password"]');
      expect(await link.textContent()).toBe(t.en('form.errorSummary.item', { field: t.en('auth.field.password'), message: t.en('validation.password.short') }));
      expect(await page.locator('#password').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#password-error').textContent()).toBe(t.en('validation.password.short'));
      await checkA11y(me, '/sign-up with errors');

      // What was typed is kept (except the password, which is never echoed back).
      expect(await page.locator('#displayName').inputValue()).toBe(person.displayName);
      expect(await page.locator('#email').inputValue()).toBe(person.email);
      expect(await page.locator('#password').inputValue()).toBe('');

      await link.click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('password');
    } finally {
      await me.close();
    }
  });

  test('keyboard: the first Tab reaches the skip link, which moves focus to the main content', async () => {
    const me = await tab(js);
    const { page } = me;
    try {
      for (const path of ['/', '/sign-in']) {
        await visit(page, path);
        await checkA11y(me);
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => ({ cls: document.activeElement?.className, text: document.activeElement?.textContent }));
        expect(focused, `first Tab on ${path}`).toEqual({ cls: 'skip-link', text: t.en('layout.skip') });
        // Visible when focused (it sits off-screen otherwise).
        const box = await page.locator('.skip-link').boundingBox();
        expect(box && box.x >= 0 && box.y >= 0 && box.width > 0, 'skip link visible on focus').toBe(true);

        await page.keyboard.press('Enter');
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
        // The next Tab continues from inside main, not from the header.
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
      }
    } finally {
      await me.close();
    }
  });
});
