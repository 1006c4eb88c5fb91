import { describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { events, ideaResponses, ideas } from '../../src/db/schema/index.js';
import { listAwaitingResponses } from '../../src/features/responses/queries.js';
import { Client, HX } from '../support/app.js';
import { createChallenge, createIdea, createOrganisation, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { env, db, world: baseWorld } = useTestEnv();

const ideaById = async (id: string) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const responsesOf = (ideaId: string) => db().select().from(ideaResponses).where(eq(ideaResponses.ideaId, ideaId)).orderBy(ideaResponses.id);
const responseCount = async (ideaId: string) => (await db().select({ n: count() }).from(ideaResponses).where(eq(ideaResponses.ideaId, ideaId)))[0]!.n;
const keyOf = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)?.[1];

/** The common world (with role titles and an idea's author), and a published idea in a challenge of its council with a response rule. */
async function world(challengeOverrides: Parameters<typeof createChallenge>[2] = {}) {
  const tag = () => Math.random().toString(36).slice(2, 6);
  const w = await baseWorld({
    extra: ['author'],
    users: { member: { displayName: `Tom Member ${tag()}` }, owner: { displayName: `Priya Owner ${tag()}` } },
    titles: { owner: 'Head of engagement', member: 'Climate programme lead' },
  });
  const challenge = await createChallenge(db(), w.council.id, { responseDays: 14, responseThreshold: 3, ...challengeOverrides });
  const idea = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Planters that catch the rain' });
  return { ...w, challenge, idea };
}

/** The answer form's submission key, as the idea page renders it for this client. */
async function formKey(client: Client, ideaId: string): Promise<string> {
  const key = keyOf(await (await client.get(`/ideas/${ideaId}`)).text());
  if (!key) throw new Error('no answer form on the idea page');
  return key;
}

async function answer(client: Client, ideaId: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return client.post(`/ideas/${ideaId}/responses`, { submissionKey: await formKey(client, ideaId), ...form }, headers);
}

describe('answering an idea', () => {
  it('staff answer with a status change: the response under their name, role and council, the new status, the audit row; the public sees it all', async () => {
    const w = await world();
    const member = await w.as('member');
    const res = await answer(member, w.idea.id, {
      responseBody: 'We will **pilot** this on Market Street. <script>alert(1)</script> [x](javascript:alert(1))',
      responseStatus: 'shortlisted',
      responseReason: 'It fits the parks budget for next year.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/ideas/${w.idea.id}#responses`);

    const [row] = await responsesOf(w.idea.id);
    expect(row).toMatchObject({
      authorId: w.users.member.id,
      authorName: w.users.member.displayName,
      roleTitle: 'Climate programme lead',
      organisationId: w.council.id,
      statusFrom: 'submitted',
      statusTo: 'shortlisted',
      reason: 'It fits the parks budget for next year.',
    });
    expect(row!.bodyHtml).toContain('<strong>pilot</strong>');
    expect(row!.bodyHtml).not.toMatch(/<script|javascript:/);
    const idea = await ideaById(w.idea.id);
    expect(idea.status).toBe('shortlisted');
    expect(idea.respondedAt).not.toBeNull();
    const audits = await db().select().from(events).where(and(eq(events.entityId, w.idea.id), eq(events.name, 'idea.respond')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(w.users.member.id);
    expect(audits[0]!.payload).toMatchObject({ statusFrom: 'submitted', statusTo: 'shortlisted', organisationId: w.council.id });

    // The staff member sees the flash; the public sees the response and the timeline, and no form.
    const after = await (await member.get(`/ideas/${w.idea.id}`)).text();
    expect(after).toContain('Your official response has been published.');
    const page = await (await w.as('anonymous')).get(`/ideas/${w.idea.id}`);
    expect(page.status).toBe(200);
    const html = unescapeHtml(await page.text());
    expect(html).toContain('<section id="responses"');
    expect(html).toContain(`Official response from ${w.council.name}`);
    expect(html).toContain(`${w.users.member.displayName}, Climate programme lead`);
    expect(html).toContain('<strong>pilot</strong>');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Status changed from “Submitted” to “Shortlisted”.');
    expect(html).toContain('Reason: It fits the parks budget for next year.');
    const timeline = /<ol class="status-timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(timeline.match(/<li>/g)).toHaveLength(2);
    expect(timeline).toContain('shared with everyone');
    expect(timeline).toContain(`by ${w.users.member.displayName}, Climate programme lead, ${w.council.name}`);
    expect(timeline).toContain('It fits the parks budget for next year.');
    expect(html).not.toContain(`action="/ideas/${w.idea.id}/responses"`);
    expect(html).not.toContain('href="/account/responses"');
  });

  it('a response without a status change keeps the status; the first answer time stays; the timeline grows only with changes', async () => {
    const w = await world();
    const owner = await w.as('owner');
    expect((await answer(owner, w.idea.id, { responseBody: 'Thank you, we are looking at it.' })).status).toBe(303);
    const first = await ideaById(w.idea.id);
    expect(first.status).toBe('submitted');
    expect((await responsesOf(w.idea.id))[0]).toMatchObject({ statusFrom: null, statusTo: null, reason: '', roleTitle: 'Head of engagement' });
    expect((await answer(owner, w.idea.id, { responseBody: 'Accepted.', responseStatus: 'accepted', responseReason: 'Funded.' })).status).toBe(303);
    expect((await answer(owner, w.idea.id, { responseBody: 'Work has started.', responseStatus: 'in_progress', responseReason: 'Contractor hired.' })).status).toBe(303);
    const last = await ideaById(w.idea.id);
    expect(last.status).toBe('in_progress');
    expect(last.respondedAt!.getTime()).toBe(first.respondedAt!.getTime());
    expect((await responsesOf(w.idea.id)).map((r) => [r.statusFrom, r.statusTo])).toEqual([
      [null, null],
      ['submitted', 'accepted'],
      ['accepted', 'in_progress'],
    ]);
    const html = await (await w.as('anonymous')).get(`/ideas/${w.idea.id}`).then((r) => r.text());
    const timeline = /<ol class="status-timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(timeline.match(/<li>/g)).toHaveLength(3);
    // Newest response first.
    expect(html.indexOf('Work has started.')).toBeLessThan(html.indexOf('Thank you, we are looking at it.'));
  });

  it('with htmx the section comes back in place, with the answer, a fresh form and the page’s status badge out of band', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const key = await formKey(owner, w.idea.id);
    const res = await owner.post(`/ideas/${w.idea.id}/responses`, { submissionKey: key, responseBody: 'Shortlisted for the pilot.', responseStatus: 'shortlisted', responseReason: 'Cheap and quick.' }, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="responses"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain('role="status" tabindex="-1" autofocus');
    expect(html).toContain('Your official response has been published.');
    expect(html).toContain('Shortlisted for the pilot.');
    expect(html).toMatch(/<span class="badge badge-idea-shortlisted" data-hx-swap-oob="outerHTML:article.idea .idea-meta &gt; .badge">Shortlisted<\/span>/);
    const fresh = keyOf(html);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(key);
    // The new form no longer offers the current status.
    expect(html).not.toContain('<option value="shortlisted"');
    expect(html).toContain('<option value="accepted"');
    expect(await responseCount(w.idea.id)).toBe(1);
  });

  it('a repeated submit of the same form stores one response; a key used by someone else is a conflict', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const key = await formKey(owner, w.idea.id);
    const form = { submissionKey: key, responseBody: 'Accepted.', responseStatus: 'accepted', responseReason: 'Funded.' };
    const [a, b] = await Promise.all([owner.post(`/ideas/${w.idea.id}/responses`, form), owner.post(`/ideas/${w.idea.id}/responses`, form)]);
    const c = await owner.post(`/ideas/${w.idea.id}/responses`, form);
    const d = await owner.post(`/ideas/${w.idea.id}/responses`, form, HX);
    for (const r of [a, b, c]) expect(r.status).toBe(303);
    expect(d.status).toBe(200);
    expect(await responseCount(w.idea.id)).toBe(1);
    expect((await ideaById(w.idea.id)).status).toBe('accepted');
    const member = await w.as('member');
    const stolen = await member.post(`/ideas/${w.idea.id}/responses`, { ...form, responseStatus: 'implemented' });
    expect(stolen.status).toBe(409);
    expect(await responseCount(w.idea.id)).toBe(1);
    expect((await ideaById(w.idea.id)).status).toBe('accepted');
  });

  it('answers ideas of an archived challenge too (the commitment outlives the challenge)', async () => {
    const w = await world({ status: 'archived', archivedAt: new Date() });
    expect((await answer(await w.as('member'), w.idea.id, { responseBody: 'Done.', responseStatus: 'implemented', responseReason: 'Built in May.' })).status).toBe(303);
    expect((await ideaById(w.idea.id)).status).toBe('implemented');
  });
});

describe('authorization: only staff of the challenge’s council answer or change status', () => {
  it('refuses everyone else, HTML and htmx alike, storing nothing; shows the form to staff only', async () => {
    const w = await world();
    const form = { submissionKey: 'k'.repeat(24), responseBody: 'Hijacked', responseStatus: 'not_taken_forward', responseReason: 'Because.' };
    for (const who of ['citizen', 'author', 'partner', 'otherStaff', 'admin'] as const) {
      const c = await w.as(who);
      for (const headers of [{}, HX]) {
        const res = await c.post(`/ideas/${w.idea.id}/responses`, form, headers);
        expect(res.status, `${who} ${JSON.stringify(headers)}`).toBe(403);
        expect(await res.text()).toContain('Only staff of the council running this challenge can respond officially.');
      }
      const page = await (await c.get(`/ideas/${w.idea.id}`)).text();
      expect(page, who).not.toContain(`action="/ideas/${w.idea.id}/responses"`);
    }
    const anon = await (await w.as('anonymous')).post(`/ideas/${w.idea.id}/responses`, form);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toMatch(/^\/sign-in/);
    // Without the session's CSRF token, even staff are refused.
    const member = await w.as('member');
    expect((await member.post(`/ideas/${w.idea.id}/responses`, { ...form, _csrf: 'forged' })).status).toBe(403);
    expect(await responseCount(w.idea.id)).toBe(0);
    expect((await ideaById(w.idea.id)).status).toBe('submitted');

    for (const who of ['member', 'owner'] as const) {
      const page = await (await (await w.as(who)).get(`/ideas/${w.idea.id}`)).text();
      expect(page, who).toContain(`action="/ideas/${w.idea.id}/responses"`);
      expect(page, who).toContain('href="/account/responses"');
    }
  });

  it('refuses forged, unknown, draft and withdrawn ideas', async () => {
    const w = await world();
    const member = await w.as('member');
    const form = { submissionKey: 'k'.repeat(24), responseBody: 'Hello' };
    expect((await member.post('/ideas/not-a-uuid/responses', form)).status).toBe(404);
    expect((await member.post('/ideas/00000000-0000-4000-8000-000000000000/responses', form)).status).toBe(404);
    const draft = await createIdea(db(), w.challenge.id, w.users.author.id, { status: 'draft', publishedAt: null });
    expect((await member.post(`/ideas/${draft.id}/responses`, form)).status).toBe(404);
    const withdrawn = await createIdea(db(), w.challenge.id, w.users.author.id, { status: 'withdrawn', withdrawnAt: new Date() });
    const res = await member.post(`/ideas/${withdrawn.id}/responses`, form);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This idea has been withdrawn');
    expect(await (await member.get(`/ideas/${withdrawn.id}`)).text()).not.toContain(`action="/ideas/${withdrawn.id}/responses"`);
    // An idea of another council's challenge, answered by this council's staff.
    const other = await createChallenge(db(), w.otherCouncil.id);
    const foreign = await createIdea(db(), other.id, w.users.author.id);
    expect((await member.post(`/ideas/${foreign.id}/responses`, form)).status).toBe(403);
    for (const id of [draft.id, withdrawn.id, foreign.id]) expect(await responseCount(id)).toBe(0);
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['an empty body', { responseBody: '   ' }, 'responseBody', 'Enter a value'],
    ['an oversized body', { responseBody: 'x'.repeat(10_001) }, 'responseBody', 'This is too long'],
    ['a body that renders to nothing', { responseBody: '<script>alert(1)</script>' }, 'responseBody', 'Your response needs some words, not only formatting'],
    ['an unknown status', { responseBody: 'Hi', responseStatus: 'winner', responseReason: 'r' }, 'responseStatus', 'Choose a status from the list'],
    ['a status staff may not set', { responseBody: 'Hi', responseStatus: 'withdrawn', responseReason: 'r' }, 'responseStatus', 'Choose a status from the list'],
    ['a status without a reason', { responseBody: 'Hi', responseStatus: 'accepted', responseReason: ' ' }, 'responseReason', 'Give the reason for the new status'],
    ['an oversized reason', { responseBody: 'Hi', responseStatus: 'accepted', responseReason: 'r'.repeat(1_001) }, 'responseReason', 'This is too long'],
    ['a reason without a status', { responseBody: 'Hi', responseReason: 'Because' }, 'responseReason', 'Choose the new status this reason explains'],
    ['the current status', { responseBody: 'Hi', responseStatus: 'under_consideration', responseReason: 'Again' }, 'responseStatus', 'The idea already has this status'],
  ];

  it.each(cases)('refuses %s with 422, the text as typed and an error summary, storing nothing (HTML and htmx)', async (_label, form, field, message) => {
    const w = await world();
    await db().update(ideas).set({ status: 'under_consideration' }).where(eq(ideas.id, w.idea.id));
    const member = await w.as('member');
    const key = await formKey(member, w.idea.id);
    const plain = await member.post(`/ideas/${w.idea.id}/responses`, { submissionKey: key, ...form });
    expect(plain.status).toBe(422);
    const page = unescapeHtml(await plain.text());
    expect(page).toContain('<html');
    expect(page).toContain('class="error-summary"');
    expect(page).toContain(`href="#${field}"`);
    expect(page).toContain(message);
    expect(page).toContain(`value="${key}"`); // the same form, still good for a corrected submit
    if (form['responseBody']!.trim() && form['responseBody']!.length < 200) expect(page).toContain(form['responseBody']!.trim());

    const hx = await member.post(`/ideas/${w.idea.id}/responses`, { submissionKey: key, ...form }, HX);
    expect(hx.status).toBe(422);
    const fragment = unescapeHtml(await hx.text());
    expect(fragment.startsWith('<section id="responses"')).toBe(true);
    expect(fragment).toContain(`href="#${field}"`);
    expect(fragment).toContain(message);
    expect(fragment).toContain('autofocus');

    expect(await responseCount(w.idea.id)).toBe(0);
    const idea = await ideaById(w.idea.id);
    expect(idea.status).toBe('under_consideration');
    expect(idea.respondedAt).toBeNull();
  });

  it('a form without a (valid) submission key is refused and re-rendered with a fresh key', async () => {
    const w = await world();
    const res = await (await w.as('owner')).post(`/ideas/${w.idea.id}/responses`, { submissionKey: 'x', responseBody: 'Hi' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This form has expired');
    expect(keyOf(html)).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(await responseCount(w.idea.id)).toBe(0);
  });
});

describe('response deadlines', () => {
  it('the challenge page shows the rule, how many ideas await a response and the overdue ones; answering clears the due date', async () => {
    const w = await world();
    const now = Date.now();
    const overdue = w.idea;
    const dueSoon = await createIdea(db(), w.challenge.id, w.users.author.id, { title: 'Parklets outside cafés' });
    const withdrawn = await createIdea(db(), w.challenge.id, w.users.author.id, { title: 'Withdrawn overdue idea', status: 'withdrawn' });
    const notYet = await createIdea(db(), w.challenge.id, w.users.author.id, { title: 'Not yet at the threshold' });
    const elsewhere = await createChallenge(db(), w.council.id, { responseDays: 7, responseThreshold: 1 });
    const elsewhereIdea = await createIdea(db(), elsewhere.id, w.users.author.id, { title: 'Overdue in another challenge' });
    await db().update(ideas).set({ supportCount: 3, responseDueAt: new Date(now - 2 * DAY) }).where(eq(ideas.id, overdue.id));
    await db().update(ideas).set({ supportCount: 4, responseDueAt: new Date(now + 5 * DAY) }).where(eq(ideas.id, dueSoon.id));
    await db().update(ideas).set({ supportCount: 3, responseDueAt: new Date(now - 3 * DAY) }).where(eq(ideas.id, withdrawn.id));
    await db().update(ideas).set({ supportCount: 1, responseDueAt: new Date(now - 3 * DAY) }).where(eq(ideas.id, elsewhereIdea.id));
    const anon = await w.as('anonymous');

    const record = async () => {
      const html = unescapeHtml(await (await anon.get(`/challenges/${w.challenge.id}`)).text());
      return /<section id="response-record"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    };
    let section = await record();
    expect(section).toContain('Council responses');
    expect(section).toContain('The council responds within 14 days to ideas with at least 3 supports.');
    expect(section).toMatch(/<dt>Awaiting a response<\/dt><dd>2<\/dd>/);
    expect(section).toMatch(/<dt>Overdue<\/dt><dd>1<\/dd>/);
    expect(section).toContain(`href="/ideas/${overdue.id}"`);
    expect(section).not.toContain(`href="/ideas/${dueSoon.id}"`);
    expect(section).not.toContain(withdrawn.title);
    expect(section).not.toContain(notYet.title);
    expect(section).not.toContain(elsewhereIdea.title);
    expect(section).not.toContain('href="/account/responses"');

    // The idea pages say it publicly.
    expect(await (await anon.get(`/ideas/${overdue.id}`)).text()).toContain('Response overdue since');
    expect(await (await anon.get(`/ideas/${dueSoon.id}`)).text()).toContain('The council has committed to respond by');
    expect(await (await anon.get(`/ideas/${notYet.id}`)).text()).not.toMatch(/committed to respond|overdue since/);

    const member = await w.as('member');
    expect(await (await member.get(`/challenges/${w.challenge.id}`)).text()).toContain('href="/account/responses"');
    expect((await answer(member, overdue.id, { responseBody: 'Sorry for the wait: yes.' })).status).toBe(303);
    const answered = await ideaById(overdue.id);
    expect(answered.responseDueAt).toBeNull();
    expect(answered.respondedAt).not.toBeNull();
    expect(await (await anon.get(`/ideas/${overdue.id}`)).text()).not.toContain('Response overdue since');

    section = await record();
    expect(section).toMatch(/<dt>Awaiting a response<\/dt><dd>1<\/dd>/);
    expect(section).toMatch(/<dt>Overdue<\/dt><dd>0<\/dd>/);
    expect(section).not.toContain(`href="/ideas/${overdue.id}"`);

    expect((await answer(member, dueSoon.id, { responseBody: 'Yes.' })).status).toBe(303);
    section = await record();
    expect(section).toMatch(/<dt>Awaiting a response<\/dt><dd>0<\/dd>/);
    expect(section).toContain('No idea is waiting for a response.');
  });

  it('shows nothing on a challenge without a response rule, and speaks French', async () => {
    const w = await world({ responseDays: null, responseThreshold: null });
    const html = await (await w.as('anonymous')).get(`/challenges/${w.challenge.id}`).then((r) => r.text());
    expect(html).not.toContain('id="response-record"');
    const ruled = await createChallenge(db(), w.council.id, { responseDays: 1, responseThreshold: 1 });
    const fr = new Client(env.app, { 'Accept-Language': 'fr' });
    const french = unescapeHtml(await (await fr.get(`/challenges/${ruled.id}`)).text());
    expect(french).toContain('Le conseil répond sous 1 jour aux idées qui ont au moins 1 soutien.');
    expect(unescapeHtml(await (await fr.get(`/ideas/${w.idea.id}`)).text())).toContain('Historique du statut');
  });

  it('lists more than ten overdue ideas as the ten longest overdue and a count of the rest', async () => {
    const w = await world();
    const now = Date.now();
    for (let i = 0; i < 12; i++) {
      const idea = await createIdea(db(), w.challenge.id, w.users.author.id, { title: `Overdue ${String(i).padStart(2, '0')}` });
      await db().update(ideas).set({ responseDueAt: new Date(now - (20 - i) * DAY) }).where(eq(ideas.id, idea.id));
    }
    const page = unescapeHtml(await (await w.as('anonymous')).get(`/challenges/${w.challenge.id}`).then((r) => r.text()));
    const html = /<section id="response-record"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    const titles = [...html.matchAll(/<a href="\/ideas\/[^"]+">(Overdue \d\d)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Overdue 00', 'Overdue 01', 'Overdue 02', 'Overdue 03', 'Overdue 04', 'Overdue 05', 'Overdue 06', 'Overdue 07', 'Overdue 08', 'Overdue 09']);
    expect(html).toContain('…and 2 more.');
  });
});

describe('ideas awaiting a response (/account/responses)', () => {
  it('lists only the ideas of the person’s councils’ published and archived challenges, overdue first', async () => {
    const w = await world();
    const now = Date.now();
    const due = async (challengeId: string, title: string, days: number) => {
      const idea = await createIdea(db(), challengeId, w.users.author.id, { title });
      await db().update(ideas).set({ responseDueAt: new Date(now + days * DAY) }).where(eq(ideas.id, idea.id));
      return idea;
    };
    await db().update(ideas).set({ responseDueAt: new Date(now + 3 * DAY) }).where(eq(ideas.id, w.idea.id));
    await due(w.challenge.id, 'Most overdue idea', -5);
    await due(w.challenge.id, 'Withdrawn one', -6).then((i) => db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, i.id)));
    const archived = await createChallenge(db(), w.council.id, { status: 'archived', archivedAt: new Date() });
    await due(archived.id, 'From an archived challenge', -1);
    const draft = await createChallenge(db(), w.council.id, { status: 'draft', publishedAt: null });
    await due(draft.id, 'From a draft challenge', -2);
    const other = await createChallenge(db(), w.otherCouncil.id);
    await due(other.id, 'Another council’s idea', -4);

    const html = unescapeHtml(await (await (await w.as('member')).get('/account/responses')).text());
    const titles = [...html.matchAll(/<a href="\/ideas\/[^"#]+#responses">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Most overdue idea', 'From an archived challenge', w.idea.title]);
    expect(html).toContain('Overdue since');
    expect(html).toContain('Due by');

    const otherHtml = unescapeHtml(await (await (await w.as('otherStaff')).get('/account/responses')).text());
    expect([...otherHtml.matchAll(/<a href="\/ideas\/[^"#]+#responses">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual(['Another council’s idea']);

    for (const who of ['citizen', 'admin', 'partner'] as const) {
      const page = await (await w.as(who)).get('/account/responses');
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text, who).toContain('No idea is waiting for a response from your council.');
      expect(text, who).not.toContain('#responses"');
    }
    const anon = await (await w.as('anonymous')).get('/account/responses');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toMatch(/^\/sign-in/);
    expect((await (await w.as('member')).get('/account/responses?after=garbage')).status).toBe(400);
  });

  it('pages with a keyset cursor: every idea once, in order, even with equal due dates', async () => {
    const w = await world();
    const at = new Date(Date.now() - DAY);
    const ids: string[] = [w.idea.id];
    await db().update(ideas).set({ responseDueAt: at }).where(eq(ideas.id, w.idea.id));
    for (let i = 0; i < 6; i++) {
      const idea = await createIdea(db(), w.challenge.id, w.users.author.id);
      await db().update(ideas).set({ responseDueAt: i < 3 ? at : new Date(at.getTime() + (i + 1) * 1000) }).where(eq(ideas.id, idea.id));
      ids.push(idea.id);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let n = 0; n < 10; n++) {
      const page = await listAwaitingResponses(db(), w.users.owner.id, after, 2);
      seen.push(...page.items.map((i) => i.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    const rows = await db().select({ id: ideas.id, due: ideas.responseDueAt }).from(ideas).where(eq(ideas.challengeId, w.challenge.id));
    const dueOf = new Map(rows.map((r) => [r.id, r.due!.getTime()]));
    const order = seen.map((id) => [dueOf.get(id)!, id] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
    // The route's "next" link works the same way.
    const html = await (await (await w.as('owner')).get('/account/responses')).text();
    expect(html).not.toContain('rel="next"'); // 7 ideas fit on one page of 50
  });
});

describe('queries per page', () => {
  it('are constant whatever the number of responses, overdue ideas or awaiting ideas', async () => {
    const small = await world();
    const large = await world();
    const now = Date.now();
    const owner = await large.as('owner');
    for (let i = 0; i < 6; i++) expect((await answer(owner, large.idea.id, { responseBody: `Response ${i}` })).status).toBe(303);
    expect((await answer(await small.as('owner'), small.idea.id, { responseBody: 'Only one' })).status).toBe(303);
    for (const w of [small, large]) {
      for (let i = 0; i < (w === small ? 1 : 14); i++) {
        const idea = await createIdea(db(), w.challenge.id, w.users.author.id);
        await db().update(ideas).set({ responseDueAt: new Date(now - (i + 1) * DAY) }).where(eq(ideas.id, idea.id));
      }
    }
    for (const who of ['anonymous', 'member'] as const) {
      const s = await small.as(who);
      const l = await large.as(who);
      await s.get('/privacy');
      await l.get('/privacy');
      const ideaSmall = await env.countQueries(() => s.get(`/ideas/${small.idea.id}`));
      const ideaLarge = await env.countQueries(() => l.get(`/ideas/${large.idea.id}`));
      expect(ideaLarge, `idea page as ${who}`).toBe(ideaSmall);
      const chSmall = await env.countQueries(() => s.get(`/challenges/${small.challenge.id}`));
      const chLarge = await env.countQueries(() => l.get(`/challenges/${large.challenge.id}`));
      expect(chLarge, `challenge page as ${who}`).toBe(chSmall);
    }
    const s = await small.as('member');
    const l = await large.as('member');
    const listSmall = await env.countQueries(() => s.get('/account/responses'));
    const listLarge = await env.countQueries(() => l.get('/account/responses'));
    expect(listLarge).toBe(listSmall);
  });
});
