import { describe, expect, it } from 'vitest';
import { and, count, eq, notInArray } from 'drizzle-orm';
import { events, challengeRevisions, challenges, challengeTopics, ideas, topics } from '../../src/db/schema/index.js';
import { Client } from '../support/app.js';
import { buildIdea, createChallenge, createIdea, createOrganisation, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, world } = useTestEnv();

const challengeCount = async () => (await db().select({ n: count() }).from(challenges))[0]!.n;
const challengeById = async (id: string) => (await db().select().from(challenges).where(eq(challenges.id, id)))[0]!;
const topicId = async (slug: string) => (await db().select({ id: topics.id }).from(topics).where(eq(topics.slug, slug)))[0]!.id;
const addTopic = async (challengeId: string, slug: string) => db().insert(challengeTopics).values({ challengeId, topicId: await topicId(slug) });
const idFromLocation = (res: Response) => /\/challenges\/([0-9a-f-]{36})$/.exec(res.headers.get('Location') ?? '')?.[1];

/** A datetime-local value `days` from now (London time is close enough for relative dates). */
const local = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 16);

/** The submission key the new-challenge form carries. */
const formKey = (c: Client, slug: string) => c.submissionKey(`/organisations/${slug}/challenges/new`);

const validForm = (extra: Record<string, string | string[]> = {}) => ({
  title: 'Greener high streets',
  summary: 'How can we bring more plants and shade to our high streets?',
  brief: '## The problem\n\nOur high streets are **hot** in summer.',
  rules: 'Open to everyone who lives or works in the borough.',
  prize: '£5,000 to pilot the winning idea.',
  submissionsOpenAt: local(-1),
  submissionsCloseAt: local(10),
  votingOpenAt: '',
  votingCloseAt: '',
  judgingCloseAt: '',
  resultsAt: '',
  voteBudget: '5',
  ...extra,
});

describe('creating, previewing and publishing', () => {
  it('staff draft, preview (hidden from the public) and publish a challenge', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const key = await formKey(owner, w.council.slug);
    const env1 = await topicId('environment');
    const res = await owner.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(), topics: [String(env1), String(await topicId('transport'))], submissionKey: key });
    expect(res.status).toBe(303);
    const id = idFromLocation(res)!;
    const row = await challengeById(id);
    expect(row.status).toBe('draft');
    expect(row.briefHtml).toContain('<strong>hot</strong>');
    expect(row.createdBy).toBe(w.users.owner.id);
    expect((await db().select().from(challengeTopics).where(eq(challengeTopics.challengeId, id))).length).toBe(2);
    expect(row.confirmRules).toBe(false);
    // The competition setting: entrants confirm the rules (a checkbox of the form, kept when edited).
    expect((await owner.post(`/challenges/${id}/edit`, { ...validForm(), confirmRules: 'on', topics: [String(env1)] })).status).toBe(303);
    expect((await challengeById(id)).confirmRules).toBe(true);
    expect(await (await owner.get(`/challenges/${id}/edit`)).text()).toMatch(/name="confirmRules"[^>]*checked/);

    // Preview: the same page with a banner, for staff only.
    const preview = await owner.get(`/challenges/${id}`);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Preview — not published');
    expect(html).toContain('Greener high streets');
    expect(html).toContain('Environment and climate');
    expect(html).toContain(`action="/challenges/${id}/publish"`);
    expect((await (await w.as('member')).get(`/challenges/${id}`)).status).toBe(200);
    for (const who of ['anonymous', 'citizen', 'otherStaff', 'partner'] as const) expect((await (await w.as(who)).get(`/challenges/${id}`)).status, who).toBe(404);
    expect(await (await (await w.as('anonymous')).get('/challenges')).text()).not.toContain(id);

    expect((await owner.post(`/challenges/${id}/publish`)).status).toBe(303);
    expect((await challengeById(id)).status).toBe('published');
    const pub = await (await w.as('anonymous')).get(`/challenges/${id}`);
    expect(pub.status).toBe(200);
    const pubHtml = await pub.text();
    expect(pubHtml).not.toContain('Preview — not published');
    expect(pubHtml).toMatch(/Ideas close on .* — 10 days left/);
    expect(pubHtml).toMatch(/<li aria-current="step"[^>]*><strong>Submitting ideas<\/strong>/);
    const actions = (await db().select({ action: events.name }).from(events).where(eq(events.entityId, id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['challenge.create', 'challenge.publish']));
  });

  it('a repeated submit of the same form creates one challenge and answers with it', async () => {
    const w = await world();
    const member = await w.as('member');
    const key = await formKey(member, w.council.slug);
    const before = await challengeCount();
    const first = await member.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(), submissionKey: key });
    expect(first.status).toBe(303);
    const again = await member.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(), submissionKey: key });
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(await (await member.get(again.headers.get('Location')!)).text()).toContain('already sent');
    expect(await challengeCount()).toBe(before + 1);
  });

  it('partners, citizens and other councils cannot create; anonymous people are sent to sign in', async () => {
    const w = await world();
    const before = await challengeCount();
    for (const who of ['partner', 'citizen', 'otherStaff'] as const) {
      const c = await w.as(who);
      expect((await c.get(`/organisations/${w.council.slug}/challenges/new`)).status, who).toBe(403);
      expect((await c.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(), submissionKey: 'k'.repeat(32) })).status, who).toBe(403);
    }
    // A partner organisation has no challenges at all, even for its own owner.
    expect((await (await w.as('partner')).get(`/organisations/${w.partnerOrg.slug}/challenges/new`)).status).toBe(403);
    const anon = await w.as('anonymous');
    const res = await anon.get(`/organisations/${w.council.slug}/challenges/new`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/sign-in\?next=/);
    const post = await anon.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(), submissionKey: 'k'.repeat(32) });
    expect(post.status).toBe(303);
    expect(post.headers.get('Location')).toMatch(/^\/sign-in/);
    expect(await challengeCount()).toBe(before);
    // A platform admin may.
    const admin = await w.as('admin');
    expect((await admin.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(), submissionKey: await formKey(admin, w.council.slug) })).status).toBe(303);
  });

  it.each([
    ['an empty title', { title: '' }, 'title'],
    ['an oversized title', { title: 'x'.repeat(121) }, 'title'],
    ['ideas closing before they open', { submissionsOpenAt: local(5), submissionsCloseAt: local(1) }, 'submissionsCloseAt'],
    ['voting closing before it opens', { votingOpenAt: local(3), votingCloseAt: local(2) }, 'votingCloseAt'],
    ['a date that does not exist', { submissionsOpenAt: '2026-02-31T10:00' }, 'submissionsOpenAt'],
    ['a missing opening date', { submissionsOpenAt: '' }, 'submissionsOpenAt'],
    ['an unknown topic', { topics: ['999999'] }, 'topics'],
    ['a topic that is not a number', { topics: ['environment'] }, 'topics'],
    ['a vote budget of 51', { voteBudget: '51' }, 'voteBudget'],
    ['a vote budget of 0', { voteBudget: '0' }, 'voteBudget'],
    ['a French summary without a French title', { summaryFr: 'Résumé' }, 'titleFr'],
  ] as const)('refuses %s with 422, keeps the input and stores nothing', async (_label, extra, field) => {
    const w = await world();
    const owner = await w.as('owner');
    const before = await challengeCount();
    const res = await owner.post(`/organisations/${w.council.slug}/challenges/new`, { ...validForm(extra as Record<string, string>), submissionKey: await formKey(owner, w.council.slug) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain(`href="#${field}"`);
    expect(html).toContain('value="Greener high streets"'.replace('Greener high streets', (extra as Record<string, unknown>)['title'] === undefined ? 'Greener high streets' : String((extra as Record<string, unknown>)['title'])));
    expect(await challengeCount()).toBe(before);
  });

  it('sanitises script in the brief on output', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const res = await owner.post(`/organisations/${w.council.slug}/challenges/new`, {
      ...validForm({ brief: 'Hello <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))' }),
      submissionKey: await formKey(owner, w.council.slug),
    });
    const id = idFromLocation(res)!;
    const html = await (await owner.get(`/challenges/${id}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('javascript:');
  });

  it('forged or unknown ids are 404s and change nothing', async () => {
    const w = await world();
    const owner = await w.as('owner');
    for (const path of ['/challenges/not-a-uuid', '/challenges/00000000-0000-4000-8000-000000000000', '/challenges/00000000-0000-4000-8000-000000000000/edit', '/challenges/not-a-uuid/history'])
      expect((await owner.get(path)).status, path).toBe(404);
    for (const action of ['publish', 'close', 'archive', 'edit'])
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000'])
        expect((await owner.post(`/challenges/${id}/${action}`, validForm())).status, `${action} ${id}`).toBe(404);
    expect((await owner.get('/organisations/no-such-council/challenges/new')).status).toBe(404);
  });
});

describe('managing a published challenge', () => {
  it('other councils, partners and citizens are refused every action; nothing changes', async () => {
    const w = await world();
    const ch = await createChallenge(db(), w.council.id);
    const draft = await createChallenge(db(), w.council.id, { status: 'draft', publishedAt: null });
    for (const who of ['otherStaff', 'partner', 'citizen'] as const) {
      const c = await w.as(who);
      expect((await c.get(`/challenges/${ch.id}/edit`)).status, who).toBe(403);
      expect((await c.post(`/challenges/${ch.id}/edit`, validForm())).status, who).toBe(403);
      expect((await c.get(`/challenges/${ch.id}/history`)).status, who).toBe(403);
      for (const action of ['close', 'archive']) expect((await c.post(`/challenges/${ch.id}/${action}`)).status, `${who} ${action}`).toBe(403);
      expect((await c.post(`/challenges/${draft.id}/publish`)).status, who).toBe(403);
      expect((await c.get(`/challenges/${draft.id}`)).status, who).toBe(404);
    }
    const anon = await w.as('anonymous');
    expect((await anon.post(`/challenges/${ch.id}/close`)).headers.get('Location')).toMatch(/^\/sign-in/);
    const after = await challengeById(ch.id);
    expect(after.title).toBe(ch.title);
    expect(after.status).toBe('published');
    expect(after.closedEarlyAt).toBeNull();
    expect((await challengeById(draft.id)).status).toBe('draft');
  });

  it('editing a published challenge records the previous values, shown on the history page', async () => {
    const w = await world();
    const ch = await createChallenge(db(), w.council.id, { title: 'Old title', summary: 'Old summary' });
    const member = await w.as('member');
    const edit = await member.get(`/challenges/${ch.id}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('value="Old title"');
    const res = await member.post(`/challenges/${ch.id}/edit`, validForm({ title: 'New title', summary: 'Old summary', submissionsOpenAt: '', topics: [String(await topicId('housing'))] }));
    expect(res.status).toBe(422); // the opening date is required
    expect((await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, ch.id))).length).toBe(0);

    const ok = await member.post(`/challenges/${ch.id}/edit`, validForm({ title: 'New title', summary: 'Old summary', topics: [String(await topicId('housing'))] }));
    expect(ok.status).toBe(303);
    const after = await challengeById(ch.id);
    expect(after.title).toBe('New title');
    const revs = await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, ch.id));
    expect(revs).toHaveLength(1);
    expect(revs[0]!.editedBy).toBe(w.users.member.id);
    const before = revs[0]!.before as Record<string, unknown>;
    expect(before['title']).toBe('Old title');
    expect(before).not.toHaveProperty('summary');
    expect(before['topics']).toEqual([]);

    const history = await member.get(`/challenges/${ch.id}/history`);
    expect(history.status).toBe(200);
    const html = await history.text();
    expect(html).toContain('Old title');
    expect(html).toContain(w.users.member.displayName);
    expect((await (await w.as('anonymous')).get(`/challenges/${ch.id}/history`)).status).toBe(303);
  });

  it('editing a draft keeps no history', async () => {
    const w = await world();
    const draft = await createChallenge(db(), w.council.id, { status: 'draft', publishedAt: null });
    expect((await (await w.as('owner')).post(`/challenges/${draft.id}/edit`, validForm({ title: 'Draft title' }))).status).toBe(303);
    expect((await challengeById(draft.id)).title).toBe('Draft title');
    expect((await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, draft.id))).length).toBe(0);
  });

  it('closing early changes the phase; archiving freezes it', async () => {
    const w = await world();
    const ch = await createChallenge(db(), w.council.id);
    const owner = await w.as('owner');
    expect(await (await owner.get(`/challenges/${ch.id}`)).text()).toContain('Open for ideas');
    expect((await owner.post(`/challenges/${ch.id}/close`)).status).toBe(303);
    expect((await challengeById(ch.id)).closedEarlyAt).not.toBeNull();
    const html = await (await owner.get(`/challenges/${ch.id}`)).text();
    expect(html).toContain('Closed');
    expect(html).toContain('closed this challenge early');
    expect(html).not.toContain('aria-current="step"');
    expect((await owner.post(`/challenges/${ch.id}/close`)).status).toBe(403); // only once
    // It no longer appears among challenges open for ideas.
    expect(await (await owner.get(`/challenges?council=${w.council.slug}&phase=open`)).text()).not.toContain(ch.id);

    expect((await owner.post(`/challenges/${ch.id}/archive`)).status).toBe(303);
    expect((await challengeById(ch.id)).status).toBe('archived');
    expect((await owner.get(`/challenges/${ch.id}/edit`)).status).toBe(403);
    expect((await (await w.as('anonymous')).get(`/challenges/${ch.id}`)).status).toBe(200);
    expect(await (await owner.get(`/challenges?council=${w.council.slug}&phase=archived`)).text()).toContain(ch.id);
  });
});

describe('the challenge page', () => {
  it('shows key numbers: ideas and distinct participants', async () => {
    const w = await world();
    const ch = await createChallenge(db(), w.council.id, { ideaCount: 3, participantCount: 2 }); // maintained by the idea commands (tests/integration/ideas.test.ts)
    const a = w.users.citizen.id;
    const b = w.users.partner.id;
    await db()
      .insert(ideas)
      .values([
        buildIdea(ch.id, a, { title: 'One' }),
        buildIdea(ch.id, a, { title: 'Two' }),
        buildIdea(ch.id, b, { title: 'Three' }),
        buildIdea(ch.id, w.users.member.id, { status: 'draft', title: 'Draft', publishedAt: null }),
      ]);
    const html = await (await (await w.as('anonymous')).get(`/challenges/${ch.id}`)).text();
    expect(html).toMatch(/<dt>Ideas<\/dt><dd>3<\/dd>/);
    expect(html).toMatch(/<dt>Participants<\/dt><dd>2<\/dd>/);
    expect(html).toContain(`href="/organisations/${w.council.slug}"`);
  });

  it('shows French readers the French version, or the original with a note', async () => {
    const w = await world();
    const withFr = await createChallenge(db(), w.council.id, { title: 'Parks', titleFr: 'Parcs', summaryFr: 'Résumé', briefFrHtml: '<p>En français</p>' });
    const without = await createChallenge(db(), w.council.id, { title: 'Only English' });
    const fr = new Client(env.app, { 'Accept-Language': 'fr' });
    const a = await (await fr.get(`/challenges/${withFr.id}`)).text();
    expect(a).toContain('<h1>Parcs</h1>');
    expect(a).toContain('En français');
    expect(a).not.toContain('pas encore de version française');
    const b = await (await fr.get(`/challenges/${without.id}`)).text();
    expect(b).toContain('Ce défi n’a pas encore de version française.');
    expect(b).toContain('<h1 lang="en">Only English</h1>');
    const en = await (await new Client(env.app).get(`/challenges/${without.id}`)).text();
    expect(en).not.toContain('no French version');
  });

  it('issues a fixed number of queries whatever the data', async () => {
    const w = await world();
    const ch = await createChallenge(db(), w.council.id);
    // Start with one of each kind of row (the ideas section loads idea topics only when there are ideas).
    await addTopic(ch.id, 'environment');
    await createIdea(db(), ch.id, w.users.partner.id, { title: 'First idea' });
    const anon = new Client(env.app);
    const owner = await w.as('owner');
    const measure = async () => [
      await env.countQueries(async () => expect((await anon.get(`/challenges/${ch.id}`)).status).toBe(200)),
      await env.countQueries(async () => expect((await owner.get(`/challenges/${ch.id}`)).status).toBe(200)),
      await env.countQueries(async () => expect((await anon.get('/challenges')).status).toBe(200)),
      await env.countQueries(async () => expect((await anon.get(`/challenges?council=${w.council.slug}`)).status).toBe(200)),
      await env.countQueries(async () => expect((await anon.get(`/organisations/${w.council.slug}`)).status).toBe(200)),
    ];
    const small = await measure();
    for (let i = 0; i < 12; i++) {
      const other = await createChallenge(db(), w.council.id);
      await addTopic(other.id, 'health');
      await addTopic(other.id, 'housing');
    }
    await addTopic(ch.id, 'health');
    await db().insert(ideas).values(Array.from({ length: 8 }, (_, i) => buildIdea(ch.id, w.users.citizen.id, { title: `Idea ${i}` })));
    const large = await measure();
    expect(large).toEqual(small);
    expect(Math.max(...small)).toBeLessThanOrEqual(12);
  });
});

describe('the directory', () => {
  it('pages through every published challenge once, in each sort, with no drafts', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const ids = new Set<string>();
    for (let i = 0; i < 45; i++) {
      // Ties on every sort key, so the id tie-breaker is exercised.
      const ch = await createChallenge(db(), council.id, { ideaCount: i % 3, publishedAt: new Date(Date.UTC(2026, 0, 1 + (i % 4))), submissionsCloseAt: new Date(Date.now() + (1 + (i % 5)) * DAY) });
      ids.add(ch.id);
    }
    const draft = await createChallenge(db(), council.id, { status: 'draft', publishedAt: null });
    const c = new Client(env.app);
    for (const sort of ['newest', 'closing', 'ideas']) {
      const seen: string[] = [];
      let url: string | null = `/challenges?council=${council.slug}&sort=${sort}`;
      let pages = 0;
      while (url) {
        const res = await c.get(url);
        expect(res.status).toBe(200);
        const html = await res.text();
        seen.push(...[...html.matchAll(/<h2><a href="\/challenges\/([0-9a-f-]{36})"/g)].map((m) => m[1]!));
        const next = /<a href="([^"]+)" rel="next"/.exec(html)?.[1];
        url = next ? next.replaceAll('&amp;', '&') : null;
        pages++;
      }
      expect(pages, sort).toBe(3);
      expect(seen.length, sort).toBe(45);
      expect(new Set(seen), sort).toEqual(ids);
      expect(seen).not.toContain(draft.id);
    }
  });

  it('orders by most ideas and by closing date', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const few = await createChallenge(db(), council.id, { ideaCount: 1, submissionsCloseAt: new Date(Date.now() + 2 * DAY) });
    const many = await createChallenge(db(), council.id, { ideaCount: 9, submissionsCloseAt: new Date(Date.now() + 9 * DAY) });
    const order = async (sort: string) => [...(await (await new Client(env.app).get(`/challenges?council=${council.slug}&sort=${sort}`)).text()).matchAll(/<h2><a href="\/challenges\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(await order('ideas')).toEqual([many.id, few.id]);
    expect(await order('closing')).toEqual([few.id, many.id]);
  });

  it('filters by council, topic, phase and text', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const other = await createOrganisation(db(), { kind: 'council' });
    const now = Date.now();
    const open = await createChallenge(db(), council.id, { title: 'Zephyrshade for the marketplace', summary: 'Trees and awnings' });
    await addTopic(open.id, 'green-spaces');
    const voting = await createChallenge(db(), council.id, { title: 'Lonely winters', submissionsOpenAt: new Date(now - 20 * DAY), submissionsCloseAt: new Date(now - 5 * DAY), votingOpenAt: new Date(now - 4 * DAY), votingCloseAt: new Date(now + 4 * DAY) });
    const results = await createChallenge(db(), council.id, { title: 'Open data', submissionsOpenAt: new Date(now - 60 * DAY), submissionsCloseAt: new Date(now - 30 * DAY), resultsAt: new Date(now - DAY) });
    const elsewhere = await createChallenge(db(), other.id, { title: 'Zephyrshade elsewhere' });
    const list = async (qs: string) => [...(await (await new Client(env.app).get(`/challenges?${qs}`)).text()).matchAll(/<h2><a href="\/challenges\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(new Set(await list(`council=${council.slug}`))).toEqual(new Set([open.id, voting.id, results.id]));
    expect(await list(`council=${council.slug}&phase=open`)).toEqual([open.id]);
    expect(await list(`council=${council.slug}&phase=voting`)).toEqual([voting.id]);
    expect(await list(`council=${council.slug}&phase=results`)).toEqual([results.id]);
    expect(await list(`council=${council.slug}&topic=green-spaces`)).toEqual([open.id]);
    expect(new Set(await list(`q=zephyrshade`))).toEqual(new Set([open.id, elsewhere.id]));
    expect(await list(`q=zephyrshade&council=${council.slug}`)).toEqual([open.id]);
    expect(await list(`q=${encodeURIComponent('"trees and awnings"')}`)).toEqual([open.id]);
    const empty = await (await new Client(env.app).get(`/challenges?q=nothingmatcheszzz`)).text();
    expect(empty).toContain('No challenge matches these filters');
    expect(empty).toContain('Clear all filters');
  });

  it('answers 400 to a damaged cursor or bad filter, never 500', async () => {
    const c = new Client(env.app);
    for (const qs of ['after=garbage', `after=${Buffer.from('["newest","x","y"]').toString('base64url')}`, `sort=closing&after=${Buffer.from('["closing","2026-02-31T00:00:00.000000Z","00000000-0000-4000-8000-000000000000"]').toString('base64url')}`, 'sort=sideways', 'phase=nope', 'council=%3Cx%3E'])
      expect((await c.get(`/challenges?${qs}`)).status, qs).toBe(400);
  });
});

describe('the council page', () => {
  it('lists published challenges for everyone and drafts for staff, with a link to the directory', async () => {
    const w = await world();
    const pub = await createChallenge(db(), w.council.id, { title: 'Published one' });
    const draft = await createChallenge(db(), w.council.id, { title: 'Secret draft', status: 'draft', publishedAt: null });
    const anonHtml = await (await (await w.as('anonymous')).get(`/organisations/${w.council.slug}`)).text();
    expect(anonHtml).toContain(pub.id);
    expect(anonHtml).not.toContain(draft.id);
    expect(anonHtml).toContain(`/challenges?council=${w.council.slug}`);
    expect(anonHtml).not.toContain('/challenges/new');
    const staffHtml = await (await (await w.as('member')).get(`/organisations/${w.council.slug}`)).text();
    expect(staffHtml).toContain(draft.id);
    expect(staffHtml).toContain(`/organisations/${w.council.slug}/challenges/new`);
    expect(await (await (await w.as('otherStaff')).get(`/organisations/${w.council.slug}`)).text()).not.toContain(draft.id);
    // Partner pages have no challenges section.
    expect(await (await (await w.as('anonymous')).get(`/organisations/${w.partnerOrg.slug}`)).text()).not.toContain('challenges-title');
  });
});

describe('the demo', () => {
  it('adds three Riverside challenges in different phases, with ideas counted', async () => {
    const { seedDemo } = await import('../../src/cli/demo.js');
    const { challengePhase } = await import('../../src/features/challenges/phase.js');
    await seedDemo(env.deps);
    const c = new Client(env.app);
    const html = await (await c.get('/challenges?council=riverside-council')).text();
    for (const title of ['Greener high streets', 'Loneliness among older residents', 'Which open data should we publish first?']) expect(html).toContain(title);
    const { organisations } = await import('../../src/db/schema/index.js');
    const [riverside] = await db().select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'riverside-council'));
    const rows = await db().select().from(challenges).where(eq(challenges.organisationId, riverside!.id));
    expect(rows.map((r) => challengePhase(r, new Date()).phase).sort()).toEqual(['open', 'results', 'voting']);
    for (const r of rows) {
      const [n] = await db()
        .select({ n: count() })
        .from(ideas)
        .where(and(eq(ideas.challengeId, r.id), notInArray(ideas.status, ['draft', 'withdrawn'])));
      expect(r.ideaCount).toBe(n!.n);
      expect((await c.get(`/challenges/${r.id}`)).status).toBe(200);
    }
    const fr = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/challenges/${rows.find((r) => r.titleFr)!.id}`)).text();
    expect(fr).toContain('Des rues commerçantes plus vertes');

    // Its supports, comments and deadlines leave every maintained count as the commands would.
    const { findVoteDrift } = await import('../../src/features/votes/reconcile.js');
    const { recountTrending } = await import('../../src/features/votes/trending.js');
    expect(await findVoteDrift(db())).toEqual({ ideas: [], voters: [] });
    const before = await db().select({ id: ideas.id, recent: ideas.recentSupport }).from(ideas).orderBy(ideas.id);
    await recountTrending(db());
    expect(await db().select({ id: ideas.id, recent: ideas.recentSupport }).from(ideas).orderBy(ideas.id)).toEqual(before);
    const { comments, subjects } = await import('../../src/db/schema/index.js');
    // Four comments shown, and the moderation story's two links from a new account, held (not counted).
    const live = await db().select({ ideaId: comments.subjectId, deletedAt: comments.deletedAt, hiddenAt: comments.hiddenAt }).from(comments);
    expect(live.length).toBe(6);
    expect(live.filter((x) => x.hiddenAt !== null)).toHaveLength(2);
    for (const r of await db().select({ id: ideas.id, stored: subjects.commentCount }).from(ideas).innerJoin(subjects, eq(subjects.id, ideas.id)))
      expect(r.stored, r.id).toBe(live.filter((x) => x.ideaId === r.id && x.deletedAt === null && x.hiddenAt === null).length);
    const loneliness = rows.find((r) => r.title === 'Loneliness among older residents')!;
    const page = await (await c.get(`/challenges/${loneliness.id}`)).text();
    expect(page).toContain('Tea and tech afternoons'); // overdue, listed publicly
  });
});
