/**
 * Issue 14, point 2, in Chromium against the real server, with a virtual authenticator (the
 * DevTools WebAuthn domain) in place of a phone or security key: a council's owner enrols a
 * passkey, signs out, signs in with password and passkey, uses a recovery code once (and not
 * twice), and is asked to re-authenticate before inviting a member. axe checks the pages.
 *
 * The server is this file's own: PUBLIC_URL on localhost (a passkey's relying party must be a
 * domain, not an IP address) and a 20-second step-up window (STEP_UP_SECONDS), so "a while after
 * signing in" takes seconds.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, launchBrowser, openTab, pathOf, visit } from './support/browser.js';
import { COUNCIL_OWNER, DEMO_PASSWORD, signIn, signOut } from './support/flows.js';
import { addVirtualAuthenticator } from './support/webauthn.js';
import { startFreshServer, type RunningServer } from '../support/server.js';

const STEP_UP_SECONDS = 20;
let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startFreshServer({ publicHost: 'localhost', env: { STEP_UP_SECONDS: String(STEP_UP_SECONDS) } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const flash = (page: Page) => page.locator('main .flash').textContent();
const MEMBERS = '/organisations/riverside-council/members';

describe('a second factor for a council owner', () => {
  test('enrols a passkey, signs in with it, uses a recovery code once, and re-authenticates before inviting', async () => {
    const tab = await openTab(browser!, server!.url.replace('127.0.0.1', 'localhost'));
    const { page } = tab;
    try {
      const authenticator = await addVirtualAuthenticator(page);
      expect((await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD)).status()).toBe(200);

      // Enrol: the account page → Sign-in and security → name it → Add a passkey.
      await visit(page, '/account');
      await clickAndLoad(page, page.locator('main a[href="/account/security"]'));
      await checkA11y(tab, 'sign-in and security');
      await page.locator('#name').fill('Work laptop');
      const added = await clickAndLoad(page, page.locator('main form[action="/account/security/passkeys"] button[type=submit]'));
      expect(added.status()).toBe(200);
      expect(await page.locator('main h1').textContent()).toBe('Your recovery codes');
      const codes = await page.locator('main .recovery-codes code').allTextContents();
      expect(codes).toHaveLength(10);
      await checkA11y(tab, 'recovery codes');
      expect(await authenticator.credentials()).toHaveLength(1);
      await clickAndLoad(page, page.getByRole('link', { name: 'I have saved them' }));
      expect(await page.locator('main').textContent()).toContain('Work laptop');

      // Sign out, then in: the password, then the passkey.
      await signOut(page);
      await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
      expect(pathOf(page)).toMatch(/^\/sign-in\/verify/);
      await checkA11y(tab, 'second step');
      await clickAndLoad(page, page.locator('main form[data-webauthn="authenticate"] button[type=submit]'));
      expect(await flash(page)).toBe('You are signed in.');
      expect(await page.locator('header .account-name').textContent()).toBe(COUNCIL_OWNER.displayName);
      expect((await authenticator.credentials())[0]!.signCount).toBeGreaterThan(0);

      // A recovery code works once…
      await signOut(page);
      await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
      await page.locator('#recovery-code').fill(codes[0]!);
      await clickAndLoad(page, page.locator('main form:has(#recovery-code) button[type=submit]'));
      expect(await flash(page)).toContain('You have 9 left');
      // …and not twice.
      await signOut(page);
      await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
      await page.locator('#recovery-code').fill(codes[0]!);
      const again = await clickAndLoad(page, page.locator('main form:has(#recovery-code) button[type=submit]'));
      expect(again.status()).toBe(422);
      expect(await page.locator('main .error-summary').textContent()).toContain('already used');
      await clickAndLoad(page, page.locator('main form[data-webauthn="authenticate"] button[type=submit]'));
      expect(await page.locator('header .account-name').textContent()).toBe(COUNCIL_OWNER.displayName);

      // A while after signing in, inviting a member asks to confirm it is them first.
      await page.waitForTimeout((STEP_UP_SECONDS + 1) * 1000);
      await visit(page, MEMBERS);
      await page.locator('#email').fill('new.officer@riverside.example');
      await clickAndLoad(page, page.locator(`main form[action="${MEMBERS.replace('/members', '/invitations')}"] button[type=submit]`));
      expect(pathOf(page)).toBe(`/reauth?next=${encodeURIComponent(MEMBERS)}`);
      expect(await page.locator('main h1').textContent()).toBe('Confirm it is you');
      await checkA11y(tab, 'reauth');
      await clickAndLoad(page, page.locator('main form[data-webauthn="authenticate"] button[type=submit]'));
      expect(pathOf(page)).toBe(MEMBERS);
      await page.locator('#email').fill('new.officer@riverside.example');
      await clickAndLoad(page, page.locator(`main form[action="${MEMBERS.replace('/members', '/invitations')}"] button[type=submit]`));
      expect(pathOf(page)).toBe(MEMBERS);
      expect(await flash(page)).toContain('new.officer@riverside.example');
      expect(cspErrorsOf(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  test('without JavaScript, the second step offers the code and recovery forms and says passkeys need JavaScript', async () => {
    const tab = await openTab(browser!, server!.url.replace('127.0.0.1', 'localhost'), { js: false });
    try {
      await signIn(tab.page, COUNCIL_OWNER.email, DEMO_PASSWORD);
      expect(pathOf(tab.page)).toMatch(/^\/sign-in\/verify/);
      expect(await tab.page.locator('main').textContent()).toContain('Passkeys need JavaScript');
      expect(await tab.page.locator('#recovery-code').count()).toBe(1);
      await clickAndLoad(tab.page, tab.page.locator('main form[action="/sign-in/verify/cancel"] button'));
      expect(pathOf(tab.page)).toBe('/sign-in');
    } finally {
      await tab.close();
    }
  });
});

const cspErrorsOf = (errors: string[]) => errors.filter((e) => e.includes('Content Security Policy'));
