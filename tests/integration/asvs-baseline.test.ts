/**
 * ASVS 5.0 requirements the code already met without a test to show it (issue 14, point 8): each
 * test here is named in docs/security/asvs.csv. Passwords taken exactly as typed, password fields
 * a password manager can fill, no hints; session ids; encoding of JSON and SQL parameters; what
 * the server serves and how it labels it; paths and methods it refuses; a real socket for what
 * app.request() cannot send (TRACE, request smuggling, an undecoded `..`).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { eq, getTableColumns } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { sessions, users } from '../../src/db/schema/index.js';
import { HTMX_SRC } from '../../src/http/render.js';
import { Client, HX, createTestEnvOn } from '../support/app.js';
import { createCompetitionChallenge, createOrganisation, createUser, PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf, challengeWithIdea } = useTestEnv();

// ---- A real HTTP server on a random port, for raw requests ----

let server: ServerType | undefined;
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** Sends `raw` bytes as they are and returns what comes back until the server closes (or 3 s pass). */
function rawRequest(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 3_000);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(raw);
  });
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

// ---- Passwords (V6.2.6, V6.2.7, V6.2.8, V6.2.10, V6.4.2) ----

/** The <input> tags of the page's <main>. */
async function inputsOf(c: Client, url: string): Promise<string[]> {
  const res = await c.get(url);
  expect(res.status, url).toBe(200);
  const main = /<main[\s\S]*<\/main>/.exec(await res.text())?.[0] ?? '';
  return main.match(/<input\b[^>]*>/g) ?? [];
}

describe('password fields', () => {
  it('are type=password on every form that takes a password, with the autocomplete a password manager needs and nothing blocking paste', async () => {
    const visitor = new Client(env.app);
    const me = await person();
    const pages: [Client, string, string[]][] = [
      [visitor, '/sign-up', ['new-password']],
      [visitor, '/sign-in', ['current-password']],
      [visitor, '/reset-password', ['new-password']],
      [me.client, '/account/password', ['current-password', 'new-password']],
    ];
    for (const [client, url, autocompletes] of pages) {
      const inputs = await inputsOf(client, url);
      const passwords = inputs.filter((i) => /name="(password|currentPassword|newPassword)"/.test(i));
      expect(passwords.map((i) => /autocomplete="([^"]+)"/.exec(i)?.[1]), url).toEqual(autocompletes);
      for (const input of passwords) {
        expect(input, url).toMatch(/type="password"/);
        // Nothing stops pasting or a password manager filling it in.
        expect(input, url).not.toMatch(/onpaste|oncopy|ondrop|autocomplete="off"|readonly|maxlength="([0-9]|[1-5][0-9])"/i);
      }
    }
  });

  it('has no password hint or secret question, in the forms or the accounts table', async () => {
    const visitor = new Client(env.app);
    const me = await person();
    const urls: [Client, string][] = [
      [visitor, '/sign-up'],
      [visitor, '/sign-in'],
      [visitor, '/forgot-password'],
      [visitor, '/reset-password'],
      [me.client, '/account'],
      [me.client, '/account/password'],
    ];
    for (const [client, url] of urls) {
      const html = await (await client.get(url)).text();
      expect(html, url).not.toMatch(/name="[^"]*(hint|question|answer|memorable|reminder)[^"]*"/i);
      expect(html, url).not.toMatch(/secret question|security question|password hint|mother.s maiden/i);
    }
    expect(Object.values(getTableColumns(users)).map((c) => c.name).filter((n) => /hint|question|answer|reminder/i.test(n))).toEqual([]);
  });
});

describe('the password as typed', () => {
  const spaced = '  Tricky Case PassPhrase 7 ü  ';

  it('signs in only with the password exactly as chosen: not trimmed, not case-folded', async () => {
    const user = await createUser(db(), { passwordHash: await hashPassword(spaced) });
    for (const wrong of [spaced.trim(), spaced.toLowerCase(), spaced.toUpperCase(), ` ${spaced}`, spaced.normalize('NFD') === spaced ? `${spaced}x` : spaced.normalize('NFD')]) {
      expect((await new Client(env.app).post('/sign-in', { email: user.email, password: wrong })).status, JSON.stringify(wrong)).toBe(422);
    }
    expect((await new Client(env.app).post('/sign-in', { email: user.email, password: spaced })).status).toBe(303);
  });

  it('does not truncate a long password: the whole of it is checked', async () => {
    const long = Array.from({ length: 25 }, (_, i) => `w${i}rd${'abcdefghij'[i % 10]}`).join('-'); // 150+ characters
    expect(long.length).toBeGreaterThan(150);
    const user = await createUser(db(), { passwordHash: await hashPassword(long) });
    for (const wrong of [long.slice(0, -1), long.slice(0, 72), long.slice(0, 128), `${long.slice(0, -1)}X`]) {
      expect((await new Client(env.app).post('/sign-in', { email: user.email, password: wrong })).status, `${wrong.length} characters`).toBe(422);
    }
    expect((await new Client(env.app).post('/sign-in', { email: user.email, password: long })).status).toBe(303);
  });

  it('never expires a password: one set years ago still signs in, and no column keeps a password age', async () => {
    const user = await createUser(db(), { createdAt: new Date(Date.now() - 5 * 365 * 86_400_000) });
    expect((await new Client(env.app).post('/sign-in', { email: user.email, password: PASSWORD })).status).toBe(303);
    const columns = Object.values(getTableColumns(users)).map((c) => c.name);
    expect(columns).toContain('password_hash');
    expect(columns.filter((n) => /password_(changed|set|expires|age|updated)|must_change|expires/i.test(n))).toEqual([]);
  });
});

// ---- Session ids (V7.2.3) ----

describe('session ids', () => {
  it('are unique, random and at least 128 bits: 200 sessions, 200 different ids of 40 base32 characters', async () => {
    const user = await createUser(db());
    const name = env.deps.sessions.cookieName;
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { cookie } = await env.deps.sessions.create(user.id, { device: 'Chrome · Linux' });
      const id = new RegExp(`^${name}=([^;]+)`).exec(cookie)?.[1] ?? '';
      expect(id).toMatch(/^[a-z2-7]{40}$/); // 40 × 5 = 200 bits (lucia: 25 bytes of crypto.getRandomValues)
      ids.add(id);
    }
    expect(ids.size).toBe(200);
    // Characters are spread as random ones are, not a counter or a time stamp: every base32 symbol turns up.
    expect(new Set([...ids].join('')).size).toBe(32);
    // The database keeps only their hashes.
    const stored = await db().select({ idHash: sessions.idHash }).from(sessions).where(eq(sessions.userId, user.id));
    expect(stored).toHaveLength(200);
    for (const s of stored) expect(ids.has(s.idHash)).toBe(false);
  });
});

// ---- Encoding and injection (V1.1.1, V1.2.3, V1.2.4, V1.3.7, V15.3.6) ----

describe('input and output encoding', () => {
  it('decodes a form field once: %41 typed in a name is stored as %41, not A', async () => {
    const me = await person();
    const typed = 'Ann %41 %2541 &amp; +plus';
    expect((await me.client.post('/account', { displayName: typed, bio: '', locale: 'en' })).status).toBe(303);
    const [row] = await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, me.user.id));
    expect(row!.displayName).toBe(typed);
  });

  it('puts text into JSON by serialising it: a title holding script and quotes comes back exactly, as application/json', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const title = '</script><script>alert("x")</script> \u2028 \'quoted\' \\ {"a":1}';
    const ch = await createCompetitionChallenge(db(), council.id, { title });
    const res = await new Client(env.app).get(`/challenges/${ch.id}/results.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    const body = await res.text();
    expect(JSON.parse(body).challenge.title).toBe(title);
    expect(body).not.toContain('"</script><script>alert("x")'); // the quote inside is escaped
  });

  it('sends an SQL injection attempt to the database as a parameter, never as query text', async () => {
    const payload = "x' OR '1'='1' --@example.org";
    const queries = await env.captureQueries(async () => {
      const res = await new Client(env.app).post('/sign-in', { email: payload, password: "' OR 1=1; DROP TABLE users; --" });
      expect(res.status).toBe(422);
    });
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.sql).not.toContain("OR '1'='1'");
      expect(q.sql).not.toContain('DROP TABLE');
    }
    expect(queries.some((q) => q.params.some((p) => typeof p === 'string' && p.includes("' or '1'='1'")))).toBe(true);
    expect(await db().$count(users)).toBeGreaterThan(0);
  });

  it('shows template syntax typed by a person as text: nothing is evaluated', async () => {
    const me = await person();
    const typed = '{{7*7}} ${7*7} <%= 7*7 %> #{7*7} {name}';
    expect((await me.client.post('/account', { displayName: typed, bio: '', locale: 'en' })).status).toBe(303);
    const html = await (await me.client.get('/account')).text();
    expect(html).toContain('value="{{7*7}} ${7*7} &lt;%= 7*7 %&gt; #{7*7} {name}"');
  });

  it('ignores __proto__ and constructor fields in a form: no prototype is changed, no 500', async () => {
    const me = await person();
    const res = await me.client.post('/account', {
      displayName: 'Proto Person',
      bio: '',
      locale: 'en',
      __proto__: 'x',
      '__proto__[polluted]': 'yes',
      'constructor[prototype][polluted]': 'yes',
      'constructor.prototype.polluted': 'yes',
    });
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const q = await me.client.get('/challenges?__proto__[polluted]=1&constructor[prototype][polluted]=1');
    expect(q.status).toBeLessThan(500);
    expect(Object.prototype).not.toHaveProperty('polluted');
    const [row] = await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, me.user.id));
    expect(row!.displayName).toBe('Proto Person');
  });
});

// ---- What is served, and labelled how (V3.2.1, V4.1.1, V5.4.1, V5.4.2) ----

describe('content types and contexts', () => {
  /** Requests of every kind of answer with a body: pages, fragments, errors, JSON, CSV, CSS and scripts. */
  async function answers() {
    const council = await createOrganisation(db(), { kind: 'council' });
    const ch = await createCompetitionChallenge(db(), council.id);
    const staff = await staffOf(council, 'owner');
    const { idea, challenge } = await challengeWithIdea();
    const visitor = new Client(env.app);
    const me = await person();
    return {
      ch,
      list: [
        ['home page', await visitor.get('/')],
        ['challenge page', await visitor.get(`/challenges/${challenge.id}`)],
        ['idea page', await visitor.get(`/ideas/${idea.id}`)],
        ['signed-in page', await me.client.get('/account')],
        ['fragment', await me.client.get(`/challenges/${challenge.id}/ideas/similar?title=${encodeURIComponent(idea.title)}`, HX)],
        ['404 page', await visitor.get('/no-such-page')],
        ['400 page', await visitor.get('/challenges?q=%00')],
        ['403 page', await me.client.get('/admin')],
        ['405 page', await visitor.request('DELETE', '/sign-in')],
        ['422 page', await visitor.post('/sign-in', { email: 'nobody@example.org', password: 'wrong password' })],
        ['health JSON', await visitor.get('/healthz')],
        ['readiness JSON', await visitor.get('/readyz')],
        ['results JSON', await visitor.get(`/challenges/${ch.id}/results.json`)],
        ['scoreboard CSV', await staff.client.get(`/challenges/${ch.id}/judging/scoreboard.csv`)],
        ['stylesheet', await visitor.get('/static/css/app.css')],
        ['script', await visitor.get('/static/js/webauthn.js')],
        ['htmx', await visitor.get(HTMX_SRC)],
        ['icon', await visitor.get('/static/favicon.svg')],
      ] as [string, Response][],
    };
  }

  it('labels every answer with a body with the type of its content, and text with charset UTF-8', async () => {
    const { list } = await answers();
    const expected: Record<string, RegExp> = {
      page: /^text\/html; charset=utf-8$/i,
      fragment: /^text\/html; charset=utf-8$/i,
      JSON: /^application\/json(; charset=utf-8)?$/i,
      CSV: /^text\/csv; charset=utf-8$/i,
      stylesheet: /^text\/css; charset=utf-8$/i,
      script: /^(text|application)\/javascript; charset=utf-8$/i,
      htmx: /^(text|application)\/javascript; charset=utf-8$/i,
      icon: /^image\/svg\+xml/i,
    };
    for (const [label, res] of list) {
      const body = await res.clone().text();
      expect(body.length, label).toBeGreaterThan(0);
      const kind = Object.keys(expected).find((k) => label.split(' ').includes(k)) ?? 'page';
      expect(res.headers.get('Content-Type'), `${label} (${res.status})`).toMatch(expected[kind]!);
      if (kind === 'JSON') expect(() => JSON.parse(body), label).not.toThrow();
      if (kind === 'page') expect(body, label).toMatch(/^<!DOCTYPE html>/i);
      if (kind === 'fragment') expect(body, label).not.toMatch(/^<!DOCTYPE html>/i);
    }
  });

  it('sends JSON, CSV, scripts and styles with nosniff, a same-origin resource policy and the CSP; the CSV as an attachment named by id', async () => {
    const { list, ch } = await answers();
    for (const [label, res] of list) {
      expect(res.headers.get('X-Content-Type-Options'), label).toBe('nosniff');
      expect(res.headers.get('Cross-Origin-Resource-Policy'), label).toBe('same-origin');
      expect(res.headers.get('Content-Security-Policy'), label).toMatch(/default-src 'self'/);
    }
    const csv = list.find(([l]) => l === 'scoreboard CSV')![1];
    expect(csv.status).toBe(200);
    // The file name comes from the challenge's id (a UUID), never from anything a person typed.
    expect(csv.headers.get('Content-Disposition')).toBe(`attachment; filename="scores-${ch.id}.csv"`);
    expect(ch.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

// ---- Paths, methods and endpoints the server refuses (V5.3.2, V13.4.1, V13.4.3, V13.4.4, V13.4.5, V4.2.1) ----

describe('what the server does not serve', () => {
  const secrets = /"dependencies"|ref: refs\/|\[core\]|repositoryformatversion|DATABASE_URL=|SECRET_KEY=|Index of|<title>\/static/i;

  it('refuses paths that climb out of public/, in every encoding, whether through app.request or a raw socket', async () => {
    const paths = [
      '/static/%2e%2e/package.json',
      '/static/%2e%2e%2fpackage.json',
      '/static/..%2fpackage.json',
      '/static/..%2f..%2fetc%2fpasswd',
      '/static/..%5cpackage.json',
      '/static/%252e%252e/package.json',
      '/static/css/%2e%2e/%2e%2e/package.json',
      '/static/%2e%2e/src/config.ts',
    ];
    for (const p of paths) {
      const res = await new Client(env.app).get(p);
      expect([400, 404], p).toContain(res.status);
      expect(await res.text(), p).not.toMatch(secrets);
    }
    for (const p of ['/static/../package.json', '/static/../../etc/passwd', '/static/css/../../package.json', ...paths]) {
      const answer = await rawRequest(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect([400, 404], p).toContain(statusOf(answer));
      expect(answer, p).not.toMatch(secrets);
    }
  });

  it('never serves the repository metadata: /.git and its files are not found', async () => {
    for (const p of ['/.git', '/.git/', '/.git/HEAD', '/.git/config', '/static/../.git/HEAD', '/static/%2e%2e/.git/config', '/.env', '/package.json', '/.ci/run']) {
      const answer = await rawRequest(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), p).toBe(404);
      expect(answer, p).not.toMatch(secrets);
    }
  });

  it('lists no directory: /static/ and its folders are not found', async () => {
    for (const p of ['/static', '/static/', '/static/css', '/static/css/', '/static/js/']) {
      const res = await new Client(env.app).get(p);
      expect(res.status, p).toBe(404);
      const html = await res.text();
      expect(html, p).not.toMatch(secrets);
      expect(html, p).not.toContain('webauthn.js');
    }
  });

  it('answers TRACE and TRACK with 404 or 405 and never echoes the request', async () => {
    for (const method of ['TRACE', 'TRACK']) {
      for (const p of ['/', '/sign-in']) {
        const answer = await rawRequest(`${method} ${p} HTTP/1.1\r\nHost: localhost\r\nCookie: cw_session=secret-cookie-value\r\nConnection: close\r\n\r\n`);
        expect([400, 404, 405], `${method} ${p}`).toContain(statusOf(answer));
        expect(answer, `${method} ${p}`).not.toContain('secret-cookie-value');
        expect(answer, `${method} ${p}`).not.toMatch(/content-type: message\/http/i);
      }
    }
  });

  it('exposes no documentation or monitoring endpoint beyond /healthz and /readyz, which say nothing but their state', async () => {
    const visitor = new Client(env.app);
    expect(await (await visitor.get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await (await visitor.get('/readyz')).json();
    expect(Object.keys(ready).sort()).toEqual(['database', 'status']);
    expect(ready.status).toBe('ok');
    expect(['pglite', 'postgres']).toContain(ready.database);
    for (const p of ['/metrics', '/status', '/server-status', '/debug', '/debug/vars', '/docs', '/api-docs', '/swagger', '/swagger.json', '/openapi.json', '/graphql', '/env', '/config', '/info', '/actuator']) {
      expect((await visitor.get(p)).status, p).toBe(404);
    }
    // The admin area is there, but only for an admin.
    expect((await visitor.get('/admin')).status).toBe(303);
    expect((await (await person()).client.get('/admin')).status).toBe(403);
  });

  it('refuses a request carrying both Content-Length and Transfer-Encoding, and a doubled Content-Length (no request smuggling)', async () => {
    const smuggled = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const both = await rawRequest(
      `POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    );
    expect(statusOf(both)).toBe(400);
    expect(both.match(/^HTTP\/1\.1 /gm)).toHaveLength(1); // the smuggled request is never answered
    const doubled = await rawRequest(`POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`);
    expect(statusOf(doubled)).toBe(400);
    expect(doubled.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
  });
});

// ---- Sign out on every page (V7.4.4) ----

describe('signing out', () => {
  it('every page a signed-in person can open shows Sign out', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const council = await createOrganisation(db(), { kind: 'council' });
    const staff = await staffOf(council, 'owner');
    const admin = await person({ isAdmin: true });
    const urls = new Set<string>([`/ideas/${idea.id}`, `/challenges/${challenge.id}`, `/organisations/${council.slug}`]);
    for (const r of env.app.routes) if (r.method === 'GET' && !/[:*]/.test(r.path) && !/\.(json|csv|js|css)$|^\/(healthz|readyz)$/.test(r.path)) urls.add(r.path);
    let pages = 0;
    for (const who of [staff, admin]) {
      for (const url of urls) {
        const res = await who.client.get(url);
        if (res.status !== 200 || !(res.headers.get('Content-Type') ?? '').startsWith('text/html')) continue;
        pages++;
        const html = await res.text();
        expect(html, url).toMatch(/<form[^>]*action="\/sign-out"[^>]*method="post"|<form[^>]*method="post"[^>]*action="\/sign-out"/);
        expect(html, url).toContain('Sign out');
      }
    }
    expect(pages).toBeGreaterThan(20);
  });
});

// ---- Cookies over HTTPS (V3.3.1, V3.3.3: partly) ----

describe('cookies over HTTPS', () => {
  it('sets every cookie Secure and HttpOnly when PUBLIC_URL is https', async () => {
    const origin = 'https://commonwise.test';
    const https = createTestEnvOn(env, { env: { PUBLIC_URL: origin } });
    try {
      const user = await createUser(db());
      const c = new Client(https.app, { Origin: origin });
      const lines: string[] = [];
      const keep = (res: Response) => lines.push(...res.headers.getSetCookie());
      const { challenge } = await challengeWithIdea();
      keep(await c.get('/sign-in'));
      keep(await c.post('/locale', { locale: 'fr', next: '/' }));
      keep(await c.get(`/challenges/${challenge.id}`));
      keep(await c.post('/sign-up', { displayName: 'New Person', email: `new-${Date.now()}@example.org`, password: 'a long and unusual pass phrase 42' }));
      keep(await c.post('/sign-in', { email: user.email, password: PASSWORD }));
      const names = new Set(lines.map((l) => l.split('=')[0]));
      expect(names.size).toBeGreaterThanOrEqual(4);
      // Deleting a cookie (Max-Age=0, no value) needs no attribute: nothing is sent back.
      for (const line of lines.filter((l) => !/Max-Age=0/i.test(l))) {
        expect(line, line).toMatch(/;\s*Secure/i);
        expect(line, line).toMatch(/;\s*HttpOnly/i);
        expect(line, line).toMatch(/;\s*Path=\//i);
        expect(line, line).not.toMatch(/Domain=/i);
      }
    } finally {
      await https.close();
    }
  });
});
