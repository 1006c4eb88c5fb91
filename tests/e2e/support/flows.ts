import type { Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../src/cli/demo.js';
import { E2E_DEMO_PASSWORD } from '../../support/server.js';
import { handledSecret } from '../../support/secrets.js';
import '../../../src/registry.js'; // every feature's messages, as the server has them
import { translator, type Locale } from '../../../src/i18n/index.js';
import { clickAndLoad, pathOf, visit } from './browser.js';

/** The demo accounts' password: the e2e server is started with it as DEMO_PASSWORD (startFreshServer). */
export const DEMO_PASSWORD = E2E_DEMO_PASSWORD;
export const t = { en: translator('en'), fr: translator('fr') };

const demo = (role: string) => {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role || x.email.startsWith(role));
  if (!a) throw new Error(`no demo account ${role}`);
  return a;
};
export const ADMIN = demo('Platform admin');
export const CITIZEN = demo('sam.taylor');
export const COUNCIL_OWNER = demo('priya.shah');

let counter = 0;
/** A fresh person for one journey. */
export function newPerson(label: string) {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  handledSecret(`river-lantern-${id}-quartz`);
  return {
    displayName: `${label} ${id.slice(-5)}`,
    email: `e2e-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id}@example.org`,
    password: `river-lantern-${id}-quartz`,
  };
}

/** The main form on the page (not the header's language or sign-out forms). */
export const mainForm = (page: Page, action: string) => page.locator(`main form[action="${action}"]`);

/** A one-time link to `path` in a mail: its code after the '#' (decision 0068). */
export const oneTimeLinkPattern = (path: '/verify-email' | '/reset-password') => new RegExp(`https?://\\S+${path}#[A-Za-z0-9_-]+`);

/**
 * Opens the confirmation link as the person would, and resolves with the page the form it leads
 * to ends on (the last document loaded): with JavaScript the page takes the code from after the '#' and sends the form itself;
 * without, the person pastes the code (the mail gives it under the link) and presses the button.
 */
export async function confirmEmail(page: Page, link: string, js: boolean): Promise<Response> {
  const code = new URL(link).hash.slice(1);
  handledSecret(code);
  if (!js) {
    await visit(page, link);
    await page.locator('#token').fill(code);
    return clickAndLoad(page, mainForm(page, '/verify-email').locator('button[type=submit]'));
  }
  // The script sends the form as the page opens (its first load may never come): wait for the
  // page that answers the POST (after any redirect), and for that page's load, registered as soon
  // as its response is in, so the load cannot be missed.
  let onResponse = (_r: Response) => {};
  const answered = new Promise<Response>((resolve) => {
    onResponse = (r) => {
      const req = r.request();
      if (!req.isNavigationRequest() || r.frame() !== page.mainFrame()) return;
      const fromPost = req.method() === 'POST' || req.redirectedFrom()?.method() === 'POST';
      if (!fromPost || (r.status() >= 300 && r.status() < 400)) return;
      page.off('response', onResponse);
      resolve(page.waitForEvent('load').then(() => r));
    };
  });
  page.on('response', onResponse);
  try {
    await page.goto(link);
    return await answered;
  } finally {
    page.off('response', onResponse);
  }
}

/**
 * Opens the reset link as the person would, up to the new password: with JavaScript the code goes
 * from after the '#' into the form, out of sight, and out of the address bar; without, the
 * person pastes it.
 */
export async function openResetLink(page: Page, link: string, js: boolean) {
  const code = new URL(link).hash.slice(1);
  handledSecret(code);
  expect((await visit(page, link)).status()).toBe(200);
  if (js) {
    expect(await page.locator('#token').inputValue()).toBe(code);
    expect(await page.locator('#token').isVisible()).toBe(false);
    expect(page.url()).not.toContain('#');
  } else {
    await page.locator('#token').fill(code);
  }
}

export async function fillSignUp(page: Page, person: { displayName: string; email: string; password: string }): Promise<Response> {
  await page.locator('#displayName').fill(person.displayName);
  await page.locator('#email').fill(person.email);
  await page.locator('#password').fill(person.password);
  return clickAndLoad(page, mainForm(page, '/sign-up').locator('button[type=submit]'));
}

export async function signIn(page: Page, email: string, password: string): Promise<Response> {
  if (!pathOf(page).startsWith('/sign-in')) await visit(page, '/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  return clickAndLoad(page, mainForm(page, '/sign-in').locator('button[type=submit]'));
}

export async function signOut(page: Page) {
  await clickAndLoad(page, page.locator('header form[action="/sign-out"] button[type=submit]'));
}

/** The header's language switch (a form when signed in, a link for a visitor): switches to the other language. */
export async function switchLanguage(page: Page, to: Locale) {
  const button = page.locator(`header form[action="/locale"] button[type=submit], header a[href^="/locale/${to}?"]`);
  await expect.poll(() => button.getAttribute('lang')).toBe(to);
  await clickAndLoad(page, button);
  expect(await page.locator('html').getAttribute('lang')).toBe(to);
}

export const headerName = (page: Page) => page.locator('header .account-name');

/**
 * As the platform admin (already signed in on `page`), finds the newest outbox mail to `to` on
 * /admin/mail, opens it and returns its text and the links in it (one-time links are masked
 * there: the working link is only in the development mail spool, see waitForMailLink).
 * Calls `onPage` on each admin page visited (for axe).
 */
export async function openMailAsAdmin(page: Page, to: string, onPage: () => Promise<void> = async () => {}) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await visit(page, '/admin/mail');
    const row = page.locator('main table tbody tr', { hasText: to }).first();
    if ((await row.count()) > 0) {
      await onPage();
      await clickAndLoad(page, row.locator('a').first());
      break;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} on /admin/mail`);
    await page.waitForTimeout(250);
  }
  await onPage();
  const text = (await page.locator('main .mail-text').textContent()) ?? '';
  const hrefs = await page.locator('main .mail-text a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return { text, hrefs };
}
