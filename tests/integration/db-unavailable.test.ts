/**
 * A database that cannot be reached (its connections cut, refused, timed out; PostgreSQL
 * shutting down) is answered 503 with Retry-After and a "service temporarily unavailable" page in
 * the reader's language — never 500 — and /readyz says so, within its bound even when the database
 * does not answer at all. Any other failure stays a 500. (The real thing, with PostgreSQL's
 * connections cut under load, is tests/resilience/connection-cut.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { READY_TIMEOUT_MS } from '../../src/features/health/routes.js';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import type { Deps } from '../../src/lib/deps.js';
import { Client, createTestEnv, sessionClient, type TestEnv } from '../support/app.js';
import { createUser } from '../support/factories.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

/** What postgres.js rejects a query with when its connection closed under it, as drizzle wraps it. */
const cut = () => new Error('Failed query: select …', { cause: Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }) });
/** PostgreSQL ending the session: `pg_terminate_backend`, or a fast shutdown. */
const adminShutdown = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });

/** A database handle on which every query fails with `error()`, however it is reached (db.select(…), db._.session.prepareQuery(…)). */
const failingDb = (error: () => unknown): Db => {
  const handle: Db = new Proxy(function () {}, {
    get: () => handle,
    apply: () => {
      throw error();
    },
  }) as unknown as Db;
  return handle;
};

const appWith = (deps: Partial<Deps>) => createApp({ ...env.deps, ...deps });

/** The response is the 503 page in `locale`, with Retry-After and the request's reference. */
async function expectUnavailable(res: Response, locale: 'en' | 'fr') {
  const html = await res.text();
  const m = locale === 'fr' ? fr : en;
  expect(res.status).toBe(503);
  expect(res.headers.get('Retry-After')).toBe('10');
  expect(html).toContain(`<html lang="${locale}"`);
  expect(html).toContain(m['error.unavailable.title']);
  const requestId = res.headers.get('X-Request-Id');
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(html).toContain(requestId!);
  expect(html).not.toContain(m['error.server.title']);
  expect(html).not.toContain('CONNECTION_CLOSED');
  expect(html).not.toContain('administrator command');
}

describe('the database cannot be reached', () => {
  it('a page whose query meets a cut connection answers 503, in English and in French', async () => {
    const app = appWith({ db: failingDb(cut) });
    await expectUnavailable(await new Client(app).get('/challenges'), 'en');
    await expectUnavailable(await new Client(app, { 'Accept-Language': 'fr-CA,fr;q=0.9' }).get('/challenges'), 'fr');
    await expectUnavailable(await new Client(app).get('/challenges', { Cookie: 'cw_locale=fr' }), 'fr');
  });

  it('when even the session cannot be read, the page is in the browser’s language', async () => {
    const app = appWith({ sessions: { ...env.deps.sessions, validate: () => Promise.reject(adminShutdown()) } });
    const user = await createUser(env.deps.db, { locale: 'fr' });
    const signedIn = await sessionClient(env, user.id);
    const client = new Client(app, { 'Accept-Language': 'fr' });
    for (const [k, v] of signedIn.cookies) client.cookies.set(k, v);
    await expectUnavailable(await client.get('/challenges'), 'fr');
    await expectUnavailable(await client.post('/locale', { locale: 'en', next: '/', _csrf: 'x' }), 'fr');
  });

  it('a signed-in person gets it in their own language', async () => {
    const app = appWith({ db: failingDb(adminShutdown) });
    const user = await createUser(env.deps.db, { locale: 'fr' });
    const client = await sessionClient(env, user.id);
    const page = await new Client(app, {}).get('/challenges', { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
    await expectUnavailable(page, 'fr');
  });

  it('any other failure is still a 500', async () => {
    const res = await new Client(appWith({ db: failingDb(() => new Error('boom')) })).get('/challenges');
    expect(res.status).toBe(500);
    expect(res.headers.get('Retry-After')).toBeNull();
    expect(await res.text()).toContain(en['error.server.title']);
  });
});

describe('/readyz', () => {
  it('is 200 while the database answers', async () => {
    const res = await env.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('is 503 when the database refuses or cuts', async () => {
    for (const error of [cut, adminShutdown, () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })]) {
      const res = await appWith({ db: { execute: () => Promise.reject(error()) } as unknown as Db }).request('/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable' });
    }
  });

  it('is 503 within its bound when the database does not answer at all', async () => {
    const started = Date.now();
    const res = await appWith({ db: { execute: () => new Promise(() => {}) } as unknown as Db }).request('/readyz');
    const ms = Date.now() - started;
    expect(res.status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(READY_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(READY_TIMEOUT_MS + 1_500);
  });
});
