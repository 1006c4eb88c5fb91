/**
 * Issue 14, point 2: a second factor. Here through the authenticator app (TOTP: codes computed
 * from the secret the page shows) and recovery codes; passkeys end to end in Chromium with a
 * virtual authenticator (tests/e2e/second-factor.test.ts), and their refusals here. Also: the
 * step-up before sensitive actions, and who must have a second factor.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { totpCode, TOTP_PERIOD_SECONDS } from '../../src/auth/second-factor/index.js';
import { organisations, passkeys, recoveryCodes, securityEvents, sessions, totpFactors } from '../../src/db/schema/index.js';
import { Client, createTestEnvOn, sessionClient, type TestEnv } from '../support/app.js';
import { addMember, createOrganisation, createUser, PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, staffOf } = useTestEnv();

const secretOn = (html: string) => /class="secret-key"[^>]*>([A-Z2-7 ]+)</.exec(html)?.[1]!.replace(/ /g, '');
const codesOn = (html: string) => [...html.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);

/** Signs in through the form and sets up the authenticator app; returns the client, the secret and the recovery codes shown once. */
async function withTotp(e: TestEnv = env) {
  const user = await createUser(db());
  const c = new Client(e.app);
  await c.signIn(user.email, PASSWORD);
  expect((await c.post('/account/security/totp/start')).status).toBe(303);
  const setup = await (await c.get('/account/security/totp')).text();
  const secret = secretOn(setup)!;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(setup).toContain('otpauth://totp/');
  // A wrong code first: refused, nothing turned on.
  expect((await c.post('/account/security/totp', { code: '000000' === totpCode(secret) ? '111111' : '000000' })).status).toBe(422);
  const done = await c.post('/account/security/totp', { code: totpCode(secret) });
  expect(done.status).toBe(200);
  const codes = codesOn(await done.text());
  expect(codes).toHaveLength(10);
  return { user, client: c, secret, codes };
}

/** The next code the app will show (a later time step than any used so far). */
const nextCode = (secret: string) => totpCode(secret, Date.now() + TOTP_PERIOD_SECONDS * 1000);

async function passwordStep(user: { email: string }, e: TestEnv = env) {
  const c = new Client(e.app);
  const res = await c.post('/sign-in', { email: user.email, password: PASSWORD, next: '/account' });
  expect(res.status).toBe(303);
  expect(res.headers.get('Location')).toBe('/sign-in/verify?next=%2Faccount');
  return c;
}

describe('an authenticator app and recovery codes', () => {
  it('after the password, the sign-in waits for a code: nothing is signed in until it is right, and a code works once', async () => {
    const { user, secret } = await withTotp();
    const c = await passwordStep(user);
    expect((await c.get('/account')).status).toBe(303); // the waiting session signs nobody in
    const page = await (await c.get('/sign-in/verify?next=/account')).text();
    expect(page).toContain('One more step');
    expect(page).toContain('name="method" value="code"');
    expect(page).toContain('name="method" value="recovery"');
    expect(page).not.toContain('value="passkey"'); // no passkey registered
    expect((await c.post('/sign-in/verify', { method: 'code', code: '12345', next: '/account' })).status).toBe(422);
    const code = nextCode(secret);
    const ok = await c.post('/sign-in/verify', { method: 'code', code, next: '/account' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe('/account');
    expect((await c.get('/account')).status).toBe(200);
    // The same code again, in another browser: refused (replay).
    const other = await passwordStep(user);
    expect((await other.post('/sign-in/verify', { method: 'code', code, next: '/account' })).status).toBe(422);
    const signIns = await db().select().from(securityEvents).where(and(eq(securityEvents.userId, user.id), eq(securityEvents.kind, 'sign_in'), eq(securityEvents.outcome, 'success'))).orderBy(securityEvents.id);
    expect(signIns.some((e) => e.detail['secondFactor'] === 'pending')).toBe(true); // the password step, on record
    expect(signIns.some((e) => e.detail['method'] === 'code')).toBe(true); // and the second
    expect(await db().$count(securityEvents, and(eq(securityEvents.userId, user.id), eq(securityEvents.kind, 'second_factor.add')))).toBe(1);
  });

  it('a recovery code signs in once, and not twice; the person is told how many are left', async () => {
    const { user, codes } = await withTotp();
    const c = await passwordStep(user);
    const used = await c.post('/sign-in/verify', { method: 'recovery', code: codes[0]!.toUpperCase().replace('-', ' '), next: '/account' });
    expect(used.status).toBe(303);
    expect(await (await c.get('/account')).text()).toContain('You have 9 left');
    const again = await passwordStep(user);
    expect((await again.post('/sign-in/verify', { method: 'recovery', code: codes[0]!, next: '/account' })).status).toBe(422);
    expect((await again.get('/account')).status).toBe(303);
    expect(await db().$count(recoveryCodes, eq(recoveryCodes.userId, user.id))).toBe(9);
  });

  it('the waiting session ends after 10 minutes; cancelling ends it at once; a forged or empty proof is refused with nothing changed', async () => {
    const { user, secret } = await withTotp();
    const c = await passwordStep(user);
    expect((await c.post('/sign-in/verify', { method: 'nonsense', code: 'x', next: '/' })).status).toBe(400);
    expect((await c.post('/sign-in/verify', { method: 'passkey', credential: '{"id":"x"}', next: '/' })).status).toBe(422);
    expect((await c.post('/sign-in/verify', { method: 'code', code: 'x'.repeat(500), next: '/' })).status).toBe(400);
    await db().update(sessions).set({ createdAt: new Date(Date.now() - 11 * 60_000) }).where(and(eq(sessions.userId, user.id), eq(sessions.pendingSecondFactor, true)));
    // Its form is now a stale one (the waiting session and its token are gone): refused, and nobody is signed in.
    const late = await c.post('/sign-in/verify', { method: 'code', code: nextCode(secret), next: '/' });
    expect(late.status).toBe(403);
    expect((await c.get('/account')).status).toBe(303);
    expect((await c.get('/sign-in/verify')).headers.get('Location')).toBe('/sign-in');
    const d = await passwordStep(user);
    expect((await d.post('/sign-in/verify/cancel')).status).toBe(303);
    expect(await db().$count(sessions, and(eq(sessions.userId, user.id), eq(sessions.pendingSecondFactor, true)))).toBe(0);
  });

  it('without a second factor, signing in is one step as before', async () => {
    const user = await createUser(db());
    const c = new Client(env.app);
    const res = await c.post('/sign-in', { email: user.email, password: PASSWORD, next: '/account' });
    expect(res.headers.get('Location')).toBe('/account');
  });

  it('is in French for a French reader', async () => {
    const { client } = await withTotp();
    await client.post('/locale', { locale: 'fr', next: '/' });
    const html = await (await client.get('/account/security')).text();
    expect(html).toContain('Connexion et sécurité');
    expect(html).toContain('Il vous reste 10\u00a0codes de récupération.');
  });
});

describe('after a change of factors', () => {
  it('offers to sign out every other session: "Your sessions", with the change confirmed; the recovery codes page links there too', async () => {
    const { user, client, codes } = await withTotp();
    expect(codes).toHaveLength(10);
    await sessionClient(env, user.id); // signed in on another browser
    const removed = await client.post('/account/security/totp/remove');
    expect(removed.headers.get('Location')).toBe('/account/sessions');
    const page = await (await client.get('/account/sessions')).text();
    expect(page).toContain('The authenticator app has been removed. If someone else may be signed in to your account, sign out your other sessions below.');
    expect(page).toContain('action="/account/sessions/end-others"');
    await client.post('/account/security/totp/start');
    const secret = secretOn(await (await client.get('/account/security/totp')).text())!;
    const shown = await (await client.post('/account/security/totp', { code: nextCode(secret) })).text();
    expect(shown).toContain('href="/account/sessions"');
  });
});

describe('lost every factor', () => {
  it('an admin removes them after checking who the person is (step-up first); the person signs in with the password alone; nobody else may', async () => {
    const { user, client } = await withTotp();
    const admin = await createUser(db(), { isAdmin: true });
    const a = new Client(env.app);
    await a.signIn(admin.email, PASSWORD);
    const page = await (await a.get(`/admin/accounts?email=${encodeURIComponent(user.email)}`)).text();
    expect(page).toContain(`action="/admin/accounts/${user.id}/second-factor/reset"`);
    // Nobody but an admin; an admin long after signing in confirms it is them first.
    expect((await client.post(`/admin/accounts/${user.id}/second-factor/reset`)).status).toBe(403);
    await age(admin.id);
    expect((await a.post(`/admin/accounts/${user.id}/second-factor/reset`, { email: user.email })).headers.get('Location')).toMatch(/^\/reauth/);
    expect(await db().$count(totpFactors, eq(totpFactors.userId, user.id))).toBe(1);
    await a.post('/reauth', { method: 'password', password: PASSWORD, next: '/admin/accounts' });
    const done = await a.post(`/admin/accounts/${user.id}/second-factor/reset`, { email: user.email });
    expect(done.status).toBe(303);
    expect(await (await a.get(done.headers.get('Location')!)).text()).toContain('Their second factors have been removed');
    expect(await db().$count(totpFactors, eq(totpFactors.userId, user.id))).toBe(0);
    expect(await db().$count(recoveryCodes, eq(recoveryCodes.userId, user.id))).toBe(0);
    expect((await client.get('/account')).status).toBe(303); // their sessions ended
    const c = new Client(env.app);
    expect((await c.post('/sign-in', { email: user.email, password: PASSWORD, next: '/account' })).headers.get('Location')).toBe('/account');
    const [event] = await db().select().from(securityEvents).where(and(eq(securityEvents.kind, 'second_factor.reset'), eq(securityEvents.userId, admin.id)));
    expect(event?.detail).toMatchObject({ account: user.id, app: true, passkeys: 0 });
    expect((await a.post('/admin/accounts/00000000-0000-4000-8000-000000000000/second-factor/reset')).status).toBe(404);
  });
});

describe('when SECRET_KEY changes', () => {
  it('an authenticator code is refused with a 422, never a 500, and the app can be set up again', async () => {
    const { user, secret } = await withTotp();
    const rekeyed = createTestEnvOn(env, { env: { SECRET_KEY: 'k7Qw-9zX2r-Lm4v-Tn8p-Ye3s-Hd6f-Jb1c-Ua5g' } });
    try {
      const c = await passwordStep(user, rekeyed);
      const res = await c.post('/sign-in/verify', { method: 'code', code: nextCode(secret), next: '/account' });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('That code is not right');
    } finally {
      await rekeyed.close();
    }
  });
});

describe('the step-up before sensitive actions', () => {
  it('inviting a member long after signing in asks to confirm with the second factor first, then works', async () => {
    const { user, client, secret } = await withTotp();
    const council = await createOrganisation(db());
    await addMember(db(), council.id, user.id, 'owner');
    await age(user.id);
    const members = `/organisations/${council.slug}/members`;
    const asked = await client.post(`/organisations/${council.slug}/invitations`, { email: 'newcomer@example.org', role: 'member' }, { Referer: `http://localhost${members}` });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('Location')).toBe(`/reauth?next=${encodeURIComponent(members)}`);
    const page = await (await client.get(asked.headers.get('Location')!)).text();
    expect(page).toContain('Confirm it is you');
    expect(page).not.toContain('name="password"'); // with a second factor, the step-up is the second factor
    expect((await client.post('/reauth', { method: 'code', code: '000000' === nextCode(secret) ? '111111' : '000000', next: members })).status).toBe(422);
    const ok = await client.post('/reauth', { method: 'code', code: nextCode(secret), next: members });
    expect(ok.headers.get('Location')).toBe(members);
    expect((await client.post(`/organisations/${council.slug}/invitations`, { email: 'newcomer@example.org', role: 'member' })).status).toBe(303);
    expect(await (await client.get(members)).text()).toContain('newcomer@example.org');
    expect(await db().$count(securityEvents, and(eq(securityEvents.userId, user.id), eq(securityEvents.kind, 'reauth')))).toBe(2); // one failure, one success
  });

  it('without a second factor, the step-up is the password; adding or removing a factor or making new codes needs it too', async () => {
    const user = await createUser(db());
    const c = new Client(env.app);
    await c.signIn(user.email, PASSWORD);
    await age(user.id);
    // Adding a factor (either kind) waits for the step-up too, and stores nothing before it.
    for (const [path, form] of [['/account/security/totp/start', {}], ['/account/security/totp', { code: '123456' }], ['/account/security/passkeys', { credential: '{}' }]] as const)
      expect((await c.post(path, form)).headers.get('Location'), path).toMatch(/^\/reauth\?next=/);
    expect(await db().$count(totpFactors, eq(totpFactors.userId, user.id))).toBe(0);
    const asked = await c.post('/account/sessions/end-others');
    expect(asked.headers.get('Location')).toMatch(/^\/reauth\?next=/);
    expect(await (await c.get('/reauth?next=/account/sessions')).text()).toContain('name="password"');
    expect((await c.post('/reauth', { method: 'password', password: 'wrong password', next: '/account/sessions' })).status).toBe(422);
    expect((await c.post('/reauth', { method: 'password', password: PASSWORD, next: '/account/sessions' })).headers.get('Location')).toBe('/account/sessions');
    expect((await c.post('/account/sessions/end-others')).status).toBe(303);

    const { user: u2, client, secret } = await withTotp();
    await age(u2.id);
    expect((await client.post('/account/security/totp/remove')).headers.get('Location')).toMatch(/^\/reauth/);
    expect((await client.post('/account/security/recovery-codes')).headers.get('Location')).toMatch(/^\/reauth/);
    await client.post('/reauth', { method: 'code', code: nextCode(secret), next: '/account/security' });
    const fresh = await client.post('/account/security/recovery-codes');
    expect(codesOn(await fresh.text())).toHaveLength(10);
    const removed = await client.post('/account/security/totp/remove');
    expect(removed.status).toBe(303);
    expect(await db().$count(totpFactors, eq(totpFactors.userId, u2.id))).toBe(0);
    const kinds = (await db().select({ kind: securityEvents.kind }).from(securityEvents).where(eq(securityEvents.userId, u2.id))).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['second_factor.add', 'recovery_codes.new', 'second_factor.remove', 'reauth']));
  });
});

describe('who must have a second factor', () => {
  it('staff of an organisation that requires it are sent to set one up, from every page, until they have; then they sign in in two steps', async () => {
    const council = await createOrganisation(db());
    const staff = await staffOf(council);
    await db().update(organisations).set({ requireSecondFactor: true }).where(eq(organisations.id, council.id));
    for (const path of ['/', '/account', `/organisations/${council.slug}`]) {
      const res = await staff.client.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('Location'), path).toBe('/account/security');
    }
    const page = await (await staff.client.get('/account/security')).text();
    expect(page).toContain('Your role requires a second factor.');
    await staff.client.post('/account/security/totp/start');
    const secret = secretOn(await (await staff.client.get('/account/security/totp')).text())!;
    expect((await staff.client.post('/account/security/totp', { code: totpCode(secret) })).status).toBe(200);
    expect((await staff.client.get('/account')).status).toBe(200);
    // The last factor of someone who must have one cannot be removed.
    expect((await staff.client.post('/account/security/totp/remove')).status).toBe(409);
    const c = await passwordStep(staff.user);
    expect((await c.get('/account')).status).toBe(303);
  });

  it('platform admins must, by default (ADMIN_SECOND_FACTOR=required); an owner turns the organisation rule on after a step-up', async () => {
    const strict = createTestEnvOn(env, { env: { ADMIN_SECOND_FACTOR: 'required' } });
    try {
      const admin = await createUser(db(), { isAdmin: true });
      const c = new Client(strict.app);
      await c.signIn(admin.email, PASSWORD);
      const res = await c.get('/admin');
      expect(res.headers.get('Location')).toBe('/account/security');
    } finally {
      await strict.close();
    }
    const council = await createOrganisation(db());
    const owner = await staffOf(council, 'owner');
    await age(owner.user.id);
    const edit = `/organisations/${council.slug}/edit`;
    const asked = await owner.client.post(edit, { name: council.name, description: '', website: '', requireSecondFactor: 'on' }, { Referer: `http://localhost${edit}` });
    expect(asked.headers.get('Location')).toBe(`/reauth?next=${encodeURIComponent(edit)}`);
    expect((await db().select({ r: organisations.requireSecondFactor }).from(organisations).where(eq(organisations.id, council.id)))[0]!.r).toBe(false);
  });
});

describe('passkeys: what is refused without a browser', () => {
  it('adding one without JavaScript says so; a forged answer is refused; another person’s passkey cannot be removed', async () => {
    const a = await withTotp();
    const noScript = await a.client.post('/account/security/passkeys', { name: 'Laptop', credential: '' });
    expect(noScript.status).toBe(422);
    expect(await noScript.text()).toContain('Passkeys need JavaScript');
    expect((await a.client.post('/account/security/passkeys', { name: 'Laptop', credential: '{"id":"abc","rawId":"abc","type":"public-key","response":{}}' })).status).toBe(422);
    expect((await a.client.post('/account/security/passkeys', { name: '', credential: '{}' })).status).toBe(422);
    expect(await db().$count(passkeys, eq(passkeys.userId, a.user.id))).toBe(0);
    const b = await createUser(db());
    const [theirs] = await db().insert(passkeys).values({ userId: b.id, credentialId: `cred-${b.id}`, publicKey: new Uint8Array([1, 2, 3]), name: 'Theirs' }).returning({ id: passkeys.id });
    expect((await a.client.post(`/account/security/passkeys/${theirs!.id}/remove`)).status).toBe(404);
    expect((await a.client.post('/account/security/passkeys/not-an-id/remove')).status).toBe(404);
    expect(await db().$count(passkeys, eq(passkeys.userId, b.id))).toBe(1);
  });
});

/** As if the person signed in more than the step-up's 15 minutes ago (STEP_UP_SECONDS' default). */
const age = (userId: string) => db().update(sessions).set({ authenticatedAt: new Date(Date.now() - 16 * 60_000) }).where(eq(sessions.userId, userId));
