import { describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { follows } from '../../src/db/schema/index.js';
import { followButton } from '../../src/features/follows/section.js';
import { translator } from '../../src/i18n/index.js';
import type { AppEnv } from '../../src/http/context.js';
import { Client, HX } from '../support/app.js';
import { createChallenge, createChallengeFollow, createIdea, createIdeaFollow } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf, challengeWithIdea } = useTestEnv();

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const ideaFollowRows = async (ideaId: string, userId?: string) =>
  (await db().select({ n: count() }).from(follows).where(and(eq(follows.subjectId, ideaId), userId ? eq(follows.userId, userId) : undefined)))[0]!.n;
const challengeFollowRows = async (challengeId: string, userId?: string) =>
  (await db().select({ n: count() }).from(follows).where(and(eq(follows.subjectId, challengeId), userId ? eq(follows.userId, userId) : undefined)))[0]!.n;


/** The follow control of a page (its whole <div>, up to the live region's end). */
const controlOf = (html: string, domId: string) => {
  const start = html.indexOf(`<div id="${domId}"`);
  if (start === -1) return null;
  const end = html.indexOf('</div>', start);
  return html.slice(start, end + 6);
};

describe('the control on the idea and challenge pages', () => {
  it('anonymous: a sign-in link that comes back to the page; no form', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const anon = new Client(env.app);
    const ideaControl = controlOf(await (await anon.get(`/ideas/${idea.id}`)).text(), `follow-idea-${idea.id}`)!;
    expect(ideaControl).toContain(`href="/sign-in?next=${encodeURIComponent(`/ideas/${idea.id}`)}"`);
    expect(ideaControl).toContain('Sign in to follow this idea');
    expect(ideaControl).not.toContain('<form');
    const page = await (await anon.get(`/challenges/${challenge.id}?sort=newest`)).text();
    const chControl = controlOf(page, `follow-challenge-${challenge.id}`)!;
    expect(chControl).toContain(`href="/sign-in?next=${encodeURIComponent(`/challenges/${challenge.id}?sort=newest`)}"`);
    expect(chControl).toContain('Sign in to follow this challenge');
  });

  it('signed in: "Follow this idea", then "You follow this idea." with "Stop following"; French too', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const { client } = await person();
    let control = controlOf(await (await client.get(`/ideas/${idea.id}`)).text(), `follow-idea-${idea.id}`)!;
    expect(control).toContain(`action="/ideas/${idea.id}/follow"`);
    expect(control).toContain(`data-hx-post="/ideas/${idea.id}/follow"`);
    expect(control).toContain(`data-hx-target="#follow-idea-${idea.id}"`);
    expect(control).toContain('name="_csrf"');
    expect(control).toContain(`name="returnTo" value="/ideas/${idea.id}"`);
    expect(control).toContain('>Follow this idea</button>');
    expect(control).toMatch(/role="status"[^>]*><\/p>/); // the live region is there, empty
    expect((await client.post(`/ideas/${idea.id}/follow`, { returnTo: `/ideas/${idea.id}` })).status).toBe(303);
    control = controlOf(await (await client.get(`/ideas/${idea.id}`)).text(), `follow-idea-${idea.id}`)!;
    expect(control).toContain(`action="/ideas/${idea.id}/unfollow"`);
    expect(control).toContain('You follow this idea.');
    expect(control).toContain(`aria-describedby="follow-idea-${idea.id}-state">Stop following</button>`);
    const { client: lea } = await person({ locale: 'fr' });
    const fr = controlOf(await (await lea.get(`/challenges/${challenge.id}`)).text(), `follow-challenge-${challenge.id}`)!;
    expect(fr).toContain('>Suivre ce défi</button>');
    expect(controlOf(await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/ideas/${idea.id}`)).text(), `follow-idea-${idea.id}`)).toContain('Connectez-vous pour suivre cette idée');
  });

  it('no control on a draft idea (even for its author) nor on a draft challenge (even for its staff)', async () => {
    const { challenge, author, council } = await challengeWithIdea();
    const draft = await createIdea(db(), challenge.id, author.user.id, { status: 'draft', publishedAt: null });
    const page = await author.client.get(`/ideas/${draft.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('follow-idea-');
    const draftChallenge = await createChallenge(db(), council.id, { status: 'draft' });
    const staff = await staffOf(council);
    const preview = await staff.client.get(`/challenges/${draftChallenge.id}`);
    expect(preview.status).toBe(200);
    expect(await preview.text()).not.toContain('follow-challenge-');
  });

  it('followButton: two index lookups signed in (the subject through its kind, the follow), none anonymous', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const { user } = await person();
    const mini = (signedIn: boolean) => {
      const app = new Hono<AppEnv>();
      app.use(async (c, next) => {
        c.set('deps', env.deps);
        c.set('locale', 'en');
        c.set('t', translator('en'));
        c.set('user', signedIn ? { id: user.id, email: user.email, displayName: user.displayName, locale: 'en', isAdmin: false, emailVerified: true, unread: 0, judge: false, secondFactor: false, secondFactorRequired: false } : null);
        c.set('session', null);
        c.set('csrfToken', 'token');
        c.set('flash', null);
        c.set('requestId', 'test');
        await next();
      });
      app.get('/:kind/:id', async (c) => c.html(String(await followButton(c, { kind: c.req.param('kind') === 'ideas' ? 'idea' : 'challenge', id: c.req.param('id') }))));
      return app;
    };
    for (const path of [`/ideas/${idea.id}`, `/challenges/${challenge.id}`]) {
      let html = '';
      expect(await env.countQueries(async () => (html = await (await mini(true).request(path)).text()))).toBe(2);
      expect(html).toContain('<form');
      expect(await env.countQueries(async () => (html = await (await mini(false).request(path)).text()))).toBe(0);
      expect(html).toContain('/sign-in?next=');
    }
  });
});

describe('following and unfollowing (route × role)', () => {
  it('anonymous: sent to sign in, nothing stored', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const anon = new Client(env.app);
    for (const url of [`/ideas/${idea.id}/follow`, `/ideas/${idea.id}/unfollow`, `/challenges/${challenge.id}/follow`, `/challenges/${challenge.id}/unfollow`]) {
      for (const headers of [{}, HX]) {
        const res = await anon.post(url, {}, headers);
        expect(res.status).toBe(303);
        expect(res.headers.get('Location')).toMatch(/^\/sign-in\?next=/);
      }
    }
    expect(await ideaFollowRows(idea.id)).toBe(0);
    expect(await challengeFollowRows(challenge.id)).toBe(0);
  });

  it('a citizen follows and unfollows an idea: 303 back to the page at the control, with a flash', async () => {
    const { idea } = await challengeWithIdea();
    const { user, client } = await person();
    const res = await client.post(`/ideas/${idea.id}/follow`, { returnTo: `/ideas/${idea.id}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/ideas/${idea.id}#follow-idea-${idea.id}`);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(1);
    const page = await (await client.get(`/ideas/${idea.id}`)).text();
    expect(page).toMatch(/class="flash flash-success" role="status">You follow this idea\.</);

    const off = await client.post(`/ideas/${idea.id}/unfollow`, { returnTo: `/ideas/${idea.id}` });
    expect(off.status).toBe(303);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(0);
    expect(await (await client.get(`/ideas/${idea.id}`)).text()).toContain('You no longer follow this idea.');
  });

  it('a citizen follows and unfollows a challenge, coming back to the list state they were on', async () => {
    const { challenge } = await challengeWithIdea();
    const { user, client } = await person();
    const back = `/challenges/${challenge.id}?sort=newest&status=submitted`;
    const res = await client.post(`/challenges/${challenge.id}/follow`, { returnTo: back });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`${back}#follow-challenge-${challenge.id}`);
    expect(await challengeFollowRows(challenge.id, user.id)).toBe(1);
    expect((await client.post(`/challenges/${challenge.id}/unfollow`, { returnTo: back })).status).toBe(303);
    expect(await challengeFollowRows(challenge.id, user.id)).toBe(0);
  });

  it('an unverified account may follow (it only stores a private preference)', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const { user, client } = await person({ verified: false });
    expect((await client.post(`/ideas/${idea.id}/follow`)).status).toBe(303);
    expect((await client.post(`/challenges/${challenge.id}/follow`)).status).toBe(303);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(1);
    expect(await challengeFollowRows(challenge.id, user.id)).toBe(1);
  });

  it('another person’s unfollow never touches my follow; staff and admins follow like anyone', async () => {
    const { idea, council, challenge } = await challengeWithIdea();
    const { user: me, client: mine } = await person();
    const { client: other } = await person();
    await mine.post(`/ideas/${idea.id}/follow`);
    expect((await other.post(`/ideas/${idea.id}/unfollow`)).status).toBe(303);
    expect(await ideaFollowRows(idea.id, me.id)).toBe(1);
    const staff = await staffOf(council);
    const admin = await person({ isAdmin: true });
    for (const { client } of [staff, admin]) expect((await client.post(`/challenges/${challenge.id}/follow`)).status).toBe(303);
    expect(await challengeFollowRows(challenge.id)).toBe(2);
  });

  it('htmx: the control itself (same id), in its new state, with an announcement; no page', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const { client } = await person();
    const res = await client.post(`/ideas/${idea.id}/follow`, { returnTo: `/ideas/${idea.id}` }, HX);
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html.startsWith(`<div id="follow-idea-${idea.id}" class="follow">`)).toBe(true);
    expect(html).toContain(`action="/ideas/${idea.id}/unfollow"`);
    expect(html).toContain(`name="returnTo" value="/ideas/${idea.id}"`);
    expect(html).toMatch(/role="status" id="follow-idea-[0-9a-f-]+-live">You follow this idea\.<\/p>/);
    expect(client.cookies.has('cw_flash')).toBe(false); // no flash left for the next page

    const off = await (await client.post(`/challenges/${challenge.id}/unfollow`, {}, HX)).text();
    expect(off).toContain(`action="/challenges/${challenge.id}/follow"`);
    expect(off).toMatch(/-live">You no longer follow this challenge\.<\/p>/);
    expect(off).toContain(`name="returnTo" value="/challenges/${challenge.id}"`);
  });

  it('refuses a request without the CSRF token or from another origin, storing nothing', async () => {
    const { idea } = await challengeWithIdea();
    const { user, client } = await person();
    expect((await client.post(`/ideas/${idea.id}/follow`, { _csrf: 'forged' })).status).toBe(403);
    expect((await client.post(`/ideas/${idea.id}/follow`, {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(0);
  });
});

describe('targets', () => {
  it('unknown, malformed and draft targets are 404s for everyone, HTML and htmx, and nothing is stored', async () => {
    const { challenge, author, council } = await challengeWithIdea();
    const draftIdea = await createIdea(db(), challenge.id, author.user.id, { status: 'draft', publishedAt: null });
    const draftChallenge = await createChallenge(db(), council.id, { status: 'draft' });
    // An idea row in a draft challenge (cannot be made through the app, but must stay hidden).
    const hiddenIdea = await createIdea(db(), draftChallenge.id, author.user.id);
    const staff = await staffOf(council);
    const clients = [author.client, staff.client, (await person()).client];
    const urls = [
      `/ideas/${draftIdea.id}/follow`,
      `/ideas/${draftIdea.id}/unfollow`,
      `/ideas/${hiddenIdea.id}/follow`,
      `/ideas/${UNKNOWN}/follow`,
      '/ideas/not-a-uuid/follow',
      `/ideas/${challenge.id}/follow`, // a challenge's id is not an idea
      `/challenges/${draftChallenge.id}/follow`,
      `/challenges/${draftChallenge.id}/unfollow`,
      `/challenges/${UNKNOWN}/follow`,
      '/challenges/not-a-uuid/unfollow',
      `/challenges/${draftIdea.id}/follow`,
    ];
    for (const client of clients)
      for (const url of urls)
        for (const headers of [{}, HX]) {
          const res = await client.post(url, {}, headers);
          expect(res.status, `${url} ${JSON.stringify(headers)}`).toBe(404);
        }
    expect(await ideaFollowRows(draftIdea.id)).toBe(0);
    expect(await ideaFollowRows(hiddenIdea.id)).toBe(0);
    expect(await challengeFollowRows(draftChallenge.id)).toBe(0);
  });

  it('a withdrawn idea: following refused with the reason (403), stopping still allowed; no follow control offered', async () => {
    const { challenge, author } = await challengeWithIdea();
    const withdrawn = await createIdea(db(), challenge.id, author.user.id, { status: 'withdrawn', withdrawnAt: new Date() });
    const { user, client } = await person();
    const res = await client.post(`/ideas/${withdrawn.id}/follow`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This idea has been withdrawn, so there is nothing more to follow.');
    const hx = await client.post(`/ideas/${withdrawn.id}/follow`, {}, HX);
    expect(hx.status).toBe(403);
    const fragment = await hx.text();
    expect(fragment.startsWith(`<div id="follow-idea-${withdrawn.id}"`)).toBe(true);
    expect(fragment).toContain('role="alert">This idea has been withdrawn');
    expect(fragment).not.toContain('<form');
    expect(await ideaFollowRows(withdrawn.id)).toBe(0);
    expect(controlOf(await (await client.get(`/ideas/${withdrawn.id}`)).text(), `follow-idea-${withdrawn.id}`)).not.toContain('<form');

    // Someone who followed before it was withdrawn still sees "Stop following", and can.
    await createIdeaFollow(db(), user.id, withdrawn.id);
    expect(controlOf(await (await client.get(`/ideas/${withdrawn.id}`)).text(), `follow-idea-${withdrawn.id}`)).toContain('Stop following');
    const off = await client.post(`/ideas/${withdrawn.id}/unfollow`, {}, HX);
    expect(off.status).toBe(200);
    const html = await off.text();
    expect(html).toContain('You no longer follow this idea.');
    expect(html).not.toContain('<form'); // nothing more to offer
    expect(await ideaFollowRows(withdrawn.id)).toBe(0);
  });

  it('an archived challenge (and its ideas): following refused, stopping allowed', async () => {
    const { challenge: archived, idea } = await challengeWithIdea({ status: 'archived', archivedAt: new Date() });
    const { user, client } = await person();
    for (const url of [`/challenges/${archived.id}/follow`, `/ideas/${idea.id}/follow`]) {
      const res = await client.post(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('This challenge is archived, so there is nothing more to follow.');
    }
    expect(await challengeFollowRows(archived.id)).toBe(0);
    expect(await ideaFollowRows(idea.id)).toBe(0);
    await createChallengeFollow(db(), user.id, archived.id);
    expect((await client.post(`/challenges/${archived.id}/unfollow`)).status).toBe(303);
    expect(await challengeFollowRows(archived.id)).toBe(0);
  });
});

describe('returnTo', () => {
  it('only same-site paths; anything else falls back to the target’s page', async () => {
    const { idea } = await challengeWithIdea();
    const { client } = await person();
    for (const forged of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', 'ideas']) {
      const res = await client.post(`/ideas/${idea.id}/follow`, { returnTo: forged });
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe(`/ideas/${idea.id}#follow-idea-${idea.id}`);
    }
    // Non-ASCII characters are percent-encoded (a raw one cannot go in a Location header).
    const accented = await client.post(`/ideas/${idea.id}/follow`, { returnTo: `/ideas/${idea.id}?q=café vert 5€` });
    expect(accented.status).toBe(303);
    expect(accented.headers.get('Location')).toBe(`/ideas/${idea.id}?q=caf%C3%A9%20vert%205%E2%82%AC#follow-idea-${idea.id}`);
    // A fragment in returnTo is replaced by the control's own anchor.
    const res = await client.post(`/ideas/${idea.id}/unfollow`, { returnTo: `/ideas/${idea.id}#comments` });
    expect(res.headers.get('Location')).toBe(`/ideas/${idea.id}#follow-idea-${idea.id}`);
  });
});

describe('idempotency', () => {
  it('a repeated follow or unfollow succeeds and changes nothing more', async () => {
    const { idea } = await challengeWithIdea();
    const { user, client } = await person();
    for (let i = 0; i < 3; i++) expect((await client.post(`/ideas/${idea.id}/follow`)).status).toBe(303);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(1);
    for (let i = 0; i < 3; i++) expect((await client.post(`/ideas/${idea.id}/unfollow`)).status).toBe(303);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(0);
  });

  it('50 concurrent follows by one person store one row (idea and challenge)', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const { user, client } = await person();
    const responses = await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => client.post(`/ideas/${idea.id}/follow`, {}, i % 2 ? HX : {})),
      ...Array.from({ length: 50 }, () => client.post(`/challenges/${challenge.id}/follow`)),
    ]);
    for (const r of responses) expect([200, 303]).toContain(r.status);
    expect(await ideaFollowRows(idea.id, user.id)).toBe(1);
    expect(await challengeFollowRows(challenge.id, user.id)).toBe(1);
  });
});
