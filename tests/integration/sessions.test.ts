/**
 * Issue 14, point 3: sessions people can see and end. "Your sessions" lists each browser signed
 * in (its families, when it signed in, when it was last used; no place), ends one or all others;
 * an admin ends every session of an account; staff sessions time out sooner; over HTTPS the
 * cookie is `__Host-` prefixed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { LAST_USED_GRANULARITY_MS, STAFF_IDLE_MINUTES, STAFF_ABSOLUTE_HOURS } from '../../src/auth/sessions.js';
import { events, sessions } from '../../src/db/schema/index.js';
import { Client, createTestEnvOn } from '../support/app.js';
import { createOrganisation, createUser, PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** The same account signed in from two browsers through the sign-in form. */
async function twoBrowsers() {
  const user = await createUser(db());
  const laptop = new Client(env.app, { 'User-Agent': FIREFOX });
  const phone = new Client(env.app, { 'User-Agent': SAFARI_IPHONE });
  await laptop.signIn(user.email, PASSWORD);
  await phone.signIn(user.email, PASSWORD);
  return { user, laptop, phone };
}

const handles = (html: string) => [...html.matchAll(/action="\/account\/sessions\/([0-9a-f-]{36})\/end"/g)].map((m) => m[1]!);
const isSignedIn = async (c: Client) => (await c.get('/account')).status === 200;

describe('Your sessions', () => {
  it('lists both browsers by family, marks this one, and signs the other out', async () => {
    const { user, laptop, phone } = await twoBrowsers();
    const page = await laptop.get('/account/sessions');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Firefox · Windows');
    expect(html).toContain('Safari · iOS');
    expect(html).toContain('this browser');
    expect(html).not.toContain(FIREFOX); // the families only, never the whole User-Agent
    const [other] = handles(html);
    expect(handles(html)).toHaveLength(1); // no button for this browser's own session
    const stored = await db().select({ device: sessions.device }).from(sessions).where(eq(sessions.userId, user.id));
    expect(stored.map((s) => s.device).sort()).toEqual(['Firefox · Windows', 'Safari · iOS']);

    const res = await laptop.post(`/account/sessions/${other}/end`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/account/sessions');
    expect(await (await laptop.get('/account/sessions')).text()).toContain('That session has been signed out.');
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
    expect(await (await laptop.get('/account/sessions')).text()).toContain('You are not signed in anywhere else.');
  });

  it('signs out every other session at once and keeps this one', async () => {
    const { laptop, phone } = await twoBrowsers();
    const third = await person();
    expect((await laptop.post('/account/sessions/end-others')).status).toBe(303);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
    expect(await isSignedIn(third.client)).toBe(true); // someone else's sessions are not touched
  });

  it("refuses another person's session, a malformed or unknown handle and this browser's own, changing nothing", async () => {
    const a = await twoBrowsers();
    const b = await twoBrowsers();
    const [theirs] = handles(await (await b.laptop.get('/account/sessions')).text());
    const before = await db().$count(sessions);
    const res = await a.laptop.post(`/account/sessions/${theirs}/end`);
    expect(res.status).toBe(303); // answered as "already ended": whether it exists is not theirs to learn
    expect(await (await a.laptop.get('/account/sessions')).text()).toContain('That session had already ended.');
    expect(await isSignedIn(b.phone)).toBe(true);
    expect((await a.laptop.post('/account/sessions/not-a-handle/end')).status).toBe(404);
    const [mine] = await db().select({ handle: sessions.handle }).from(sessions).where(eq(sessions.userId, a.user.id)).orderBy(sessions.createdAt).limit(1);
    const own = await a.laptop.post(`/account/sessions/${mine!.handle}/end`);
    expect(own.status).toBe(400);
    expect(await own.text()).toContain('use Sign out');
    expect(await db().$count(sessions)).toBe(before);
    expect((await new Client(env.app).get('/account/sessions')).status).toBe(303); // signed out: to the sign-in page
  });

  it('is in French for a French reader', async () => {
    const { laptop } = await twoBrowsers();
    await laptop.post('/locale', { locale: 'fr', next: '/account/sessions' });
    const html = await (await laptop.get('/account/sessions')).text();
    expect(html).toContain('Vos sessions');
    expect(html).toContain('ce navigateur');
  });
});

describe('idle and absolute lifetimes', () => {
  const age = async (userId: string, lastUsedMs: number, createdMs = lastUsedMs) =>
    db()
      .update(sessions)
      .set({ lastUsedAt: new Date(Date.now() - lastUsedMs), createdAt: new Date(Date.now() - createdMs) })
      .where(eq(sessions.userId, userId));

  it('signs staff out after 60 idle minutes, residents not', async () => {
    expect(STAFF_IDLE_MINUTES).toBe(60); // as docs/security/sessions.md and decision 0062 say
    const staff = await staffOf(await createOrganisation(db()));
    const resident = await person();
    await age(staff.user.id, (STAFF_IDLE_MINUTES + 1) * 60_000);
    await age(resident.user.id, (STAFF_IDLE_MINUTES + 1) * 60_000);
    expect(await isSignedIn(staff.client)).toBe(false);
    expect(await isSignedIn(resident.client)).toBe(true);
    expect(await db().$count(sessions, eq(sessions.userId, staff.user.id))).toBe(0); // ended on the server, not only forgotten
  });

  it('signs staff out 12 hours after sign-in even in use; the staff page says so', async () => {
    expect(STAFF_ABSOLUTE_HOURS).toBe(12);
    const admin = await person({ isAdmin: true });
    expect(await (await admin.client.get('/account/sessions')).text()).toContain(`unused for ${STAFF_IDLE_MINUTES} minutes`);
    await age(admin.user.id, 60_000, (STAFF_ABSOLUTE_HOURS + 1) * 3_600_000);
    expect(await isSignedIn(admin.client)).toBe(false);
  });

  it('records the last use at most every few minutes', async () => {
    const me = await person();
    await age(me.user.id, 60_000);
    const lastUsed = async () => (await db().select({ at: sessions.lastUsedAt }).from(sessions).where(eq(sessions.userId, me.user.id)))[0]!.at.getTime();
    const before = await lastUsed();
    await me.client.get('/account');
    expect(await lastUsed()).toBe(before); // a minute ago: close enough, no write
    await age(me.user.id, LAST_USED_GRANULARITY_MS + 60_000);
    const stale = await lastUsed();
    await me.client.get('/account');
    expect(await lastUsed()).toBeGreaterThan(stale + LAST_USED_GRANULARITY_MS);
  });
});

describe('an admin ends every session of an account', () => {
  it('finds the account by address, ends its sessions, and records who did it', async () => {
    const admin = await person({ isAdmin: true });
    const { user, laptop, phone } = await twoBrowsers();
    const found = await admin.client.get(`/admin/accounts?email=${encodeURIComponent(user.email.toUpperCase())}`);
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain(user.displayName);
    expect(html).toContain('2 sessions');
    const res = await admin.client.post(`/admin/accounts/${user.id}/end-sessions`, { email: user.email });
    expect(res.status).toBe(303);
    expect(await (await admin.client.get(res.headers.get('Location')!)).text()).toContain('Every session has ended (2).');
    expect(await isSignedIn(laptop)).toBe(false);
    expect(await isSignedIn(phone)).toBe(false);
    const [event] = await db().select().from(events).where(eq(events.name, 'admin.end_sessions')).orderBy(events.id).limit(1);
    expect(event).toMatchObject({ actorId: admin.user.id, entityId: user.id, payload: { ended: 2 } });
    expect(await (await admin.client.get('/admin/accounts?email=nobody%40example.org')).text()).toContain('No account has that email address.');
  });

  it('is refused to anyone but an admin, and to a wrong id, with nothing ended', async () => {
    const admin = await person({ isAdmin: true });
    const { user, laptop } = await twoBrowsers();
    const staff = await staffOf(await createOrganisation(db()), 'owner');
    expect((await staff.client.post(`/admin/accounts/${user.id}/end-sessions`)).status).toBe(403);
    expect((await staff.client.get('/admin/accounts')).status).toBe(403);
    expect((await admin.client.post('/admin/accounts/12345/end-sessions')).status).toBe(404);
    expect((await admin.client.post('/admin/accounts/00000000-0000-4000-8000-000000000000/end-sessions')).status).toBe(404);
    expect(await isSignedIn(laptop)).toBe(true);
  });
});

describe('the cookie over HTTPS', () => {
  it('is __Host- prefixed: Secure, host-only, Path=/', async () => {
    const https = createTestEnvOn(env, { env: { PUBLIC_URL: 'https://commonwise.test' } });
    try {
      const user = await createUser(db());
      const c = new Client(https.app, { Origin: 'https://commonwise.test' });
      const res = await c.post('/sign-in', { email: user.email, password: PASSWORD }, { Origin: 'https://commonwise.test' });
      expect(res.status).toBe(303);
      const line = res.headers.getSetCookie().find((l) => l.startsWith('__Host-cw_session='));
      expect(line).toBeDefined();
      expect(line).toMatch(/; Secure/i);
      expect(line).toMatch(/; Path=\//i);
      expect(line).not.toMatch(/Domain=/i);
      expect((await c.get('/account', { Origin: 'https://commonwise.test' })).status).toBe(200);
    } finally {
      await https.close();
    }
  });
});

describe('every cookie over HTTPS', () => {
  it('is __Host- prefixed, Secure, HttpOnly, Path=/ and host-only; and read back under that name', async () => {
    const https = createTestEnvOn(env, { env: { PUBLIC_URL: 'https://commonwise.test' } });
    try {
      const headers = { Origin: 'https://commonwise.test' };
      const c = new Client(https.app, headers);
      const lines: string[] = [];
      const keep = (res: Response) => lines.push(...res.headers.getSetCookie());
      keep(await c.get('/sign-in')); // the visitor's CSRF cookie
      keep(await c.get('/challenges')); // the idea order's seed, where ideas are listed
      keep(await c.get('/locale/fr?next=/')); // the language
      const user = await createUser(db());
      keep(await c.post('/sign-in', { email: user.email, password: PASSWORD }, headers)); // the session and a flash
      const set = lines.filter((l) => !/max-age=0|expires=Thu, 01 Jan 1970/i.test(l));
      const names = new Set(set.map((l) => l.slice(0, l.indexOf('='))));
      expect([...names].sort()).toEqual(expect.arrayContaining(['__Host-cw_csrf', '__Host-cw_flash', '__Host-cw_locale', '__Host-cw_session']));
      for (const line of set) {
        expect(line, line).toMatch(/^__Host-/);
        expect(line, line).toMatch(/; Secure/i);
        expect(line, line).toMatch(/; HttpOnly/i);
        expect(line, line).toMatch(/; Path=\//i);
        expect(line, line).not.toMatch(/Domain=/i);
      }
      // Read back: the flash shows once on the next page, in the language chosen.
      const page = await (await c.get('/account', headers)).text();
      expect(page).toContain('lang="fr"');
    } finally {
      await https.close();
    }
  });
});
