/**
 * Spike (issue 14): the whole passkey ceremony, browser ↔ server, in our Chromium with a virtual
 * authenticator, before any table or page exists. A throwaway Hono app serves a register and a
 * sign-in form that use src/auth/second-factor's wrapper and public/js/webauthn.js under the
 * app's script policy (script-src 'self'). Kept as the reference for the real passkey e2e tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PasskeyError,
  authenticationOptions,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  registrationOptions,
  relyingParty,
  verifyAuthentication,
  verifyRegistration,
  type AuthenticationResponseJSON,
  type StoredCredential,
} from '../../src/auth/second-factor/index.js';
import { ROOT } from '../../src/paths.js';
import { clickAndLoad, launchBrowser, openTab, type Tab } from './support/browser.js';
import { addVirtualAuthenticator } from './support/webauthn.js';

const script = fs.readFileSync(path.join(ROOT, 'public/js/webauthn.js'));

/** What the real app will keep in tables and the session; here one person, in memory. */
type SpikeState = {
  challenge: string | null;
  credential: StoredCredential | null;
  /** The last sign-in's response as the browser sent it, to replay. */
  lastAssertion: AuthenticationResponseJSON | null;
  lastChallenge: string | null;
};

async function startSpikeServer(): Promise<{ origin: string; rpId: string; state: SpikeState; close(): Promise<void> }> {
  const state: SpikeState = { challenge: null, credential: null, lastAssertion: null, lastChallenge: null };
  const rp = { origin: '', rpId: '' };
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  });
  app.get('/static/js/webauthn.js', (c) => c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  const page = (title: string, body: unknown) =>
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><script src="/static/js/webauthn.js" defer></script></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
  const form = (kind: 'register' | 'authenticate', options: unknown) =>
    html`<form method="post" action="/${kind}" data-webauthn="${kind}" data-options="${JSON.stringify(options)}" data-error-message="That did not work: try again, or use a code instead." data-unsupported-message="This browser cannot use passkeys.">
      <p data-webauthn-error role="alert" hidden></p><input type="hidden" name="credential" value=""><button type="submit" name="action" value="go">Continue</button></form>`;
  const result = (c: Context, text: string, status: 200 | 400 = 200) => c.html(page('Result', html`<p id="result">${text}</p>`), status);
  const field = async (c: Context) => {
    const body = await c.req.parseBody();
    return { credential: typeof body['credential'] === 'string' ? body['credential'] : '', action: body['action'] };
  };
  // The challenge is single-use: taken out of the "session" whatever the outcome.
  const takeChallenge = () => {
    const challenge = state.challenge;
    state.challenge = null;
    if (!challenge) throw new PasskeyError('registration', 'no ceremony under way');
    return challenge;
  };

  app.get('/register', async (c) => {
    const options = await registrationOptions({
      rpName: 'Commonwise',
      rpId: rp.rpId,
      user: { id: '0b7e3f52-6b0e-4c55-9a59-2d7f1d1c9e01', name: 'staff@example.org', displayName: 'Staff Member' },
      excludeCredentials: state.credential ? [state.credential] : [],
    });
    state.challenge = options.challenge;
    return c.html(page('Add a passkey', form('register', options)));
  });
  app.post('/register', async (c) => {
    const { credential, action } = await field(c);
    try {
      const verified = await verifyRegistration(parseRegistrationResponse(credential), takeChallenge(), rp.origin, rp.rpId);
      state.credential = verified;
      return result(c, `registered ${verified.credentialId} counter ${verified.counter} transports ${verified.transports.join(',')} action ${String(action)}`);
    } catch (err) {
      if (err instanceof PasskeyError) return result(c, `refused: ${err.message}`, 400);
      throw err;
    }
  });
  app.get('/authenticate', async (c) => {
    const known = state.credential ? [state.credential] : [];
    const options = await authenticationOptions({ rpId: rp.rpId, allowCredentials: c.req.query('unknown') ? [{ credentialId: 'AAAAAAAAAAAAAAAAAAAAAA', transports: ['internal'] }] : known });
    state.challenge = options.challenge;
    return c.html(page('Sign in with your passkey', form('authenticate', options)));
  });
  app.post('/authenticate', async (c) => {
    const { credential } = await field(c);
    try {
      const response = parseAuthenticationResponse(credential);
      const challenge = takeChallenge();
      // The real app looks the credential up by response.id (and its owner must be the person
      // who passed the password step).
      if (!state.credential || state.credential.credentialId !== response.id) throw new PasskeyError('authentication', 'unknown credential');
      const { newCounter } = await verifyAuthentication(response, challenge, rp.origin, rp.rpId, state.credential);
      const before = state.credential.counter;
      state.credential = { ...state.credential, counter: newCounter };
      state.lastAssertion = response;
      state.lastChallenge = challenge;
      return result(c, `signed in counter ${before} -> ${newCounter}`);
    } catch (err) {
      if (err instanceof PasskeyError) return result(c, `refused: ${err.message}`, 400);
      throw err;
    }
  });

  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const { port } = server.address() as AddressInfo;
  // "localhost" (not 127.0.0.1): a secure context, and a valid RP ID (an IP address is not one).
  Object.assign(rp, relyingParty(`http://localhost:${port}`));
  return { origin: rp.origin, rpId: rp.rpId, state, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Which of WebAuthn's JSON helpers the page's browser has (run in the page). */
const jsonHelpers = () =>
  [PublicKeyCredential as unknown as object, PublicKeyCredential.prototype as object].map((o) => ['parseCreationOptionsFromJSON', 'parseRequestOptionsFromJSON', 'toJSON'].filter((k) => k in o));

const resultText = (page: Page) => page.locator('#result').textContent();

async function register(tab: Tab) {
  await tab.page.goto('/register');
  const res = await clickAndLoad(tab.page, tab.page.getByRole('button', { name: 'Continue' }));
  return { status: res.status(), text: await resultText(tab.page) };
}

async function authenticate(tab: Tab, query = '') {
  await tab.page.goto(`/authenticate${query}`);
  const res = await clickAndLoad(tab.page, tab.page.getByRole('button', { name: 'Continue' }));
  return { status: res.status(), text: await resultText(tab.page) };
}

describe('passkeys in Chromium with a virtual authenticator (spike)', () => {
  let browser: Browser;
  let spike: Awaited<ReturnType<typeof startSpikeServer>>;

  beforeAll(async () => {
    [browser, spike] = await Promise.all([launchBrowser(), startSpikeServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await spike?.close();
  });

  it('registers a passkey and signs in with it twice (the counter goes up); the server refuses a replay', async () => {
    spike.state.credential = null;
    const tab = await openTab(browser, spike.origin);
    const authenticator = await addVirtualAuthenticator(tab.page);

    const registered = await register(tab);
    // Our Chromium has the JSON helpers, so the script's own conversion is not what ran here.
    expect(await tab.page.evaluate(jsonHelpers)).toEqual([['parseCreationOptionsFromJSON', 'parseRequestOptionsFromJSON'], ['toJSON']]);
    expect(registered.status, registered.text ?? '').toBe(200);
    const stored = spike.state.credential!;
    // The submit button's name and value survive the script's resubmission.
    expect(registered.text).toBe(`registered ${stored.credentialId} counter ${stored.counter} transports internal action go`);
    expect(stored.publicKey.byteLength).toBeGreaterThan(30); // a COSE key: Ed25519 (42 bytes) is offered first
    const held = await authenticator.credentials();
    expect(held).toEqual([{ credentialId: stored.credentialId, rpId: 'localhost', signCount: stored.counter, isResidentCredential: true }]);

    const first = await authenticate(tab);
    expect(first.status, first.text ?? '').toBe(200);
    const afterFirst = spike.state.credential!.counter;
    expect(first.text).toBe(`signed in counter ${stored.counter} -> ${afterFirst}`);
    expect(afterFirst).toBeGreaterThan(stored.counter);

    const second = await authenticate(tab);
    expect(second.text).toBe(`signed in counter ${afterFirst} -> ${spike.state.credential!.counter}`);
    expect(spike.state.credential!.counter).toBeGreaterThan(afterFirst);

    // Registering the same authenticator again is refused by the browser (excludeCredentials):
    // nothing is submitted and the page's message is shown.
    await tab.page.goto('/register');
    await tab.page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => tab.page.locator('[data-webauthn-error]').textContent()).toContain('That did not work');
    expect(new URL(tab.page.url()).pathname).toBe('/register');

    expect(tab.errors.filter((e) => e.includes('Content Security Policy'))).toEqual([]);
    await authenticator.remove();
    await tab.close();

    // The server refuses the last sign-in replayed, or checked against another origin, challenge,
    // RP ID or credential.
    const { state, origin, rpId } = spike;
    const response = state.lastAssertion!;
    const challenge = state.lastChallenge!;
    const credential = state.credential!;
    // Replay: same response, the counter already moved on.
    await expect(verifyAuthentication(response, challenge, origin, rpId, credential)).rejects.toThrow(/counter/);
    const fresh = { ...credential, counter: 0 };
    await expect(verifyAuthentication(response, challenge, 'http://localhost:1', rpId, fresh)).rejects.toBeInstanceOf(PasskeyError);
    await expect(verifyAuthentication(response, 'another-challenge', origin, rpId, fresh)).rejects.toThrow(/challenge/);
    await expect(verifyAuthentication(response, challenge, origin, 'example.org', fresh)).rejects.toBeInstanceOf(PasskeyError);
    await expect(verifyAuthentication(response, challenge, origin, rpId, { ...fresh, credentialId: 'AAAA' })).rejects.toThrow(/another credential/);
    // Sanity: with the counter as it was before, the same response does verify (so the refusals above are for the stated reasons).
    await expect(verifyAuthentication(response, challenge, origin, rpId, fresh)).resolves.toEqual({ newCounter: credential.counter });
  });

  it('works through the script’s own base64url conversion where the JSON helpers are missing', async () => {
    spike.state.credential = null;
    const tab = await openTab(browser, spike.origin);
    await tab.page.addInitScript(() => {
      const pkc = window.PublicKeyCredential as unknown as Record<string, unknown>;
      delete pkc['parseCreationOptionsFromJSON'];
      delete pkc['parseRequestOptionsFromJSON'];
      delete (PublicKeyCredential.prototype as unknown as Record<string, unknown>)['toJSON'];
    });
    const authenticator = await addVirtualAuthenticator(tab.page);
    await tab.page.goto('/register');
    expect(await tab.page.evaluate(jsonHelpers)).toEqual([[], []]);
    const registered = await register(tab);
    expect(registered.status, registered.text ?? '').toBe(200);
    const signedIn = await authenticate(tab);
    expect(signedIn.status, signedIn.text ?? '').toBe(200);
    expect(spike.state.credential!.counter).toBeGreaterThan(0);
    expect(tab.errors).toEqual([]);
    await authenticator.remove();
    await tab.close();
  });

  it('shows the page’s message and submits nothing when the authenticator has no such credential', async () => {
    const tab = await openTab(browser, spike.origin);
    const authenticator = await addVirtualAuthenticator(tab.page);
    await tab.page.goto('/authenticate?unknown=1');
    let posted = false;
    tab.page.on('request', (r) => void (r.method() === 'POST' && (posted = true)));
    await tab.page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => tab.page.locator('[data-webauthn-error]').textContent(), { timeout: 20_000 }).toContain('That did not work');
    expect(await tab.page.locator('[data-webauthn-error]').isVisible()).toBe(true);
    expect(posted).toBe(false);
    await authenticator.remove();
    await tab.close();
  });

  it('without JavaScript the form is a plain form, and the server refuses its empty credential with a 400', async () => {
    const tab = await openTab(browser, spike.origin, { js: false });
    await tab.page.goto('/register');
    const res = await clickAndLoad(tab.page, tab.page.getByRole('button', { name: 'Continue' }));
    expect(res.status()).toBe(400);
    expect(await resultText(tab.page)).toBe('refused: passkey registration failed: the response is not JSON');
    await tab.close();
  });
});
