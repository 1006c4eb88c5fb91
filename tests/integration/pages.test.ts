import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema/index.js';
import { HTMX_SRC } from '../../src/http/render.js';
import { Client } from '../support/app.js';
import { addMember, createOrganisation, createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, signInByForm } = useTestEnv();

describe('language', () => {
  it('follows Accept-Language, then the cookie set by the switch', async () => {
    const c = new Client(env.app, { 'Accept-Language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    expect(await (await c.get('/')).text()).toContain('<html lang="fr">');
    const res = await c.post('/locale', { locale: 'en', next: '/privacy' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/privacy');
    const page = await (await c.get('/privacy')).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Privacy notice');
  });

  it('saves the choice on the profile of a signed-in person, which wins over the cookie', async () => {
    const u = await createUser(db());
    const c = await signInByForm(u);
    await c.post('/locale', { locale: 'fr', next: '/' });
    const [row] = await db().select({ locale: users.locale }).from(users).where(eq(users.id, u.id));
    expect(row?.locale).toBe('fr');
    c.cookies.set('cw_locale', 'en');
    expect(await (await c.get('/')).text()).toContain('<html lang="fr">');
  });

  it('switches a visitor by the header’s link, which sets their cookie and nothing else', async () => {
    const c = new Client(env.app, { 'Accept-Language': 'en' });
    const home = await (await c.get('/challenges?sort=ideas')).text();
    const href = /<a href="(\/locale\/fr\?next=[^"]+)" lang="fr"/.exec(home)?.[1];
    expect(href).toBe('/locale/fr?next=%2Fchallenges%3Fsort%3Dideas');
    const res = await c.get(href!);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/challenges?sort=ideas');
    expect(c.cookies.get('cw_locale')).toBe('fr');
    expect(await (await c.get('/challenges?sort=ideas')).text()).toContain('<html lang="fr">');
    expect((await c.get('/locale/de?next=/')).status).toBe(404);
    expect((await c.get('/locale/en?next=//evil.example/')).headers.get('Location')).toBe('/');
    // Signed in, the choice is the account's (the header shows the form): the link changes nothing.
    const u = await createUser(db(), { locale: 'en' });
    const signed = await signInByForm(u);
    expect((await signed.get('/locale/fr?next=/')).status).toBe(303);
    expect(signed.cookies.has('cw_locale')).toBe(false);
    expect(await (await signed.get('/')).text()).toContain('<html lang="en">');
  });

  it('refuses an unknown language and an off-site next', async () => {
    const c = new Client(env.app);
    expect((await c.post('/locale', { locale: 'de', next: '/' })).status).toBe(400);
    const res = await c.post('/locale', { locale: 'fr', next: 'https://evil.example/' });
    expect(res.headers.get('Location')).toBe('/');
  });
});

describe('pages', () => {
  it('lists organisations on the home page', async () => {
    const org = await createOrganisation(db(), { name: 'Home Page Council' });
    const html = await (await new Client(env.app).get('/')).text();
    expect(html).toContain(`href="/organisations/${org.slug}"`);
  });

  it('serves the footer pages in both languages', async () => {
    for (const [path, en, fr] of [
      ['/privacy', 'Privacy notice', 'Politique de confidentialité'],
      ['/accessibility', 'Accessibility statement', 'Déclaration d’accessibilité'],
      ['/guidelines', 'will not engage', 'ne répond pas aux propos abusifs'],
    ] as const) {
      expect(await (await new Client(env.app).get(path)).text()).toContain(en);
      expect(await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(path)).text()).toContain(fr);
    }
  });
});

describe('static files and transfer size', () => {
  it('serves htmx under a versioned URL with a long cache, compressed', async () => {
    const res = await new Client(env.app).get(HTMX_SRC, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toContain('immutable');
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(16_000);
    expect(gunzipSync(body).toString()).toContain('htmx');
  });

  it('keeps a first page load (HTML + CSS + JS, gzip) under 50 KB', async () => {
    const c = new Client(env.app);
    let total = 0;
    for (const url of ['/', '/static/css/app.css', HTMX_SRC]) {
      const res = await c.get(url, { 'Accept-Encoding': 'gzip' });
      expect(res.status).toBe(200);
      total += (await res.arrayBuffer()).byteLength;
    }
    expect(total).toBeLessThan(50_000);
  });
});

describe('queries per page stay constant as data grows', () => {
  it('home, directory and organisation page', async () => {
    const org = await createOrganisation(db());
    const first = await createUser(db());
    await addMember(db(), org.id, first.id, 'owner', 'Lead');
    const reader = await createUser(db());
    const c = await signInByForm(reader);
    const pages = ['/', '/organisations', `/organisations/${org.slug}`];
    const measure = async () => {
      const counts: number[] = [];
      for (const p of pages) counts.push(await env.countQueries(async () => expect((await c.get(p)).status).toBe(200)));
      return counts;
    };
    const small = await measure();
    for (let i = 0; i < 25; i++) await createOrganisation(db());
    for (let i = 0; i < 12; i++) await addMember(db(), org.id, (await createUser(db())).id, 'member', `Officer ${i}`);
    const large = await measure();
    expect(large).toEqual(small);
    expect(Math.min(...small)).toBeGreaterThanOrEqual(2); // the session, then the page's own
    expect(Math.max(...small)).toBeLessThanOrEqual(6);
  });
});
