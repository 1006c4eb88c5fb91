import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client, HX, sessionClient } from '../support/app.js';
import { explain } from '../support/explain.js';
import { createChallenge, createChallengeFollow, createComment, createIdea, createIdeaFollow, createOrganisation, createUser, createVote } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db } = useTestEnv();

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const tag = () => randomUUID().slice(0, 8);

/**
 * A person with something in every list: published, draft and withdrawn ideas, a comment and a
 * deleted one, an idea and a challenge they follow, an idea they support. Every title is unique
 * to this person, so a page shows it only through their lists.
 */
async function busyPerson() {
  const k = tag();
  const council = await createOrganisation(db(), { kind: 'council' });
  const challenge = await createChallenge(db(), council.id, { title: `Challenge ${k}` });
  const other = await createUser(db());
  const me = await createUser(db(), { displayName: `Robin ${k}`, bio: `I grow vegetables.\nAnd fix bikes.\n\n<script>alert(1)</script> on Sundays.` });
  const published = await createIdea(db(), challenge.id, me.id, { title: `Published ${k}` });
  await createIdea(db(), challenge.id, me.id, { title: `Draft ${k}`, status: 'draft', publishedAt: null });
  await createIdea(db(), challenge.id, me.id, { title: `Withdrawn ${k}`, status: 'withdrawn' });
  const followedIdea = await createIdea(db(), challenge.id, other.id, { title: `Followed idea ${k}` });
  const followedChallenge = await createChallenge(db(), council.id, { title: `Followed challenge ${k}`, titleFr: `Défi suivi ${k}` });
  const supported = await createIdea(db(), challenge.id, other.id, { title: `Supported idea ${k}` });
  await createComment(db(), published.id, me.id, { body: `Comment text ${k}` });
  await createComment(db(), published.id, me.id, { body: `Deleted comment ${k}`, deletedAt: new Date() });
  await createIdeaFollow(db(), me.id, followedIdea.id);
  await createChallengeFollow(db(), me.id, followedChallenge.id);
  await createVote(db(), supported, me.id);
  return { k, me, council, challenge, published, followedIdea, followedChallenge, supported };
}

const PRIVATE_SECTIONS = ['following-ideas', 'following-challenges', 'supports'] as const;

describe('a person’s page', () => {
  it('unknown or malformed id → 404; unknown section → 400; damaged cursor → 400', async () => {
    const anon = new Client(env.app);
    expect((await anon.get('/people/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await anon.get('/people/not-a-uuid')).status).toBe(404);
    expect((await anon.get("/people/1'%20or%201=1")).status).toBe(404);
    const { me } = await busyPerson();
    expect((await anon.get(`/people/${me.id}?section=secrets`)).status).toBe(400);
    for (const section of ['ideas', 'comments']) expect((await anon.get(`/people/${me.id}?section=${section}&after=garbage`)).status).toBe(400);
    const own = await sessionClient(env, me.id);
    for (const section of PRIVATE_SECTIONS) expect((await own.get(`/people/${me.id}?section=${section}&after=garbage`)).status).toBe(400);
  });

  it('shows everyone the name, bio (plain text paragraphs), member since, published ideas and comments', async () => {
    const { k, me, published, challenge } = await busyPerson();
    const res = await new Client(env.app).get(`/people/${me.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>Robin ${k}</h1>`);
    expect(html).toContain('<p>I grow vegetables.\nAnd fix bikes.</p>');
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt; on Sundays.</p>');
    expect(html).not.toContain('<script>alert');
    expect(html).toMatch(/Member since \d{1,2} \w+ \d{4}/);
    expect(html).toContain(`<a href="/ideas/${published.id}" class="person-item-title">Published ${k}</a>`);
    expect(html).toContain(`href="/challenges/${challenge.id}"`);
    expect(html).toContain(`Comment text ${k}`);
    expect(html).toContain(`href="/ideas/${published.id}#comment-`);
    for (const hidden of [`Draft ${k}`, `Withdrawn ${k}`, `Deleted comment ${k}`]) expect(html).not.toContain(hidden);
  });

  it('never shows what someone follows or supports to anybody else: anonymous, another citizen, an admin; HTML and htmx', async () => {
    const { k, me } = await busyPerson();
    const viewers = [new Client(env.app), await sessionClient(env, (await createUser(db())).id), await sessionClient(env, (await createUser(db(), { isAdmin: true })).id)];
    for (const viewer of viewers)
      for (const headers of [{}, HX]) {
        const html = await (await viewer.get(`/people/${me.id}`, headers)).text();
        expect(html).toContain(`Published ${k}`);
        for (const secret of [`Followed idea ${k}`, `Followed challenge ${k}`, `Supported idea ${k}`, 'What you follow', 'Ideas you support', 'person-private']) expect(html).not.toContain(secret);
      }
  });

  it('the person themselves also sees what they follow and support, privately marked', async () => {
    const { k, me, followedIdea, followedChallenge, supported } = await busyPerson();
    const own = await sessionClient(env, me.id);
    const html = await (await own.get(`/people/${me.id}`)).text();
    expect(html).toContain('This is your page.');
    expect(html).toContain('<h2 id="person-follows">What you follow</h2>');
    expect(html).toContain(`<a href="/ideas/${followedIdea.id}" class="person-item-title">Followed idea ${k}</a>`);
    expect(html).toContain(`<a href="/challenges/${followedChallenge.id}" class="person-item-title">Followed challenge ${k}</a>`);
    expect(html).toContain(`<a href="/ideas/${supported.id}" class="person-item-title">Supported idea ${k}</a>`);
    expect(html).toContain('Only you can see this.');
    // The account menu leads here.
    expect(html).toContain(`<a href="/people/${me.id}">Your activity</a>`);
  });

  it('private sections: the person sees them; anyone else gets a 404 (anonymous: sign in first), HTML and htmx', async () => {
    const { k, me } = await busyPerson();
    const own = await sessionClient(env, me.id);
    const expected = { 'following-ideas': `Followed idea ${k}`, 'following-challenges': `Followed challenge ${k}`, supports: `Supported idea ${k}` };
    for (const section of PRIVATE_SECTIONS) {
      const res = await own.get(`/people/${me.id}?section=${section}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(expected[section]);
    }
    const others = [await sessionClient(env, (await createUser(db())).id), await sessionClient(env, (await createUser(db(), { isAdmin: true })).id)];
    for (const other of others)
      for (const section of PRIVATE_SECTIONS)
        for (const headers of [{}, HX]) {
          const res = await other.get(`/people/${me.id}?section=${section}`, headers);
          expect(res.status).toBe(404);
          expect(await res.text()).not.toContain(expected[section]);
        }
    for (const section of PRIVATE_SECTIONS) {
      const res = await new Client(env.app).get(`/people/${me.id}?section=${section}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(`/people/${me.id}?section=${section}`)}`);
    }
  });

  it('French: the challenge’s French title where there is one, and French texts', async () => {
    const { k, me } = await busyPerson();
    await db().execute(sql`update users set locale = 'fr' where id = ${me.id}`);
    const html = await (await (await sessionClient(env, me.id)).get(`/people/${me.id}`)).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(`Défi suivi ${k}`);
    expect(html).toContain('Ce que vous suivez');
    expect(html).toContain('Membre depuis le');
  });

  it('empty states, for the person and for others', async () => {
    const me = await createUser(db(), { displayName: 'Quiet Person' });
    const own = await (await (await sessionClient(env, me.id)).get(`/people/${me.id}`)).text();
    expect(own).toContain('You don’t follow anything yet — use Follow on an idea or challenge.');
    expect(own).toContain('You have not published any ideas yet.');
    expect(own).toContain('You have not commented yet.');
    expect(own).toContain('You don’t support any ideas yet.');
    const theirs = await (await new Client(env.app).get(`/people/${me.id}`)).text();
    expect(theirs).toContain('Quiet Person has not published any ideas yet.');
    expect(theirs).toContain('Quiet Person has not commented yet.');
    const section = await (await (await sessionClient(env, me.id)).get(`/people/${me.id}?section=following-challenges`)).text();
    expect(section).toContain('You don’t follow any challenges yet — use Follow on a challenge.');
  });
});

describe('pagination and query counts', () => {
  /** A person with `n` of everything, several sharing one timestamp (the cursor's tie-break is the id). */
  async function prolific(n: number) {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const other = await createUser(db());
    const me = await createUser(db());
    const same = new Date(Date.now() - 60_000);
    const ideaIds: string[] = [];
    const followed: string[] = [];
    const challengesFollowed: string[] = [];
    for (let i = 0; i < n; i++) {
      const at = i % 3 === 0 ? same : new Date(Date.now() - i * 1000);
      ideaIds.push((await createIdea(db(), challenge.id, me.id, { title: `Mine ${i}`, createdAt: at })).id);
      const theirs = await createIdea(db(), challenge.id, other.id, { title: `Theirs ${i}` });
      followed.push(theirs.id);
      await createIdeaFollow(db(), me.id, theirs.id, { createdAt: at });
      await createVote(db(), theirs, me.id, { createdAt: at });
      await createComment(db(), theirs.id, me.id, { body: `Remark ${i}`, createdAt: at });
      const ch = await createChallenge(db(), council.id);
      challengesFollowed.push(ch.id);
      await createChallengeFollow(db(), me.id, ch.id, { createdAt: at });
    }
    return { me, ideaIds, followed, challengesFollowed };
  }

  const linksIn = (html: string, prefix: string) => [...html.matchAll(new RegExp(`<a href="${prefix}(${UUID.source})" class="person-item-title">`, 'g'))].map((m) => m[1]!);
  const nextOf = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;

  it('10 per list on the page with a link to the section; sections page through every item exactly once', async () => {
    const { me, ideaIds, followed, challengesFollowed } = await prolific(25);
    const own = await sessionClient(env, me.id);
    const page = await (await own.get(`/people/${me.id}`)).text();
    for (const [section, label] of [
      ['ideas', 'See all ideas by'],
      ['comments', 'See all comments by'],
      ['following-ideas', 'See all ideas you follow'],
      ['following-challenges', 'See all challenges you follow'],
      ['supports', 'See all ideas you support'],
    ])
      expect(page).toMatch(new RegExp(`<a href="/people/${me.id}\\?section=${section}">${label}`));
    // 10 of my ideas; 10 followed + 10 supported (the same ideas: 20 links to /ideas/ other than mine), 10 challenges.
    expect(linksIn(page, '/ideas/').filter((id) => ideaIds.includes(id)).length).toBe(10);
    expect(linksIn(page, '/challenges/').length).toBe(10);

    for (const [section, prefix, all] of [
      ['ideas', '/ideas/', ideaIds],
      ['following-ideas', '/ideas/', followed],
      ['supports', '/ideas/', followed],
      ['following-challenges', '/challenges/', challengesFollowed],
    ] as const) {
      const seen: string[] = [];
      let url: string | null = `/people/${me.id}?section=${section}`;
      let pages = 0;
      while (url && pages++ < 5) {
        const res = await own.get(url);
        expect(res.status).toBe(200);
        const html = await res.text();
        seen.push(...linksIn(html, prefix));
        url = nextOf(html);
        if (pages > 1) expect(html).toContain(`href="/people/${me.id}?section=${section}">First page</a>`);
      }
      expect(pages, section).toBe(2); // 20 + 5
      expect(new Set(seen).size, section).toBe(seen.length);
      expect([...seen].sort(), section).toEqual([...all].sort());
    }
    // Comments page the same way (their links carry the comment's anchor).
    let html = await (await own.get(`/people/${me.id}?section=comments`)).text();
    let remarks = (html.match(/Remark \d+/g) ?? []).length;
    html = await (await own.get(nextOf(html)!)).text();
    remarks += (html.match(/Remark \d+/g) ?? []).length;
    expect(remarks).toBe(25);
  });

  it('no item skipped when many share one millisecond (cursors keep microseconds)', async () => {
    const { me, ideaIds, followed } = await prolific(25);
    // 25 timestamps a microsecond apart, all within one millisecond: a cursor rounded to the
    // millisecond would skip the rest of that millisecond after the first page.
    await db().execute(sql`update ideas set created_at = '2026-01-01T00:00:00.0001Z'::timestamptz + (interval '1 microsecond' * (ascii(right(id::text, 1)) % 97 + length(title))) where author_id = ${me.id}`);
    await db().execute(sql`update follows set created_at = '2026-01-01T00:00:00.0001Z'::timestamptz + (interval '1 microsecond' * (ascii(right(subject_id::text, 1)) % 97)) where user_id = ${me.id}`);
    const own = await sessionClient(env, me.id);
    for (const [section, all] of [
      ['ideas', ideaIds],
      ['following-ideas', followed],
    ] as const) {
      const first = await (await own.get(`/people/${me.id}?section=${section}`)).text();
      const second = await (await own.get(nextOf(first)!)).text();
      const seen = [...linksIn(first, '/ideas/'), ...linksIn(second, '/ideas/')];
      expect([...seen].sort(), section).toEqual([...all].sort());
    }
  });

  it('a constant number of queries whatever the lengths, for the person and for others', async () => {
    const small = await prolific(1);
    const large = await prolific(15);
    const viewer = await sessionClient(env, (await createUser(db())).id);
    const ownSmall = await sessionClient(env, small.me.id);
    const ownLarge = await sessionClient(env, large.me.id);
    await viewer.get('/privacy');
    await ownSmall.get('/privacy');
    await ownLarge.get('/privacy');
    const count = (client: Client, url: string) => env.countQueries(() => client.get(url));

    const otherSmall = await count(viewer, `/people/${small.me.id}`);
    expect(await count(viewer, `/people/${large.me.id}`)).toBe(otherSmall);
    const anonymous = new Client(env.app);
    expect(await count(anonymous, `/people/${large.me.id}`)).toBe(await count(anonymous, `/people/${small.me.id}`));
    const mineSmall = await count(ownSmall, `/people/${small.me.id}`);
    expect(await count(ownLarge, `/people/${large.me.id}`)).toBe(mineSmall);
    // Four more lists for the person themselves (their follows, supports, and supports set aside), and nothing private loaded for anyone else.
    expect(mineSmall).toBe(otherSmall + 4);
    for (const section of ['ideas', 'comments', 'following-ideas', 'following-challenges', 'supports'])
      expect(await count(ownLarge, `/people/${large.me.id}?section=${section}`), section).toBe(await count(ownSmall, `/people/${small.me.id}?section=${section}`));
  });
});

describe('indexes', () => {
  it('each list walks its index, first and next pages', async () => {
    const me = await createUser(db());
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    for (let i = 0; i < 25; i++) {
      const idea = await createIdea(db(), challenge.id, me.id);
      await createIdeaFollow(db(), me.id, idea.id);
      await createChallengeFollow(db(), me.id, (await createChallenge(db(), council.id)).id);
    }
    const own = await sessionClient(env, me.id);
    const expected = { ideas: /ideas_author_idx/, 'following-ideas': /follows_user_created_idx/, 'following-challenges': /follows_user_created_idx/ };
    for (const [section, index] of Object.entries(expected)) {
      const first = await own.get(`/people/${me.id}?section=${section}`);
      const next = /<a href="([^"]+)" rel="next">/.exec(await first.text())![1]!.replace(/&amp;/g, '&');
      const queries = await env.captureQueries(() => own.get(next));
      const list = queries.filter((q) => /order by/i.test(q.sql) && /limit/i.test(q.sql) && (/from "ideas"/i.test(q.sql) || /from "follows"/i.test(q.sql)));
      expect(list.length, section).toBe(1);
      // Tiny tables: make the planner show whether an index can serve the query at all.
      const text = await explain(db(), list[0]!, ['seqscan', 'bitmapscan']);
      expect(text, section).toMatch(index);
      // The follows indexes hold the whole order; ideas_author_idx has no id, so ties are sorted incrementally.
      if (section !== 'ideas') expect(text, section).not.toMatch(/Sort\s+\(/);
      else expect(text).not.toMatch(/^\s*(->\s+)?Sort\s+\(/m);
    }
  });
});
