/**
 * The anonymous page cache (issue 11, point 1; docs/decisions/0051): never stale after an
 * acknowledged write, never one visitor's token or flash served to another, bypassed when signed
 * in; ETag and 304, Vary and Cache-Control; one query for a hit.
 *
 * "Never stale" is checked the strongest way there is: after each write path, every cached page
 * (both languages, pages and fragments) must be byte for byte what an app without a cache renders
 * on the same database at the same moment — and the write must have changed at least one of them.
 */
import { gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { challenges, comments, ideas, moderationItems, topics } from '../../src/db/schema/index.js';
import { recordMilestones } from '../../src/features/challenges/milestones.js';
import { recountTrending } from '../../src/features/votes/trending.js';
import { Client, createTestEnvOn, HX, type TestEnv } from '../support/app.js';
import { createChallenge, createComment, createIdea, createIdeaTopics, DAY, renewPages } from '../support/factories.js';
import { formValues, unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { env, db, world } = useTestEnv();

/** The same database, no cache: what a page reads fresh. */
let fresh: TestEnv;
beforeAll(() => {
  fresh = createTestEnvOn(env, { env: { PAGE_CACHE_MB: '0' } });
});
afterAll(() => fresh.close());

const key = () => randomBytes(18).toString('base64url');
const SEED = 'k3y5eed';

/** A visitor: no session, a seed for the random order, a language. */
const visitor = (app: TestEnv['app'], locale: 'en' | 'fr') => {
  const c = new Client(app);
  c.cookies.set('cw_seed', SEED);
  c.cookies.set('cw_locale', locale);
  return c;
};

async function scene() {
  const w = await world({ extra: ['author', 'commenter'] });
  const now = env.clock.now().getTime();
  const challenge = await createChallenge(db(), w.council.id, {
    title: 'Cooler streets',
    submissionsOpenAt: new Date(now - 5 * DAY),
    // Submissions close and voting opens later, together: the milestone write path below.
    submissionsCloseAt: new Date(now + 10 * 60_000),
    votingOpenAt: new Date(now + 10 * 60_000),
    votingCloseAt: new Date(now + 20 * DAY),
    voteBudget: 5,
  });
  const idea = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Shade sails over the market' });
  const other = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Drinking fountains' });
  await createComment(db(), idea.id, w.users.commenter.id, { body: 'Yes please' });
  const ch = `/challenges/${challenge.id}`;
  const pages: [string, Record<string, string>?][] = [
    ['/'],
    ['/challenges'],
    ['/challenges?sort=ideas'],
    [ch],
    [`${ch}?sort=newest`],
    [`${ch}?sort=supported`],
    [`${ch}?sort=trending`],
    [`${ch}/ideas?sort=newest`, HX],
    [`${ch}/ideas?sort=random`, HX],
    [`/ideas/${idea.id}`],
    [`/ideas/${other.id}`],
    [`/ideas/${idea.id}/comments?sort=newest`, HX],
    ['/organisations'],
    [`/organisations/${w.council.slug}`],
    [`/people/${w.users.author.id}`],
    [`/people/${w.users.commenter.id}`],
  ];
  return { ...w, challenge, idea, other, pages };
}
type Scene = Awaited<ReturnType<typeof scene>>;

/** Every page through the cached app (twice: the second read must come from the cache) and fresh; they must agree. */
async function compareAll(s: Scene): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for (const locale of ['en', 'fr'] as const) {
    for (const [path, headers = {}] of s.pages) {
      const cached = await visitor(env.app, locale).get(path, headers);
      const again = await visitor(env.app, locale).get(path, headers);
      const truth = await visitor(fresh.app, locale).get(path, headers);
      const label = `${locale} ${path}${headers['HX-Request'] ? ' (htmx)' : ''}`;
      expect(cached.status, label).toBe(200);
      expect(again.headers.get('X-Page-Cache'), label).toBe('hit');
      const body = await again.text();
      expect(await cached.text(), label).toBe(body);
      expect(body, `${label}: the cached page is the page as it is now`).toBe(await truth.text());
      seen.set(label, body);
    }
  }
  return seen;
}

/** A write path; one that must set the scene first returns the pages as they stood just before it. */
type Write = { name: string; run: (s: Scene) => Promise<Map<string, string> | void> };

const ok = async (res: Response, status = 303) => {
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(status);
};

/** Every write path that changes a page a visitor sees, as the person who may make it, through the routes. */
const WRITES: Write[] = [
  { name: 'a comment', run: async (s) => ok(await (await s.as('commenter')).post(`/ideas/${s.idea.id}/comments`, { submissionKey: key(), body: 'Shade matters in July.' })) },
  {
    name: 'a comment edited',
    run: async (s) => {
      const [row] = await db().select({ id: comments.id }).from(comments).where(eq(comments.body, 'Shade matters in July.'));
      await ok(await (await s.as('commenter')).post(`/comments/${row!.id}/edit`, { body: 'Shade matters in July and August.' }));
    },
  },
  {
    name: 'a comment deleted',
    run: async (s) => {
      const [row] = await db().select({ id: comments.id }).from(comments).where(eq(comments.body, 'Shade matters in July and August.'));
      await ok(await (await s.as('commenter')).post(`/comments/${row!.id}/delete`));
    },
  },
  {
    name: 'an idea submitted',
    run: async (s) =>
      ok(await (await s.as('author')).post(`/challenges/${s.challenge.id}/ideas/new`, { title: 'Trees on Mill Lane', summary: 'Plant twenty.', description: '', submissionKey: key(), intent: 'publish' })),
  },
  {
    name: 'an idea edited',
    run: async (s) => {
      const author = await s.as('author');
      const form = formValues(await (await author.get(`/ideas/${s.other.id}/edit`)).text(), `/ideas/${s.other.id}/edit`);
      await ok(await author.post(`/ideas/${s.other.id}/edit`, { ...form, title: 'Drinking fountains in every park', intent: 'save' }));
    },
  },
  {
    name: 'the challenge edited',
    run: async (s) => {
      const owner = await s.as('owner');
      const path = `/challenges/${s.challenge.id}/edit`;
      const form = formValues(await (await owner.get(path)).text(), path);
      await ok(await owner.post(path, { ...form, title: 'Cooler, shadier streets' }));
    },
  },
  {
    name: 'voting opens (the milestone job)',
    run: async (s) => {
      // Just before, every page cached again; just after (well inside a cached page's minute), the job runs.
      const [row] = await db().select({ opens: challenges.votingOpenAt }).from(challenges).where(eq(challenges.id, s.challenge.id)); // as edited (to the minute)
      const setBoth = (ms: number) => {
        const at = new Date(row!.opens!.getTime() + ms);
        env.clock.set(at);
        fresh.clock.set(at);
      };
      setBoth(-5_000);
      const before = await compareAll(s);
      setBoth(1_000);
      expect(await recordMilestones(env.deps)).toBeGreaterThan(0);
      return before;
    },
  },
  { name: 'a support', run: async (s) => ok(await (await s.as('citizen')).post(`/ideas/${s.idea.id}/support`)) },
  { name: 'a support withdrawn', run: async (s) => ok(await (await s.as('citizen')).post(`/ideas/${s.idea.id}/unsupport`)) },
  { name: 'a support again (another idea)', run: async (s) => ok(await (await s.as('citizen')).post(`/ideas/${s.other.id}/support`)) },
  {
    name: 'an official response with a new status',
    run: async (s) => {
      const owner = await s.as('owner');
      const form = formValues(await (await owner.get(`/ideas/${s.idea.id}`)).text(), `/ideas/${s.idea.id}/responses`);
      await ok(await owner.post(`/ideas/${s.idea.id}/responses`, { ...form, responseBody: 'We will try this in June.', responseStatus: 'shortlisted', responseReason: 'Cheap and quick.' }));
    },
  },
  {
    name: 'the hourly trending recount',
    run: async (s) => {
      // Supports that have left the week's window still counted (as time passes): pages show it; the recount puts it right.
      await db().update(ideas).set({ recentSupport: 7 }).where(eq(ideas.id, s.idea.id));
      await renewPages(db());
      const before = await compareAll(s);
      expect(await recountTrending(db())).toBeGreaterThan(0);
      return before;
    },
  },
  { name: 'an idea withdrawn', run: async (s) => ok(await (await s.as('author')).post(`/ideas/${s.other.id}/withdraw`, { reason: 'duplicate', explanation: 'Same as another.' })) },
  {
    name: 'a display name changed',
    run: async (s) => {
      const author = await s.as('author');
      const form = formValues(await (await author.get('/account')).text(), '/account');
      await ok(await author.post('/account', { ...form, displayName: 'Priya the gardener' }));
    },
  },
  {
    name: 'the organisation renamed',
    run: async (s) => {
      const admin = await s.as('admin');
      const path = `/organisations/${s.council.slug}/edit`;
      const form = formValues(await (await admin.get(path)).text(), path);
      await ok(await admin.post(path, { ...form, name: 'Riverside Borough Council' }));
    },
  },
  {
    name: 'a member listed publicly',
    run: async (s) => {
      const owner = await s.as('owner');
      await ok(await owner.post(`/organisations/${s.council.slug}/members/${s.users.member.id}`, { role: 'member', title: 'Parks officer', listedPublicly: 'on' }));
    },
  },
  { name: 'the challenge closed early', run: async (s) => ok(await (await s.as('owner')).post(`/challenges/${s.challenge.id}/close`)) },
  { name: 'a comment hidden by a moderator', run: async (s) => moderate(s, 'comment', (await db().select({ id: comments.id }).from(comments).where(eq(comments.body, 'Yes please')))[0]!.id, { action: 'hide', seen: 'pending', rule: 'spam' }) },
  { name: 'an idea hidden by a moderator', run: async (s) => moderate(s, 'idea', s.other.id, { action: 'hide', seen: 'pending', rule: 'offTopic' }) },
  { name: 'a hidden idea restored', run: async (s) => moderate(s, 'idea', s.other.id, { action: 'restore', seen: 'hidden' }, false) },
  { name: 'a profile hidden by a moderator', run: async (s) => moderate(s, 'person', s.users.author.id, { action: 'hide', seen: 'pending', rule: 'spam' }) },
];

/** A report (unless `report` is false: the item is there already), then the platform admin's decision on it, through the routes. */
async function moderate(s: Scene, kind: string, id: string, decision: Record<string, string>, report = true): Promise<void> {
  if (report) await ok(await (await s.as('citizen')).post(`/report/${kind}/${id}`, { reason: 'spam', note: '' }));
  const [item] = await db().select({ id: moderationItems.id }).from(moderationItems).where(and(eq(moderationItems.targetKind, kind), eq(moderationItems.targetId, id)));
  await ok(await (await s.as('admin')).post(`/moderation/items/${item!.id}/decide`, decision));
}

describe('the page cache is never stale after an acknowledged write', () => {
  it('every cached page equals a fresh render after each write path, and each write shows somewhere', async () => {
    const at = env.clock.now();
    env.clock.set(at);
    fresh.clock.set(at);
    onTestFinished(() => {
      env.clock.reset();
      fresh.clock.reset();
    });
    const s = await scene();
    let before = await compareAll(s);
    for (const write of WRITES) {
      before = (await write.run(s)) ?? before;
      const after = await compareAll(s);
      const changed = [...after].filter(([label, body]) => before.get(label) !== body).map(([label]) => label);
      expect(changed.length, `${write.name} changed no page a visitor sees: the test would prove nothing`).toBeGreaterThan(0);
      before = after;
    }
  }, 240_000);
});

describe('nothing of one visitor reaches another', () => {
  it('holds no visitor’s CSRF token, no flash, and no signed-in person’s page', async () => {
    const s = await scene();
    const a = visitor(env.app, 'en');
    const b = visitor(env.app, 'en');
    // Both visitors get tokens of their own (the sign-in form carries them).
    await a.csrfToken();
    await b.csrfToken();
    const tokens = [a.cookies.get('cw_csrf'), b.cookies.get('cw_csrf')];
    expect(tokens[0]).toBeTruthy();
    expect(tokens[0]).not.toBe(tokens[1]);
    for (const [path, headers = {}] of s.pages) {
      for (const c of [a, b]) {
        const body = await (await c.get(path, headers)).text();
        for (const t of tokens) expect(body, path).not.toContain(t!);
        expect(body, path).not.toContain('nonce');
      }
    }

    // A flash is shown to the one visitor it is for, and that page is not kept.
    const signedOut = new Client(env.app);
    await signedOut.signIn(s.users.citizen.email, 'correct horse battery staple');
    await signedOut.post('/sign-out');
    const withFlash = await signedOut.get('/');
    expect(withFlash.headers.get('X-Page-Cache')).toBeNull();
    const flashText = /<div class="flash[^"]*"[^>]*>([^<]+)</.exec(await withFlash.text())?.[1];
    expect(flashText).toBeTruthy();
    const other = await (await visitor(env.app, 'en').get('/')).text();
    expect(other).not.toContain(flashText!);

    // Signed in: rendered every time, never stored, never served to a visitor.
    const citizen = await s.as('citizen');
    for (const [path, headers = {}] of s.pages) {
      const res = await citizen.get(path, headers);
      expect(res.headers.get('X-Page-Cache'), path).toBeNull();
      expect(res.headers.get('Cache-Control'), path).toBe('no-store');
      if (!headers['HX-Request']) expect(await res.text(), path).toContain(s.users.citizen.displayName);
      const anon = await (await visitor(env.app, 'en').get(path, headers)).text();
      expect(anon, path).not.toContain(s.users.citizen.displayName);
    }
  }, 120_000);
});

describe('HTTP', () => {
  it('answers a weak ETag with 304, private and revalidated, varying on what changes the page; gzip made once', async () => {
    const s = await scene();
    const path = `/challenges/${s.challenge.id}`;
    const c = visitor(env.app, 'en');
    const first = await c.get(path);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('Cache-Control')).toBe('private, no-cache');
    expect(first.headers.get('Vary')).toBe('HX-Request, Cookie, Accept-Encoding');
    const plain = await first.text();

    const again = await c.get(path, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const zipped = await c.get(path, { 'Accept-Encoding': 'gzip, br' });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(plain);
    expect((await c.get(path, { 'Accept-Encoding': 'gzip;q=0' })).headers.get('Content-Encoding')).toBeNull();

    // Another language, another seed, htmx: other pages, other tags.
    expect((await visitor(env.app, 'fr').get(path)).headers.get('ETag')).not.toBe(etag);
    const seeded = new Client(env.app);
    seeded.cookies.set('cw_seed', 'other5eed');
    expect((await seeded.get(path)).headers.get('ETag')).not.toBe(etag);

    // After a write the tag changes and the old one no longer matches.
    await ok(await (await s.as('commenter')).post(`/ideas/${s.idea.id}/comments`, { submissionKey: key(), body: 'One more thought.' }));
    const after = await c.get(path, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    const newer = after.headers.get('ETag')!;
    expect(newer).not.toBe(etag);
    expect((await c.get(path, { 'If-None-Match': newer })).status).toBe(304);

    // A render more than a minute old is made again (what moves with the clock alone), under a new tag.
    onTestFinished(() => env.clock.reset());
    env.clock.advance(61_000);
    const later = await c.get(path, { 'If-None-Match': newer });
    expect(later.status).toBe(200);
    expect(later.headers.get('X-Page-Cache')).toBe('miss');
    expect(later.headers.get('ETag')).not.toBe(newer);
  });

  it('keeps a fragment and the page at one address apart, with htmx’s own headers', async () => {
    const s = await scene();
    const path = `/challenges/${s.challenge.id}/ideas?sort=newest&q=shade`;
    const c = visitor(env.app, 'en');
    for (let i = 0; i < 2; i++) {
      const fragment = await c.get(path, HX);
      expect(fragment.status).toBe(200);
      expect(fragment.headers.get('HX-Push-Url')).toBe(`/challenges/${s.challenge.id}?sort=newest&q=shade`);
      expect(await fragment.text()).not.toContain('<html');
      expect((await c.get(path)).status).toBe(303); // without htmx: the challenge page
    }
  });

  it('keeps one newest-first variant of a challenge page for every seed, and one per seed in the random order', async () => {
    const s = await scene();
    const [a, b] = [visitor(env.app, 'en'), new Client(env.app)];
    b.cookies.set('cw_seed', 'other5eed');
    const newest = `/challenges/${s.challenge.id}?sort=newest`;
    const first = await a.get(newest);
    const second = await b.get(newest);
    expect(second.headers.get('X-Page-Cache')).toBe('hit');
    expect(await second.text()).toBe(await first.text());
    await a.get(`/challenges/${s.challenge.id}`);
    const random = await b.get(`/challenges/${s.challenge.id}`);
    expect(random.headers.get('X-Page-Cache')).toBe('miss');
    expect(await random.text()).toContain('value="other5eed"');
  });

  it('makes a page once when visitors ask for it at the same moment, and each gets it', async () => {
    const s = await scene();
    const path = `/ideas/${s.idea.id}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => visitor(env.app, 'en').get(path)));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(answers.map((r) => r.headers.get('X-Page-Cache')).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'hit', 'miss']);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(unescapeHtml(bodies[0]!)).toContain('Shade sails over the market');
    // After a write, the same: one request makes the page again.
    await renewPages(db());
    const again = await Promise.all(Array.from({ length: 3 }, () => visitor(env.app, 'en').get(path)));
    expect(again.filter((r) => r.headers.get('X-Page-Cache') === 'miss')).toHaveLength(1);
  });

  it('makes again, after a support, the lists that show its idea and the orders by support — not the others', async () => {
    const w = await world({ extra: ['author'] });
    const now = env.clock.now().getTime();
    const challenge = await createChallenge(db(), w.council.id, {
      submissionsOpenAt: new Date(now - 5 * DAY),
      submissionsCloseAt: new Date(now - DAY),
      votingOpenAt: new Date(now - DAY),
      votingCloseAt: new Date(now + 20 * DAY),
      voteBudget: 5,
    });
    const tagged = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Benches by the river' });
    const untagged = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Bins on every corner' });
    const [topic] = await db().select({ id: topics.id }).from(topics).limit(1);
    await createIdeaTopics(db(), [tagged.id], [topic!.id]);
    await renewPages(db());
    const ch = `/challenges/${challenge.id}`;
    const [onlyTagged, both, ranked, none] = [`${ch}?topic=${topic!.id}`, ch, `${ch}?sort=supported`, `${ch}?q=zeppelin`];
    const c = visitor(env.app, 'en');
    const state = async (path: string) => {
      const res = await c.get(path);
      expect(res.status).toBe(200);
      return res.headers.get('X-Page-Cache');
    };
    for (const path of [onlyTagged, both, ranked, none]) await state(path);
    for (const path of [onlyTagged, both, ranked, none]) expect(await state(path), path).toBe('hit');

    await ok(await (await w.as('citizen')).post(`/ideas/${untagged.id}/support`));
    expect(await state(onlyTagged), 'a list without the idea').toBe('hit');
    expect(await state(none), 'an empty list').toBe('hit');
    expect(await state(both), 'a list with it').toBe('miss');
    expect(await state(ranked), 'the order by support').toBe('miss');

    await ok(await (await w.as('citizen')).post(`/ideas/${tagged.id}/support`));
    expect(await state(onlyTagged)).toBe('miss');
  });

  it('serves a hit with one query on PostgreSQL and none on the embedded database, and a first-time visitor a seed before the page', async () => {
    const s = await scene();
    const path = `/challenges/${s.challenge.id}`;
    const newcomer = new Client(env.app);
    const first = await newcomer.get(path);
    expect(first.headers.getSetCookie().some((c) => c.startsWith('cw_seed='))).toBe(true);
    const html = unescapeHtml(await first.text());
    expect(html).toContain('Cooler streets');
    await newcomer.get(path);
    expect(await env.countQueries(async () => expect((await newcomer.get(path)).headers.get('X-Page-Cache')).toBe('hit'))).toBe(
      env.database.kind === 'pglite' ? 0 : 1,
    );
  });
});
