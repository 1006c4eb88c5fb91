/**
 * Issue 14, point 3, in Chromium against the real server: a resident signed in on two browsers
 * sees both under "Your sessions" and ends the other one (JavaScript on and off); an admin finds
 * an account and ends every session of it. axe checks both pages, in English and French.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, startServerAndBrowser, visit } from './support/browser.js';
import { ADMIN, CITIZEN, COUNCIL_OWNER, DEMO_PASSWORD, signIn, switchLanguage } from './support/flows.js';
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

const flash = (page: Page) => page.locator('main .flash').textContent();
const sessionItems = (page: Page) => page.locator('main .session-item');

describe('Your sessions', () => {
  for (const js of [true, false]) {
    test(`a resident sees two sessions and ends the other (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const here = await tab(js);
      const there = await tab(js);
      try {
        expect((await signIn(there.page, CITIZEN.email, DEMO_PASSWORD)).status()).toBe(200);
        expect((await signIn(here.page, CITIZEN.email, DEMO_PASSWORD)).status()).toBe(200);
        await visit(here.page, '/account');
        await clickAndLoad(here.page, here.page.locator('main a[href="/account/sessions"]'));
        expect(pathOf(here.page)).toBe('/account/sessions');
        await expect.poll(() => sessionItems(here.page).count()).toBeGreaterThanOrEqual(2);
        const current = sessionItems(here.page).filter({ hasText: 'this browser' });
        expect(await current.count()).toBe(1);
        expect(await current.textContent()).toContain('Chrome · Linux');
        await checkA11y(here, 'your sessions');

        // End the first other session: the other browser's.
        const other = sessionItems(here.page).filter({ hasNotText: 'this browser' }).first();
        const res = await clickAndLoad(here.page, other.locator('button[type=submit]'));
        expect(res.status()).toBe(200);
        expect(await flash(here.page)).toContain('That session has been signed out.');

        // The other browser is signed out at its next request.
        const back = await visit(there.page, '/account');
        expect(back.status()).toBe(200);
        expect(pathOf(there.page)).toMatch(/^\/sign-in/);

        // This one signs all others out (there may be none left) and stays in.
        if (await here.page.locator('main form[action="/account/sessions/end-others"]').count()) {
          await clickAndLoad(here.page, here.page.locator('main form[action="/account/sessions/end-others"] button'));
        }
        expect(await here.page.locator('main .empty').textContent()).toContain('not signed in anywhere else');
        await switchLanguage(here.page, 'fr');
        expect(await here.page.locator('main h1').textContent()).toBe('Vos sessions');
        await checkA11y(here, 'vos sessions');
        await switchLanguage(here.page, 'en');
      } finally {
        await here.close();
        await there.close();
      }
    });
  }
});

describe('an admin ends every session of an account', () => {
  test('finds the council owner by address and signs them out everywhere', async () => {
    const admin = await tab(true);
    const owner = await tab(true);
    try {
      expect((await signIn(owner.page, COUNCIL_OWNER.email, DEMO_PASSWORD)).status()).toBe(200);
      expect((await signIn(admin.page, ADMIN.email, DEMO_PASSWORD)).status()).toBe(200);
      await visit(admin.page, '/admin');
      await clickAndLoad(admin.page, admin.page.locator('main a[href="/admin/accounts"]'));
      await admin.page.locator('#email').fill(COUNCIL_OWNER.email);
      await clickAndLoad(admin.page, admin.page.locator('main form[action="/admin/accounts"] button[type=submit]'));
      expect(await admin.page.locator('main h2').textContent()).toBe(COUNCIL_OWNER.displayName);
      await checkA11y(admin, 'admin accounts');
      await clickAndLoad(admin.page, admin.page.locator('main form[action$="/end-sessions"] button'));
      expect(await flash(admin.page)).toMatch(/Every session has ended \(\d+\)\./);
      await visit(owner.page, '/account');
      expect(pathOf(owner.page)).toMatch(/^\/sign-in/);
    } finally {
      await admin.close();
      await owner.close();
    }
  });
});
