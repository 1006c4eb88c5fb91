import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { sessions, userTokens, users } from '../../src/db/schema/index.js';
import { Client, codeIn, createTestEnv, ORIGIN, relaxedLimits } from '../support/app.js';
import { createUser, PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, signInByForm } = useTestEnv();

const userCount = async () => (await db().select({ n: count() }).from(users))[0]!.n;

describe('sign up, verify, sign in, sign out', () => {
  it('runs the whole journey', async () => {
    const c = new Client(env.app);
    const email = `Newcomer.${Date.now()}@Example.org`;
    const res = await c.post('/sign-up', { displayName: 'Nia Newcomer', email, password: 'a long unguessable phrase' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-up/check-email');
    const page = await (await c.get('/sign-up/check-email')).text();
    expect(page).toContain(`We have sent a message to ${email.toLowerCase()}.`);

    // The mail is sent by the job worker, not in the request.
    expect((await env.mails()).find((m) => m.to === email.toLowerCase())).toBeUndefined();
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === email.toLowerCase());
    expect(mail?.subject).toBe('Confirm your email address for Commonwise');

    const token = codeIn(mail!.text, '/verify-email');
    expect(mail!.text).toContain(`${ORIGIN}/verify-email#${token}`);
    const verify = await c.post('/verify-email', { token });
    expect(verify.status).toBe(200);
    expect(await verify.text()).toContain('Your email address is confirmed');
    const [row] = await db().select().from(users).where(eq(users.email, email.toLowerCase()));
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(row?.passwordHash.startsWith('$argon2id$')).toBe(true);

    // A used link confirms nothing more: it says the address is already confirmed.
    const again = await c.post('/verify-email', { token });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Your email address is already confirmed');
    expect((await c.post('/verify-email', { token: 'not-a-real-token' })).status).toBe(400);

    await c.signIn(email, 'a long unguessable phrase');
    const home = await (await c.get('/')).text();
    expect(home).toContain('Nia Newcomer');
    expect(home).toContain('Sign out');

    const out = await c.post('/sign-out');
    expect(out.status).toBe(303);
    const after = await (await c.get('/')).text();
    expect(after).not.toContain('Nia Newcomer');
    expect(after).toContain('Sign in');
  });

  it('stores only a hash of the session id and starts a new session at each sign-in', async () => {
    const u = await createUser(db());
    const c = await signInByForm(u);
    const first = c.cookies.get('cw_session')!;
    const stored = await db().select().from(sessions).where(eq(sessions.userId, u.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.idHash).not.toContain(first);
    expect(stored[0]!.idHash).toMatch(/^[0-9a-f]{64}$/);
    await c.signIn(u.email, PASSWORD).catch(() => undefined); // signed in already: redirected
    const d = await signInByForm(u);
    expect(d.cookies.get('cw_session')).not.toBe(first);
  });

  it('ends a session after its idle lifetime, and 30 days after sign-in whatever happens', async () => {
    const u = await createUser(db());
    const idle = await signInByForm(u);
    const absolute = await signInByForm(u);
    const rows = await db().select().from(sessions).where(eq(sessions.userId, u.id));
    expect(rows).toHaveLength(2);
    // The first: unused past its expiry. The second: still within its idle window, but signed in 31 days ago.
    await db().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.idHash, rows[0]!.idHash));
    await db().update(sessions).set({ createdAt: new Date(Date.now() - 31 * 86_400_000) }).where(eq(sessions.idHash, rows[1]!.idHash));
    for (const c of [idle, absolute]) {
      const res = await c.get('/account');
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toMatch(/^\/sign-in/);
    }
    expect(await db().select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(0);
  });

  it('sets HttpOnly, SameSite=Lax session cookies', async () => {
    const u = await createUser(db());
    const c = new Client(env.app);
    const res = await c.signIn(u.email, PASSWORD);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('cw_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in tests; Secure when PUBLIC_URL is https
  });
});

describe('sign-up refuses bad input and stores nothing', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['missing name', { displayName: '', email: 'a@example.org', password: 'a long unguessable phrase' }, /Enter a value/],
    ['invalid email', { displayName: 'A', email: 'not-an-email', password: 'a long unguessable phrase' }, /Enter an email address/],
    ['short password', { displayName: 'A', email: 'b@example.org', password: 'short' }, /at least 8 characters/],
    ['common password', { displayName: 'A', email: 'c@example.org', password: 'password123' }, /too common/],
    ['oversized name', { displayName: 'x'.repeat(81), email: 'd@example.org', password: 'a long unguessable phrase' }, /too long/],
    ['oversized password', { displayName: 'A', email: 'e@example.org', password: 'x'.repeat(2000) }, /at most 256/],
  ];
  for (const [name, form, message] of cases) {
    it(name, async () => {
      const before = await userCount();
      const c = new Client(env.app);
      const res = await c.post('/sign-up', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(message);
      expect(html).toContain('There is a problem');
      expect(html).toMatch(/<a href="#(displayName|email|password)">/);
      if (form['displayName']) expect(html).toContain(`value="${form['displayName']}"`); // input kept
      expect(await userCount()).toBe(before);
    });
  }

  it('reports every field’s problem at once', async () => {
    const res = await new Client(env.app).post('/sign-up', { displayName: '', email: 'bad', password: 'short' });
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ['displayName', 'email', 'password']) expect(html).toContain(`<a href="#${field}">`);
  });

  it('treats a field sent twice or missing as invalid, not a crash', async () => {
    const c = new Client(env.app);
    const res = await c.post('/sign-up', { displayName: ['A', 'B'], email: 'x@example.org' });
    expect(res.status).toBe(422);
  });

  it('answers a duplicate email exactly like a new one, mails the owner, and creates nothing', async () => {
    const existing = await createUser(db());
    const before = await userCount();
    const c = new Client(env.app);
    const res = await c.post('/sign-up', { displayName: 'Someone', email: existing.email.toUpperCase(), password: 'a long unguessable phrase' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-up/check-email');
    expect(await userCount()).toBe(before);
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === existing.email);
    expect(mail?.subject).toMatch(/tried to create a Commonwise account/);
  });
});

describe('sign-in', () => {
  it('gives the same message for an unknown email and a wrong password', async () => {
    const u = await createUser(db());
    const c = new Client(env.app);
    const wrong = await c.post('/sign-in', { email: u.email, password: 'not the password' });
    const unknown = await c.post('/sign-in', { email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(422);
    const a = await wrong.text();
    expect(a).toContain('The email address or password is not correct');
    expect(a).toContain(`value="${u.email}"`);
    expect((await unknown.text()).includes('The email address or password is not correct')).toBe(true);
  });

  it('refuses a suspended account', async () => {
    const u = await createUser(db(), { suspendedAt: new Date() });
    const res = await new Client(env.app).post('/sign-in', { email: u.email, password: PASSWORD });
    expect(res.status).toBe(422);
  });

  it('carries next from sign-up to the sign-in after confirming (invitation links), dropping unsafe ones', async () => {
    const c = new Client(env.app);
    expect(await (await c.get('/sign-up?next=%2Finvitations%2Fabc')).text()).toContain('name="next" value="/invitations/abc"');
    const email = `next-${Date.now()}@example.org`;
    const ok = await c.post('/sign-up', { displayName: 'Invitee', email, password: 'a long unguessable phrase', next: '/invitations/abc' });
    expect(ok.headers.get('Location')).toBe('/sign-up/check-email');
    await env.drainJobs();
    const token = codeIn((await env.mails()).find((m) => m.to === email)!.text, '/verify-email');
    expect(await (await c.post('/verify-email', { token })).text()).toContain('name="next" value="/invitations/abc"');

    const d = new Client(env.app);
    const evilEmail = `next2-${Date.now()}@example.org`;
    await d.post('/sign-up', { displayName: 'Invitee', email: evilEmail, password: 'a long unguessable phrase', next: 'https://evil.example/' });
    await env.drainJobs();
    const evilToken = codeIn((await env.mails()).find((m) => m.to === evilEmail)!.text, '/verify-email');
    expect(await (await d.post('/verify-email', { token: evilToken })).text()).not.toContain('evil.example');
  });

  it('only follows same-site next paths', async () => {
    const u = await createUser(db());
    const c = new Client(env.app);
    const res = await c.post('/sign-in', { email: u.email, password: PASSWORD, next: '//evil.example/' });
    expect(res.headers.get('Location')).toBe('/');
  });
});

describe('password reset', () => {
  it('resets with a single-use link and ends every session', async () => {
    const u = await createUser(db());
    const other = await signInByForm(u);

    const c = new Client(env.app);
    const res = await c.post('/forgot-password', { email: u.email });
    expect(res.status).toBe(303);
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === u.email && m.subject.includes('Reset'));
    const token = codeIn(mail!.text, '/reset-password');
    expect(mail!.text).toContain(`${ORIGIN}/reset-password#${token}`);
    const page = await (await c.get('/reset-password')).text();
    expect(page).toContain('data-link-code="fill"');
    expect(page).toContain('<script src="/static/js/link-code.js" defer');

    const weak = await c.post('/reset-password', { token, password: 'qwerty123' });
    expect(weak.status).toBe(422);
    // Shown again with the password's error, the code stays in the form, out of sight.
    const again = await weak.text();
    expect(again).toContain(`<input type="hidden" name="token" value="${token}"/>`);
    expect(again).not.toContain('data-link-code');
    const noCode = await c.post('/reset-password', { token: '', password: 'an entirely new phrase' });
    expect(noCode.status).toBe(422);
    expect(await noCode.text()).toContain('data-link-code="fill"');

    const ok = await c.post('/reset-password', { token, password: 'an entirely new phrase' });
    expect(ok.status).toBe(303);
    expect((await db().select().from(sessions).where(eq(sessions.userId, u.id))).length).toBe(0);
    expect(await (await other.get('/account')).status).toBe(303); // signed out

    const reused = await c.post('/reset-password', { token, password: 'yet another new phrase' });
    expect(reused.status).toBe(400);
    await c.signIn(u.email, 'an entirely new phrase');
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const c = new Client(env.app);
    const before = (await env.mails()).length;
    const res = await c.post('/forgot-password', { email: 'nobody-here@example.org' });
    expect(res.status).toBe(303);
    await env.drainJobs();
    expect((await env.mails()).length).toBe(before);
  });

  it('refuses an expired link', async () => {
    const u = await createUser(db());
    const c = new Client(env.app);
    await c.post('/forgot-password', { email: u.email });
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === u.email);
    await db().update(userTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userTokens.userId, u.id));
    const expired = await c.post('/reset-password', { token: codeIn(mail!.text, '/reset-password'), password: 'an entirely new phrase' });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('This link does not work');
  });
});

describe('account', () => {
  it('sends visitors to sign in', async () => {
    const res = await new Client(env.app).get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-in?next=%2Faccount');
  });

  it('updates the profile and validates it', async () => {
    const u = await createUser(db());
    const c = await signInByForm(u);
    const bad = await c.post('/account', { displayName: 'Ok', bio: 'b'.repeat(501), locale: 'en' });
    expect(bad.status).toBe(422);
    const badLocale = await c.post('/account', { displayName: 'Ok', bio: '', locale: 'de' });
    expect(badLocale.status).toBe(422);
    const ok = await c.post('/account', { displayName: 'Renamed Person', bio: 'Hello', locale: 'fr' });
    expect(ok.status).toBe(303);
    const page = await (await c.get('/account')).text();
    expect(page).toContain('lang="fr"');
    expect(page).toContain('Renamed Person');
  });

  it('changes the password, ending other sessions but keeping this browser signed in', async () => {
    const u = await createUser(db());
    const a = await signInByForm(u);
    const b = await signInByForm(u);
    const wrong = await a.post('/account/password', { currentPassword: 'nope nope nope', newPassword: 'a brand new phrase' });
    expect(wrong.status).toBe(422);
    const ok = await a.post('/account/password', { currentPassword: PASSWORD, newPassword: 'a brand new phrase' });
    expect(ok.status).toBe(303);
    expect((await a.get('/account')).status).toBe(200);
    expect((await b.get('/account')).status).toBe(303);
    expect((await db().select().from(sessions).where(eq(sessions.userId, u.id))).length).toBe(1);
  });
});

describe('CSRF', () => {
  it('refuses a form without the token, with a wrong token, or from another origin', async () => {
    const before = await userCount();
    const c = new Client(env.app);
    const form = { displayName: 'X', email: `csrf-${Date.now()}@example.org`, password: 'a long unguessable phrase' };
    expect((await c.post('/sign-up', { ...form, _csrf: '' })).status).toBe(403);
    expect((await c.post('/sign-up', { ...form, _csrf: 'wrong-token-wrong-token-wrong-tok' })).status).toBe(403);
    const evil = new Client(env.app, { Origin: 'https://evil.example' });
    expect((await evil.post('/sign-up', form)).status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('accepts the token in the X-CSRF-Token header (htmx)', async () => {
    const u = await createUser(db());
    const c = await signInByForm(u);
    const token = await c.csrfToken();
    const res = await c.request('POST', '/sign-out', { headers: { 'X-CSRF-Token': token, 'HX-Request': 'true' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('HX-Redirect')).toBe('/');
  });
});

describe('rate limits', () => {
  it('answers 429 after too many sign-in attempts, shared through the database', async () => {
    const limited = await createTestEnv({
      rateLimits: { ...relaxedLimits, signIn: { points: 3, duration: 60 }, signUp: { points: 2, duration: 60 }, passwordReset: { points: 2, duration: 60 } },
    });
    try {
      const c = new Client(limited.app);
      for (let i = 0; i < 3; i++) expect((await c.post('/sign-in', { email: 'x@example.org', password: 'whatever-123' })).status).toBe(422);
      const res = await c.post('/sign-in', { email: 'x@example.org', password: 'whatever-123' });
      expect(res.status).toBe(429);
      expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
      expect(await res.text()).toContain('Too many attempts');
      // A second app on the same database (another instance) sees the same counter.
      const second = new Client((await import('../../src/app.js')).createApp(limited.deps));
      expect((await second.post('/sign-in', { email: 'x@example.org', password: 'whatever-123' })).status).toBe(429);

      for (let i = 0; i < 2; i++) await c.post('/sign-up', { displayName: 'A', email: `r${i}@example.org`, password: 'short' });
      expect((await c.post('/sign-up', { displayName: 'A', email: 'r9@example.org', password: 'a long unguessable phrase' })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
