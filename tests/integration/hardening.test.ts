/**
 * Issue 10, points 4 and 10: control characters in any query parameter are a 400 at one door;
 * nothing a signed-in person saw stays in the browser's cache, and signing out clears it.
 */
import { describe, expect, it } from 'vitest';
import { Client, createTestEnvOn, relaxedLimits, sessionClient } from '../support/app.js';
import { createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, person, challengeWithIdea } = useTestEnv();

describe('query parameters', () => {
  it('a NUL or another control character in any parameter is a 400 page, never a 500', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const anon = new Client(env.app);
    const me = await person();
    const urls = [
      '/challenges?q=%00',
      '/challenges?q=bench%00es',
      `/challenges/${challenge.id}?q=%01&sort=newest`,
      `/challenges/${challenge.id}/ideas?q=%1f`,
      `/ideas/${idea.id}?csort=%00`,
      `/people/${me.user.id}?section=ideas%00`,
      '/organisations?after=%7f',
      '/sign-in?next=%2F%00',
      '/?%00=x',
    ];
    for (const url of urls)
      for (const client of [anon, me.client]) {
        const res = await client.get(url);
        expect(res.status, url).toBe(400);
        expect(await res.text(), url).toContain('<html');
      }
    expect((await anon.get('/challenges?q=benches')).status).toBe(200);
  });
});

describe('caching of personal pages', () => {
  it('every answer to a signed-in person is no-store; anonymous pages are not; sign-out clears the site data and ends the session', async () => {
    const { idea } = await challengeWithIdea();
    const me = await person();
    for (const path of ['/account', '/notifications', '/following', `/ideas/${idea.id}`, '/challenges', `/people/${me.user.id}`]) {
      const res = await me.client.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Cache-Control'), path).toBe('no-store');
    }
    const fragment = await me.client.get(`/ideas/${idea.id}/comments`, { 'HX-Request': 'true' });
    expect(fragment.headers.get('Cache-Control')).toBe('no-store');
    expect((await new Client(env.app).get(`/ideas/${idea.id}`)).headers.get('Cache-Control')).not.toBe('no-store');
    const old = me.client.cookies.get('cw_session')!;
    expect((await new Client(env.app, { Cookie: `cw_session=${old}` }).get('/account')).status).toBe(200); // the cookie alone signs in, until…
    const out = await me.client.post('/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('Clear-Site-Data')).toBe('"cache", "storage"');
    // The session ended on the server too: the old cookie, sent again, is nobody's.
    const replay = new Client(env.app, { Cookie: `cw_session=${old}` });
    const res = await replay.get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/sign-in/);
  });
});

describe('the client address behind a proxy (TRUST_PROXY)', () => {
  it('is what the trusted proxies appended, so a forged X-Forwarded-For walks past no per-address limit', async () => {
    const behind = createTestEnvOn(env, { env: { TRUST_PROXY: '1' }, rateLimits: { ...relaxedLimits, signUp: { points: 3, duration: 3600 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        // The client forges a new address each time; the proxy appends the real one.
        const res = await new Client(behind.app).post('/sign-up', { displayName: `Forger ${i}`, email: `forger-${i}-${Date.now()}@example.org`, password: 'a long unguessable phrase' }, { 'X-Forwarded-For': `198.51.100.${i}, 203.0.113.9` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 3).every((s) => s === 303)).toBe(true);
      expect(statuses.slice(3)).toEqual([429, 429]);
      // Another real client behind the same proxy is not held back.
      const other = await new Client(behind.app).post('/sign-up', { displayName: 'Neighbour', email: `neighbour-${Date.now()}@example.org`, password: 'a long unguessable phrase' }, { 'X-Forwarded-For': '203.0.113.10' });
      expect(other.status).toBe(303);
    } finally {
      await behind.close();
    }
  });

  it('with two proxies, the entry the outer one appended', async () => {
    const behind = createTestEnvOn(env, { env: { TRUST_PROXY: '2' }, rateLimits: { ...relaxedLimits, signUp: { points: 1, duration: 3600 } } });
    try {
      const send = (xff: string, n: string) =>
        new Client(behind.app).post('/sign-up', { displayName: `Two ${n}`, email: `two-${n}-${Date.now()}@example.org`, password: 'a long unguessable phrase' }, { 'X-Forwarded-For': xff });
      expect((await send('1.1.1.1, 192.0.2.44, 10.0.0.2', 'a')).status).toBe(303);
      expect((await send('9.9.9.9, 192.0.2.44, 10.0.0.2', 'b')).status).toBe(429); // same client, other forged prefix
      expect((await send('192.0.2.45, 10.0.0.2', 'c')).status).toBe(303);
    } finally {
      await behind.close();
    }
  });
});

describe('limits on expensive and sensitive forms', () => {
  it('guessing the current password to change it is limited per account (a stolen session is not a stolen account)', async () => {
    const limited = createTestEnvOn(env, { rateLimits: { ...relaxedLimits, passwordChange: { points: 5, duration: 900 } } });
    try {
      const user = await createUser(limited.deps.db);
      const client = await sessionClient(limited, user.id);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await client.post('/account/password', { currentPassword: `wrong guess ${i}`, newPassword: 'another long phrase here' })).status);
      expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('setting a password through reset links is limited per client address; a dead link is a 400', async () => {
    const limited = createTestEnvOn(env, { rateLimits: { ...relaxedLimits, passwordSet: { points: 3, duration: 900 } } });
    try {
      const c = new Client(limited.app);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await c.post('/reset-password', { token: `${'y'.repeat(42)}${i}`, password: 'a long unguessable phrase' })).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});
