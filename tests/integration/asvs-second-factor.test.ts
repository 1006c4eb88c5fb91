/**
 * OWASP ASVS rows of issue 14, point 2 that tests/integration/second-factor.test.ts does not show
 * on its own: the second step of signing in starts a new session (V7.2.4), a password reset does
 * not skip the second factor (V6.4.3), and ending one other session asks for re-authentication
 * first (V7.5.2). See docs/security/asvs.csv.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { totpCode, TOTP_PERIOD_SECONDS } from '../../src/auth/second-factor/index.js';
import { sessions } from '../../src/db/schema/index.js';
import { Client, codeIn, ORIGIN } from '../support/app.js';
import { createUser, PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db } = useTestEnv();

const SESSION_COOKIE = 'cw_session';
const secretOn = (html: string) => /class="secret-key"[^>]*>([A-Z2-7 ]+)</.exec(html)?.[1]!.replace(/ /g, '');
const nextCode = (secret: string) => totpCode(secret, Date.now() + TOTP_PERIOD_SECONDS * 1000);
const handles = (html: string) => [...html.matchAll(/action="\/account\/sessions\/([0-9a-f-]{36})\/end"/g)].map((m) => m[1]!);
const isSignedIn = async (c: Client) => (await c.get('/account')).status === 200;
/** As if the person signed in more than the step-up's 15 minutes ago (STEP_UP_SECONDS' default). */
const age = (userId: string) => db().update(sessions).set({ authenticatedAt: new Date(Date.now() - 16 * 60_000) }).where(eq(sessions.userId, userId));

/** A new account with an authenticator app, set up through the pages; returns the secret. */
async function withTotp() {
  const user = await createUser(db());
  const c = new Client(env.app);
  await c.signIn(user.email, PASSWORD);
  await c.post('/account/security/totp/start');
  const secret = secretOn(await (await c.get('/account/security/totp')).text())!;
  expect((await c.post('/account/security/totp', { code: totpCode(secret) })).status).toBe(200);
  await c.post('/sign-out');
  return { user, secret };
}

describe('the second step of signing in (V7.2.4)', () => {
  it('starts a session with a new id and ends the waiting one, whose cookie then opens nothing', async () => {
    const { user, secret } = await withTotp();
    const c = new Client(env.app);
    const step = await c.post('/sign-in', { email: user.email, password: PASSWORD, next: '/account' });
    expect(step.headers.get('Location')).toBe('/sign-in/verify?next=%2Faccount');
    const waiting = c.cookies.get(SESSION_COOKIE)!;
    expect(waiting).toBeTruthy();
    expect(await db().$count(sessions, and(eq(sessions.userId, user.id), eq(sessions.pendingSecondFactor, true)))).toBe(1);

    expect((await c.post('/sign-in/verify', { method: 'code', code: nextCode(secret), next: '/account' })).status).toBe(303);
    const signedIn = c.cookies.get(SESSION_COOKIE)!;
    expect(signedIn).toBeTruthy();
    expect(signedIn).not.toBe(waiting);
    expect(await isSignedIn(c)).toBe(true);
    expect(await db().$count(sessions, and(eq(sessions.userId, user.id), eq(sessions.pendingSecondFactor, true)))).toBe(0);
    expect(await db().$count(sessions, eq(sessions.userId, user.id))).toBe(1);

    // Someone who had the waiting session's cookie (fixed or seen before the second step) has nothing.
    const fixed = new Client(env.app);
    fixed.cookies.set(SESSION_COOKIE, waiting);
    expect(await isSignedIn(fixed)).toBe(false);
    expect((await fixed.get('/sign-in/verify')).headers.get('Location')).toBe('/sign-in');
  });
});

describe('a password reset (V6.4.3)', () => {
  it('does not skip the second factor: the new password leads to the second step, and signs nobody in alone', async () => {
    const { user, secret } = await withTotp();
    const c = new Client(env.app);
    await c.post('/forgot-password', { email: user.email });
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === user.email && m.subject.includes('Reset'))!;
    const token = codeIn(mail.text, '/reset-password');
    expect((await c.post('/reset-password', { token, password: 'an entirely new phrase' })).status).toBe(303);
    expect(await isSignedIn(c)).toBe(false); // the reset itself signs nobody in

    const res = await c.post('/sign-in', { email: user.email, password: 'an entirely new phrase', next: '/account' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-in/verify?next=%2Faccount');
    expect(await isSignedIn(c)).toBe(false);
    expect((await c.post('/sign-in/verify', { method: 'code', code: nextCode(secret), next: '/account' })).status).toBe(303);
    expect(await isSignedIn(c)).toBe(true);
  });
});

describe('ending another session (V7.5.2)', () => {
  it('ending one other session long after signing in asks to confirm it is you first, and ends nothing until then', async () => {
    const user = await createUser(db());
    const laptop = new Client(env.app);
    const phone = new Client(env.app);
    await laptop.signIn(user.email, PASSWORD);
    await phone.signIn(user.email, PASSWORD);
    const [other] = handles(await (await laptop.get('/account/sessions')).text());
    expect(other).toBeTruthy();
    await age(user.id);

    const asked = await laptop.post(`/account/sessions/${other}/end`, {}, { Referer: `${ORIGIN}/account/sessions` });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('Location')).toBe(`/reauth?next=${encodeURIComponent('/account/sessions')}`);
    expect(await isSignedIn(phone)).toBe(true); // nothing ended yet

    expect((await laptop.post('/reauth', { method: 'password', password: 'not the password', next: '/account/sessions' })).status).toBe(422);
    expect((await laptop.post(`/account/sessions/${other}/end`)).headers.get('Location')).toMatch(/^\/reauth\?next=/);
    expect(await isSignedIn(phone)).toBe(true);

    expect((await laptop.post('/reauth', { method: 'password', password: PASSWORD, next: '/account/sessions' })).headers.get('Location')).toBe('/account/sessions');
    const ended = await laptop.post(`/account/sessions/${other}/end`);
    expect(ended.headers.get('Location')).toBe('/account/sessions');
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
  });
});
