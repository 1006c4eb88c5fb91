/**
 * Every route the app registers (found through app.routes, so new features are covered without
 * editing this file), requested by every kind of visitor: never a 500, always the security
 * headers. Plus the error pages (404, 405, 413, 500) and a fuzz loop over every form.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { Client, createTestEnvOn, sessionClient, type TestEnv } from '../support/app.js';
import { addMember, createInvitation, createOrganisation, createUser } from '../support/factories.js';
import { JUNK, prng } from '../support/fuzz.js';
import { useTestEnv } from '../support/world.js';

const HTTPS_ORIGIN = 'https://commonwise.test';

const { env, db } = useTestEnv();
let httpsEnv: TestEnv;
let owner: { id: string };
let admin: { id: string };
let placeholderSets: Record<string, Record<string, string>>;

beforeAll(async () => {
  httpsEnv = createTestEnvOn(env, { env: { PUBLIC_URL: HTTPS_ORIGIN } });
  owner = await createUser(db());
  admin = await createUser(db(), { isAdmin: true });
  const member = await createUser(db());
  const org = await createOrganisation(db());
  await addMember(db(), org.id, owner.id, 'owner');
  await addMember(db(), org.id, member.id, 'member');
  const invitation = await createInvitation(db(), org.id);
  placeholderSets = {
    uuid: {},
    nope: {},
    // Real rows, so handlers get past their "not found" checks.
    real: { slug: org.slug, id: invitation.id, userId: member.id },
  };
});
afterAll(async () => {
  await httpsEnv?.close();
});

type Route = { method: string; path: string };

/** Distinct (method, path) pairs with a handler; middleware-only entries (ALL) left out. */
function routesOf(e: TestEnv): Route[] {
  const seen = new Map<string, Route>();
  for (const r of e.app.routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** Fills in :params (optionally with a {regex}) and wildcards. */
function fill(routePath: string, set: string): string {
  const values = placeholderSets[set]!;
  return routePath
    .replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_, name: string) => encodeURIComponent(values[name] ?? (set === 'nope' ? 'nope' : randomUUID())))
    .replace(/\*/g, 'nope');
}

/** The concrete URLs to request for a route: one per placeholder set (one in all when it has no parameters). */
function urlsFor(route: Route): string[] {
  if (!/[:*]/.test(route.path)) return [route.path];
  return [...new Set(Object.keys(placeholderSets).map((s) => fill(route.path, s)))];
}

function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('Content-Security-Policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/** Checks one response; returns a list of problems (empty when fine) so a whole sweep reports everything at once. */
async function problemsWith(label: string, res: Response, https: boolean, options: { serverErrorExpected?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  const p = (m: string) => problems.push(`${label}: ${m}`);
  if (res.status >= 500 && !options.serverErrorExpected) p(`status ${res.status}`);
  const policy = csp(res);
  if (policy.get('script-src')?.join(' ') !== "'self'") p(`script-src is not 'self' alone (${res.headers.get('Content-Security-Policy')})`);
  if (policy.get('object-src')?.join(' ') !== "'none'") p("object-src is not 'none'");
  if (policy.get('base-uri')?.join(' ') !== "'none'") p("base-uri is not 'none'");
  if (policy.get('frame-ancestors')?.join(' ') !== "'none'") p("frame-ancestors is not 'none'");
  if (res.headers.get('X-Content-Type-Options') !== 'nosniff') p('no X-Content-Type-Options: nosniff');
  if (!res.headers.get('Referrer-Policy')) p('no Referrer-Policy');
  const hsts = res.headers.get('Strict-Transport-Security');
  if (https && !/max-age=\d{7,}/.test(hsts ?? '')) p(`HSTS missing over https (${hsts})`);
  if (!https && hsts !== null) p('HSTS sent over plain http');
  if (res.status === 200 && (res.headers.get('Content-Type') ?? '').startsWith('text/html')) {
    // No inline script anywhere, and no inline handler: the CSP would block them (decision 0051).
    const html = await res.clone().text();
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) if (!/\ssrc="\/static\//.test(tag)) p(`inline script: ${tag}`);
    for (const m of html.match(/<[^>]*\son[a-z]+=[^>]*>/gi) ?? []) p(`inline event handler: ${m}`);
  }
  return problems;
}

type Actor = 'anonymous' | 'owner' | 'admin';
const actors: Actor[] = ['anonymous', 'owner', 'admin'];

async function clientFor(e: TestEnv, actor: Actor, headers: Record<string, string>): Promise<Client> {
  if (actor === 'anonymous') return new Client(e.app, headers);
  return sessionClient(e, actor === 'owner' ? owner.id : admin.id, headers);
}

/** Requests every route as every actor: GET routes with GET, POST routes without and with the CSRF token. */
async function sweep(e: TestEnv, https: boolean, origin: string) {
  const headers = { Origin: origin };
  const problems: string[] = [];
  let requests = 0;
  const check = async (label: string, res: Response) => {
    requests++;
    problems.push(...(await problemsWith(label, res, https)));
  };
  for (const actor of actors) {
    const reader = await clientFor(e, actor, headers);
    for (const route of routesOf(e)) {
      for (const url of urlsFor(route)) {
        if (route.method === 'GET') {
          await check(`${actor} GET ${url}`, await reader.get(url));
        } else if (route.method === 'POST') {
          // A fresh session each time: some of these sign out or change the account.
          const noToken = await (await clientFor(e, actor, headers)).post(url, { _csrf: '' });
          await check(`${actor} POST ${url} without token`, noToken);
          if (noToken.status !== 403) problems.push(`${actor} POST ${url} without CSRF token: ${noToken.status}, expected 403`);
          await check(`${actor} POST ${url} with token`, await (await clientFor(e, actor, headers)).post(url, {}));
        } else {
          const c = await clientFor(e, actor, headers);
          await check(`${actor} ${route.method} ${url}`, await c.request(route.method, url, { headers: { 'X-CSRF-Token': await c.csrfToken() } }));
        }
      }
    }
  }
  return { problems, requests };
}

describe('every registered route', () => {
  it('covers the features mounted on the app', () => {
    const paths = routesOf(env).map((r) => `${r.method} ${r.path}`);
    for (const expected of ['GET /', 'GET /healthz', 'POST /sign-up', 'POST /sign-out', 'GET /admin/mail/:id']) expect(paths).toContain(expected);
  });

  it('never answers 500 and always sends the security headers (http: no HSTS)', async () => {
    const { problems, requests } = await sweep(env, false, 'http://localhost');
    expect(requests).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('sends HSTS on every response when PUBLIC_URL is https', async () => {
    const { problems } = await sweep(httpsEnv, true, HTTPS_ORIGIN);
    expect(problems).toEqual([]);
  });

  it('refuses forms from another origin on the https site', async () => {
    const c = new Client(httpsEnv.app, { Origin: 'http://commonwise.test' });
    const token = await c.csrfToken();
    expect((await c.post('/sign-up', { _csrf: token, displayName: 'X', email: 'x@example.org', password: 'a long unguessable phrase' })).status).toBe(403);
  });
});

describe('error pages', () => {
  const inLayout = (html: string) => {
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<main id="main"');
    expect(html).toContain('Skip to main content');
  };

  it('answers an unknown address with the 404 page in the layout', async () => {
    const res = await new Client(env.app).get(`/no/such/page-${randomUUID()}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    inLayout(html);
    expect(html).toContain('Page not found');
    expect(await problemsWith('404', res, false)).toEqual([]);
  });

  it('answers a wrong method on a known address with 405 and Allow', async () => {
    const c = new Client(env.app);
    const token = await c.csrfToken();
    const del = await c.request('DELETE', '/sign-in', { headers: { 'X-CSRF-Token': token } });
    expect(del.status).toBe(405);
    expect(del.headers.get('Allow')?.split(/,\s*/).sort()).toEqual(['GET', 'POST']);
    const html = await del.text();
    inLayout(html);
    expect(html).toContain('This action is not allowed here');

    const get = await c.get('/sign-out');
    expect(get.status).toBe(405);
    expect(get.headers.get('Allow')).toBe('POST');
    const put = await c.request('PUT', '/privacy', { headers: { 'X-CSRF-Token': token } });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('GET');
  });

  it('answers a body over BODY_LIMIT_KB with the 413 page, and accepts one just under it', async () => {
    expect(env.config.bodyLimitBytes).toBe(256 * 1024);
    const c = new Client(env.app);
    const over = await c.post('/sign-up', { displayName: 'x'.repeat(256 * 1024), email: 'big@example.org', password: 'a long unguessable phrase' });
    expect(over.status).toBe(413);
    const html = await over.text();
    inLayout(html);
    expect(html).toContain('Too much data');
    expect(await problemsWith('413', over, false)).toEqual([]);

    // Streamed without Content-Length: the limit still holds.
    const token = await c.csrfToken();
    const big = new TextEncoder().encode(`_csrf=${token}&bio=${'y'.repeat(300 * 1024)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 16 * 1024) controller.enqueue(big.slice(i, i + 16 * 1024));
        controller.close();
      },
    });
    const streamed = await env.app.request('/sign-up', {
      method: 'POST',
      body: stream,
      headers: { Origin: 'http://localhost', Cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'Content-Type': 'application/x-www-form-urlencoded' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const under = await c.post('/sign-up', { displayName: 'x'.repeat(200 * 1024), email: 'big@example.org', password: 'a long unguessable phrase' });
    expect(under.status).toBe(422); // read and validated (name too long), not refused for size
  });

  it('answers malformed bodies and unexpected content types without a 500 (4xx where the body is read)', async () => {
    const c = new Client(env.app);
    const token = await c.csrfToken();
    const cases: [string, string, BodyInit][] = [
      ['multipart/form-data; boundary=xyz', 'multipart with a boundary that never comes', 'garbage'],
      ['multipart/form-data', 'multipart without a boundary', 'garbage'],
      ['multipart/form-data; boundary=xyz', 'truncated multipart', '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc'],
      ['application/json', 'JSON', '{"email": "x@example.org"'],
      ['text/plain', 'plain text', 'email=x@example.org'],
      ['application/x-www-form-urlencoded', 'broken percent-encoding', 'email=%E0%A4%A&displayName=%ZZ&password=%'],
      ['application/x-www-form-urlencoded', 'binary', new Uint8Array([0xff, 0xfe, 0x00, 0x3d, 0x26, 0x80])],
      ['application/octet-stream', 'octet stream', new Uint8Array([1, 2, 3])],
      ['', 'no content type', 'email=x'],
    ];
    const problems: string[] = [];
    for (const route of routesOf(env).filter((r) => r.method === 'POST')) {
      const url = fill(route.path, 'nope');
      for (const [type, label, body] of cases) {
        const res = await c.request('POST', url, { body, headers: { 'X-CSRF-Token': token, ...(type ? { 'Content-Type': type } : {}) } });
        if (res.status >= 500) problems.push(`POST ${url} ${label}: ${res.status}`);
        // Anonymous: only a redirect to sign in (the body is never read) or a 4xx.
        else if (res.status < 400 && !(res.status === 303 && /^\/(sign-in|$)/.test(res.headers.get('Location') ?? ''))) {
          problems.push(`POST ${url} ${label}: ${res.status} ${res.headers.get('Location')}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The forms that do read the body say it is bad, rather than pretending nothing was sent.
    const signUp = await c.request('POST', '/sign-up', { body: 'garbage', headers: { 'X-CSRF-Token': token, 'Content-Type': 'multipart/form-data; boundary=xyz' } });
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(signUp.status).toBeLessThan(500);
  });

  it('shows the 500 page with the request id and no internals', async () => {
    const failing = new Proxy({} as Db, {
      get() {
        throw new Error('connect ECONNREFUSED 10.1.2.3:5432 at secret-host (database is down)');
      },
    });
    const broken = createApp({ ...env.deps, db: failing });
    const res = await broken.request('/', { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(500);
    const requestId = res.headers.get('X-Request-Id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const html = await res.text();
    inLayout(html);
    expect(html).toContain('Sorry, something went wrong on our side');
    expect(html).toContain(requestId!);
    expect(html).not.toMatch(/ECONNREFUSED|secret-host|database is down|\bat .*\.(ts|js):\d+|Error:/);
    expect(await problemsWith('500', res, false, { serverErrorExpected: true })).toEqual([]);

    const fr = await broken.request('/', { headers: { 'Accept-Language': 'fr' } });
    expect(fr.status).toBe(500);
    expect(await fr.text()).toContain(fr.headers.get('X-Request-Id')!);
  });
});

const COMMON_FIELDS = [
  'displayName', 'email', 'password', 'next', 'locale', 'token', 'bio', 'currentPassword', 'newPassword',
  'name', 'nameFr', 'title', 'description', 'slug', 'kind', 'website', 'role', 'body', 'text', 'id', 'verified', 'listedPublicly',
];

describe('fuzzing every form', () => {
  it('never answers 500 to junk fields, repeated fields or missing fields', async () => {
    // Field names: the common ones plus every name="…" found on the app's own pages.
    const fields = new Set(COMMON_FIELDS);
    const adminReader = await sessionClient(env, admin.id);
    for (const route of routesOf(env).filter((r) => r.method === 'GET')) {
      for (const url of urlsFor(route)) {
        const html = await (await adminReader.get(url)).text();
        for (const m of html.matchAll(/name="([A-Za-z0-9_]+)"/g)) if (m[1] !== '_csrf') fields.add(m[1]!);
      }
    }
    const names = [...fields];
    const random = prng(20261122);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const posts = routesOf(env).filter((r) => r.method === 'POST');
    const problems: string[] = [];
    let requests = 0;
    for (const route of posts) {
      for (let i = 0; i < 10; i++) {
        const form: Record<string, string | string[]> = {};
        const n = Math.floor(random() * 6);
        for (let k = 0; k < n; k++) {
          const name = pick(names);
          form[name] = random() < 0.2 ? [pick(JUNK), pick(JUNK), pick(JUNK)] : pick(JUNK);
        }
        const url = fill(route.path, pick(Object.keys(placeholderSets)));
        const actor = pick(actors);
        const c = await clientFor(env, actor, {});
        const res = await c.post(url, form, random() < 0.3 ? { 'HX-Request': 'true' } : {});
        requests++;
        if (res.status >= 500) {
          const shown = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map((s) => (s.length > 40 ? `${s.slice(0, 20)}…(${s.length})` : s))]));
          problems.push(`${actor} POST ${url} ${JSON.stringify(shown)}: ${res.status}`);
        }
      }
    }
    expect(requests).toBeGreaterThanOrEqual(posts.length * 10);
    expect(problems).toEqual([]);
  });

  /** Field names (and hidden values) of every form on the app's pages, by the action it posts to. */
  async function formsByAction() {
    const forms = new Map<string, { fields: Map<string, string>; anonymous: boolean }>();
    for (const actor of actors) {
      const reader = await clientFor(env, actor, {});
      for (const route of routesOf(env).filter((r) => r.method === 'GET')) {
        for (const url of urlsFor(route)) {
          const html = await (await reader.get(url)).text();
          for (const m of html.matchAll(/<form\b[^>]*\baction="([^"?]*)[^"]*"[^>]*>([\s\S]*?)<\/form>/g)) {
            const action = m[1]!.replace(/&amp;/g, '&');
            const form = forms.get(action) ?? { fields: new Map<string, string>(), anonymous: false };
            if (actor === 'anonymous') form.anonymous = true;
            for (const tag of m[2]!.match(/<(input|select|textarea)\b[^>]*>/g) ?? []) {
              const name = /\bname="([^"]+)"/.exec(tag)?.[1];
              if (!name || name === '_csrf') continue;
              const value = /\btype="hidden"/.test(tag) ? (/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '') : '';
              if (!form.fields.has(name) || value) form.fields.set(name, value.replace(/&amp;/g, '&'));
            }
            forms.set(action, form);
          }
        }
      }
    }
    return forms;
  }

  /** A value the field would accept, so that the one bad field is what the request tests. */
  let serial = 0;
  function plausible(name: string, hidden: string): string {
    if (hidden) return hidden;
    const n = serial++;
    if (/email/i.test(name)) return `fuzz-${n}-${randomUUID().slice(0, 6)}@example.org`;
    if (/password/i.test(name)) return 'a long unguessable phrase';
    if (name === 'locale') return 'en';
    if (name === 'kind') return 'council';
    if (name === 'role') return 'member';
    if (name === 'slug') return `fuzz-slug-${n}-${randomUUID().slice(0, 6)}`;
    if (/website|url/i.test(name)) return 'https://example.org';
    if (name === 'next') return '/';
    return `Fuzz value ${n}`;
  }

  const NASTY: (string | string[])[] = ['a\u0000b', '/\r\nSet-Cookie: x=y\u0001\u007f', '\ud800🙂', 'x'.repeat(60_000), '', ['first', 'second']];

  it('never answers 500 when one field of an otherwise valid form is hostile', async () => {
    const forms = await formsByAction();
    const problems: string[] = [];
    let requests = 0;
    for (const route of routesOf(env).filter((r) => r.method === 'POST')) {
      const url = fill(route.path, 'real');
      // Forms not on any page (they need a mailed token, or have no fields) are left to the random loop above.
      const form = forms.get(url) ?? forms.get(route.path);
      if (!form || form.fields.size === 0) continue;
      const fields = [...form.fields];
      const actor: Actor = form.anonymous ? 'anonymous' : url.startsWith('/admin') ? 'admin' : 'owner';
      let c = await clientFor(env, actor, {});
      for (const [field] of fields) {
        for (const bad of NASTY) {
          const body: Record<string, string | string[]> = {};
          for (const [name, hidden] of fields) body[name] = name === field ? bad : plausible(name, hidden);
          if (actor !== 'anonymous' && !c.cookies.has('cw_session')) c = await clientFor(env, actor, {});
          const res = await c.post(url, body);
          requests++;
          if (res.status >= 500) {
            const shown = typeof bad === 'string' && bad.length > 40 ? `${bad.slice(0, 10)}…(${bad.length})` : bad;
            problems.push(`${actor} POST ${url} ${field}=${JSON.stringify(shown)}: ${res.status}`);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  }, 180_000); // every field of every form six times: about 30 s alone, 50 s on a loaded machine

  it('never answers 500 to hostile query strings on any page', async () => {
    const values = ['/%00', '/%0D%0ASet-Cookie:%20x=y', '%ED%A0%80%', 'x'.repeat(8000), '//evil.example', '/%5Cevil'];
    const problems: string[] = [];
    for (const actor of ['anonymous', 'owner'] as const) {
      const c = await clientFor(env, actor, {});
      for (const route of routesOf(env).filter((r) => r.method === 'GET')) {
        for (const url of [fill(route.path, 'real')]) {
          for (const key of ['next', 'token']) {
            for (const v of values) {
              const res = await c.get(`${url}?${key}=${v}`);
              if (res.status >= 500) problems.push(`${actor} GET ${url}?${key}=${v.slice(0, 30)}: ${res.status}`);
              const location = res.headers.get('Location');
              if (location && !location.startsWith('/')) problems.push(`${actor} GET ${url}?${key}=${v.slice(0, 30)}: redirects off-site to ${location}`);
              if (location?.startsWith('//') || location?.startsWith('/\\')) problems.push(`${actor} GET ${url}?${key}=${v.slice(0, 30)}: protocol-relative redirect ${location}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
