/**
 * What an idea's status does to it (issue 10, points 12, 14, 16 and the withdrawal of 21):
 * - "not taken forward": no new supports, its supporters get theirs back while voting is open,
 *   it leaves the default list (the status filter still finds it), its page says how many
 *   supported it when it was decided, comments stay open; the decision stands while voting is open;
 * - the other staff statuses keep taking supports;
 * - withdrawing asks for a reason (and an explanation, needed for "other") on a confirmation
 *   step, shown on the idea; withdrawn ideas are found with the status filter;
 * - once voting has closed, the list defaults to the most supported first and says so (not while
 *   counts are hidden).
 * Through the routes (app.request) against a real database.
 */
import { randomBytes } from 'node:crypto';
import { onTestFinished, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { challengeVoters, comments, events, ideaResponses, ideas, ideaVotes } from '../../src/db/schema/index.js';
import { translator } from '../../src/i18n/index.js';
import { listSupportedIdeas } from '../../src/features/votes/queries.js';
import { findVoteDrift } from '../../src/features/votes/reconcile.js';
import { Client, HX } from '../support/app.js';
import { createChallenge, createIdea, createOrganisation, createUser, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv, type Person } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();
const t = { en: translator('en'), fr: translator('fr') };
const FR = { 'Accept-Language': 'fr' };

const key = () => randomBytes(18).toString('base64url');
const ideaRow = async (id: string) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const voteCount = async (ideaId: string) => (await db().select({ n: count() }).from(ideaVotes).where(eq(ideaVotes.ideaId, ideaId)))[0]!.n;
const used = async (challengeId: string, userId: string) =>
  (await db().select({ n: challengeVoters.votesUsed }).from(challengeVoters).where(and(eq(challengeVoters.challengeId, challengeId), eq(challengeVoters.userId, userId))))[0]?.n ?? 0;
const eventsOf = (ideaId: string, name: string) => db().select().from(events).where(and(eq(events.entityId, ideaId), eq(events.name, name)));
const noDrift = async (challengeId: string) => expect(await findVoteDrift(db(), { challengeId })).toEqual({ ideas: [], voters: [] });

/** The ids of the idea cards in a page or fragment, in order. */
const idsIn = (html: string) => [...html.matchAll(/<h3[^>]*><a href="\/ideas\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
/** The vote control of one idea in a page. */
function controlOf(html: string, ideaId: string): string {
  const start = html.indexOf(`<div id="vote-${ideaId}"`);
  if (start < 0) throw new Error(`no vote control for ${ideaId}`);
  return html.slice(start, html.indexOf('</div>', start) + 6);
}
const pageOf = async (client: Client, url: string) => {
  const res = await client.get(url);
  expect(res.status, url).toBe(200);
  return unescapeHtml(await res.text());
};
const selectedSort = (html: string) => /<select id="ideas-sort" name="sort">[\s\S]*?<option value="([a-z]+)" selected=""/.exec(html)?.[1];

/** A council, a challenge whose voting opened yesterday and closes in a week, and a member of its staff. */
async function votingChallenge(over: Parameters<typeof createChallenge>[2] = {}) {
  const council = await createOrganisation(db(), { kind: 'council' });
  const now = Date.now();
  const challenge = await createChallenge(db(), council.id, {
    submissionsOpenAt: new Date(now - 20 * DAY),
    submissionsCloseAt: new Date(now - 2 * DAY),
    votingOpenAt: new Date(now - DAY),
    votingCloseAt: new Date(now + 7 * DAY),
    voteBudget: 2,
    ...over,
  });
  const staff = await staffOf(council);
  return { council, challenge, staff };
}

/** A published idea by a fresh author. */
async function ideaIn(challengeId: string, title: string, over: Parameters<typeof createIdea>[3] = {}) {
  const author = await createUser(db());
  return createIdea(db(), challengeId, author.id, { title, ...over });
}

const support = (who: Person, ideaId: string, headers: Record<string, string> = {}) => who.client.post(`/ideas/${ideaId}/support`, {}, headers);
const unsupport = (who: Person, ideaId: string) => who.client.post(`/ideas/${ideaId}/unsupport`, {});

/** An official response moving the idea to `status`, sent from the idea page's form (its submission key). */
async function respond(staff: Person, ideaId: string, status: string) {
  const keyOnPage = /name="submissionKey" value="([^"]+)"/.exec(await (await staff.client.get(`/ideas/${ideaId}`)).text())?.[1];
  expect(keyOnPage, 'the answer form on the idea page').toBeTruthy();
  return staff.client.post(`/ideas/${ideaId}/responses`, { submissionKey: keyOnPage!, responseBody: 'Our answer.', responseStatus: status, responseReason: 'Decided by the panel.' });
}

describe('not taken forward (point 12)', () => {
  it('takes no new support, gives its supporters theirs back while voting is open, leaves the default list, says how many supported it; comments stay open', async () => {
    const { challenge, staff } = await votingChallenge();
    const x = await ideaIn(challenge.id, 'Solar benches on the promenade');
    const y = await ideaIn(challenge.id, 'A repair café in the library');
    const z = await ideaIn(challenge.id, 'Night buses on Fridays');
    const [a, b, c] = [await person(), await person(), await person()];
    for (const [who, idea] of [[a, x], [a, y], [b, x]] as const) expect((await support(who, idea.id)).status).toBe(303);
    expect(await used(challenge.id, a.user.id)).toBe(2); // a's budget (2) is spent
    expect((await support(a, z.id)).status).toBe(403);

    expect((await respond(staff, x.id, 'not_taken_forward')).status).toBe(303);
    expect((await ideaRow(x.id)).status).toBe('not_taken_forward');
    // The supports are given back; the rows and the count stay as they were at the decision.
    expect(await used(challenge.id, a.user.id)).toBe(1);
    expect(await used(challenge.id, b.user.id)).toBe(0);
    expect(await voteCount(x.id)).toBe(2);
    expect((await ideaRow(x.id)).supportCount).toBe(2);
    expect((await listSupportedIdeas(db(), a.user.id)).items.map((i) => i.ideaId)).toEqual([y.id]);
    await noDrift(challenge.id);
    const [decided] = await eventsOf(x.id, 'idea.respond');
    expect(decided!.payload).toMatchObject({ statusFrom: 'submitted', statusTo: 'not_taken_forward' });

    // a spends the support that came back on another idea.
    expect((await support(a, z.id)).status).toBe(303);
    expect(await used(challenge.id, a.user.id)).toBe(2);

    // No new support, no support withdrawn from it: the reason instead (plain and htmx).
    const refused = await support(c, x.id);
    expect(refused.status).toBe(403);
    expect(unescapeHtml(await refused.text())).toContain(t.en('votes.policy.notTakenForward'));
    const refusedHx = await support(c, x.id, HX);
    expect(refusedHx.status).toBe(403);
    expect(unescapeHtml(await refusedHx.text())).toContain(t.en('votes.policy.notTakenForward'));
    expect((await unsupport(b, x.id)).status).toBe(403);
    expect(await voteCount(x.id)).toBe(2);
    expect(await used(challenge.id, b.user.id)).toBe(0);
    await noDrift(challenge.id);

    // Its page: the reason in place of the Support control, how many supported it, that supports came back.
    for (const [lang, client] of [['en', new Client(env.app)], ['fr', new Client(env.app, FR)]] as const) {
      const page = await pageOf(client, `/ideas/${x.id}`);
      const control = controlOf(page, x.id);
      expect(control).not.toContain('<form');
      expect(control).toContain(t[lang]('votes.policy.notTakenForward'));
      expect(page).toContain(t[lang]('ideas.page.notTakenForward'));
      expect(page).toContain(t[lang]('ideas.page.notTakenForward.supporters', { count: 2 }));
      expect(page).toContain(t[lang]('ideas.page.notTakenForward.supportsBack'));
    }
    // A supporter sees no control either (no "withdraw support" on it).
    expect(controlOf(await pageOf(a.client, `/ideas/${x.id}`), x.id)).not.toContain('<form');

    // The default list leaves it out (every order); the status filter finds it.
    const anon = new Client(env.app);
    for (const sort of ['', '?sort=newest', '?sort=supported', '?sort=random&seed=abc']) {
      const ids = idsIn(await pageOf(anon, `/challenges/${challenge.id}${sort}`));
      expect(ids.sort(), sort).toEqual([y.id, z.id].sort());
    }
    expect(idsIn(await pageOf(anon, `/challenges/${challenge.id}?status=not_taken_forward`))).toEqual([x.id]);
    // Nor is it offered as a similar idea to support instead.
    expect(await (await anon.get(`/challenges/${challenge.id}/ideas/similar?title=${encodeURIComponent('Solar benches on the promenade')}`)).text()).not.toContain(x.id);

    // Comments stay open.
    const posted = await c.client.post(`/ideas/${x.id}/comments`, { submissionKey: key(), body: 'A pity: maybe next year?' });
    expect(posted.status).toBe(303);
    expect((await db().select({ n: count() }).from(comments).where(eq(comments.subjectId, x.id)))[0]!.n).toBe(1);
  });

  it('under consideration, shortlisted, accepted, in progress, implemented: supports go on while voting is open', async () => {
    const { challenge, staff } = await votingChallenge({ voteBudget: 10 });
    for (const status of ['under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented']) {
      const idea = await ideaIn(challenge.id, `Idea going ${status}`);
      const fan = await person();
      expect((await support(fan, idea.id)).status).toBe(303);
      expect((await respond(staff, idea.id, status)).status).toBe(303);
      expect((await ideaRow(idea.id)).status).toBe(status);
      expect(await used(challenge.id, fan.user.id), status).toBe(1); // still counts
      const late = await person();
      expect((await support(late, idea.id)).status, status).toBe(303);
      expect((await ideaRow(idea.id)).supportCount, status).toBe(2);
      expect(controlOf(await pageOf(late.client, `/ideas/${idea.id}`), idea.id)).toContain(`action="/ideas/${idea.id}/unsupport"`);
      expect(idsIn(await pageOf(new Client(env.app), `/challenges/${challenge.id}?sort=newest`))).toContain(idea.id);
    }
    await noDrift(challenge.id);
  });

  it('the decision stands while voting is open; once voting has closed it may change, and its supports count again', async () => {
    const { challenge, staff } = await votingChallenge();
    const x = await ideaIn(challenge.id, 'Heated bus shelters');
    const fan = await person();
    expect((await support(fan, x.id)).status).toBe(303);
    expect((await respond(staff, x.id, 'not_taken_forward')).status).toBe(303);
    expect(await used(challenge.id, fan.user.id)).toBe(0);

    const held = await respond(staff, x.id, 'under_consideration');
    expect(held.status).toBe(422);
    expect(unescapeHtml(await held.text())).toContain(t.en('ideas.policy.notTakenForwardStands'));
    expect((await ideaRow(x.id)).status).toBe('not_taken_forward');
    expect((await db().select({ n: count() }).from(ideaResponses).where(eq(ideaResponses.ideaId, x.id)))[0]!.n).toBe(1);
    expect(await used(challenge.id, fan.user.id)).toBe(0);

    env.clock.advance(8 * DAY); // voting has closed
    onTestFinished(() => env.clock.reset());
    expect((await respond(staff, x.id, 'under_consideration')).status).toBe(303);
    expect((await ideaRow(x.id)).status).toBe('under_consideration');
    expect(await used(challenge.id, fan.user.id)).toBe(1); // the support counts again
    await noDrift(challenge.id);
  });

  it('an author withdrawing an idea not taken forward gives nothing back twice', async () => {
    const { challenge, staff } = await votingChallenge();
    const author = await person();
    const x = await createIdea(db(), challenge.id, author.user.id, { title: 'Pop-up play streets' });
    const other = await ideaIn(challenge.id, 'Benches at every bus stop');
    const fan = await person();
    expect((await support(fan, x.id)).status).toBe(303);
    expect((await support(fan, other.id)).status).toBe(303);
    expect((await respond(staff, x.id, 'not_taken_forward')).status).toBe(303);
    expect(await used(challenge.id, fan.user.id)).toBe(1);
    expect((await author.client.post(`/ideas/${x.id}/withdraw`, { reason: 'no_longer_relevant' })).status).toBe(303);
    expect(await used(challenge.id, fan.user.id)).toBe(1);
    await noDrift(challenge.id);
  });

  it('while counts are hidden, its page does not say how many supported it (once voting closes, it does)', async () => {
    const { challenge, staff } = await votingChallenge({ hideCounts: true });
    const x = await ideaIn(challenge.id, 'Community fridges');
    for (let i = 0; i < 3; i++) expect((await support(await person(), x.id)).status).toBe(303);
    expect((await respond(staff, x.id, 'not_taken_forward')).status).toBe(303);
    const anon = new Client(env.app);
    const hidden = await pageOf(anon, `/ideas/${x.id}`);
    expect(hidden).toContain(t.en('ideas.page.notTakenForward'));
    expect(hidden).not.toContain(t.en('ideas.page.notTakenForward.supporters', { count: 3 }));
    env.clock.advance(8 * DAY);
    onTestFinished(() => env.clock.reset());
    const shown = await pageOf(anon, `/ideas/${x.id}`);
    expect(shown).toContain(t.en('ideas.page.notTakenForward.supporters', { count: 3 }));
    expect(shown).not.toContain(t.en('ideas.page.notTakenForward.supportsBack')); // voting is over
  });
});

describe('withdrawing an idea with a reason (points 14 and 21)', () => {
  /** An idea open for ideas (so its author could still edit it) by a signed-in author. */
  async function authorsIdea(headers: Record<string, string> = {}) {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const author = await person(headers['Accept-Language'] === 'fr' ? { locale: 'fr' } : {});
    const idea = await createIdea(db(), challenge.id, author.user.id, { title: 'Shade sails over the market' });
    return { challenge, idea, author };
  }

  it('asks on a confirmation step (its own page, or in place with htmx); refuses what is missing; stores and shows the reason and explanation', async () => {
    const { challenge, idea, author } = await authorsIdea();
    // The idea page offers a link to the confirmation, not a one-click form.
    const page = await pageOf(author.client, `/ideas/${idea.id}`);
    expect(page).toContain(`href="/ideas/${idea.id}/withdraw"`);
    expect(page).not.toContain(`<form method="post" action="/ideas/${idea.id}/withdraw"`);

    const confirm = await pageOf(author.client, `/ideas/${idea.id}/withdraw`);
    expect(confirm).toContain(`<h1>${t.en('ideas.withdraw.title')}</h1>`);
    for (const r of ['duplicate', 'no_longer_relevant', 'done_elsewhere', 'other'] as const) {
      expect(confirm).toContain(`name="reason" value="${r}"`);
      expect(confirm).toContain(t.en(`ideas.withdraw.reason.${r}`));
    }
    expect(confirm).toContain('<textarea id="explanation" name="explanation"');
    expect(confirm).toContain('<form id="withdraw-form" class="withdraw-form" method="post" action="/ideas/' + idea.id + '/withdraw"');
    // With htmx: the form alone, for the idea page's slot.
    const inline = await author.client.get(`/ideas/${idea.id}/withdraw`, HX);
    expect(inline.status).toBe(200);
    const fragment = await inline.text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain(`data-hx-post="/ideas/${idea.id}/withdraw"`);
    expect(fragment).toContain(`<h2>${t.en('ideas.withdraw.title')}</h2>`);

    const refusals: [Record<string, string>, string, Record<string, string>][] = [
      [{}, t.en('ideas.withdraw.reasonRequired'), {}],
      [{ reason: 'bored' }, t.en('ideas.withdraw.reasonRequired'), {}],
      [{ reason: 'other', explanation: '   ' }, t.en('ideas.withdraw.explanationRequired'), {}],
      [{ reason: 'duplicate', explanation: 'x'.repeat(1001) }, t.en('validation.tooLong'), {}],
      [{ reason: 'duplicate', explanation: 'bad\u0000byte' }, t.en('validation.characters'), {}],
      [{ reason: 'other' }, t.en('ideas.withdraw.explanationRequired'), HX],
    ];
    for (const [form, message, headers] of refusals) {
      const res = await author.client.post(`/ideas/${idea.id}/withdraw`, form, headers);
      expect(res.status, JSON.stringify(form)).toBe(422);
      const html = unescapeHtml(await res.text());
      expect(html).toContain(message);
      expect(html.includes('<html'), 'a whole page without htmx, the form alone with it').toBe(headers !== HX);
    }
    expect((await ideaRow(idea.id)).status).toBe('submitted');
    expect(await eventsOf(idea.id, 'idea.withdraw')).toHaveLength(0);

    const explanation = 'It is the same as the <b>shade</b> idea from June.\n\nI support that one instead.';
    const done = await author.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'duplicate', explanation });
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe(`/ideas/${idea.id}`);
    expect(await ideaRow(idea.id)).toMatchObject({ status: 'withdrawn', withdrawReason: 'duplicate', withdrawExplanation: explanation });
    const [event] = await eventsOf(idea.id, 'idea.withdraw');
    expect(event!.payload).toEqual({ from: 'submitted', reason: 'duplicate' }); // codes only, not the author's words

    // Shown on its page, in both languages, the explanation as plain text.
    for (const [lang, client] of [['en', new Client(env.app)], ['fr', new Client(env.app, FR)]] as const) {
      const res = await client.get(`/ideas/${idea.id}`);
      expect(res.status).toBe(200);
      const raw = await res.text();
      expect(raw).toContain('It is the same as the &lt;b&gt;shade&lt;/b&gt; idea from June.</p><p>I support that one instead.');
      const html = unescapeHtml(raw);
      expect(html).toContain(t[lang]('ideas.page.withdrawn'));
      expect(html).toContain(`<dt>${t[lang]('ideas.page.withdrawReason')}</dt><dd>${t[lang]('ideas.withdraw.reason.duplicate')}</dd>`);
      expect(html).toContain(`<dt>${t[lang]('ideas.page.withdrawExplanation')}</dt>`);
    }

    // Out of the default list; the "withdrawn" filter lists it.
    const anon = new Client(env.app);
    expect(idsIn(await pageOf(anon, `/challenges/${challenge.id}`))).toEqual([]);
    const filtered = await pageOf(anon, `/challenges/${challenge.id}?status=withdrawn`);
    expect(idsIn(filtered)).toEqual([idea.id]);
    expect(filtered).toContain(`<option value="withdrawn" selected="">${t.en('ideas.status.withdrawn')}</option>`);
    expect(idsIn(await pageOf(new Client(env.app, FR), `/challenges/${challenge.id}?status=withdrawn&sort=newest`))).toEqual([idea.id]);

    // Done once: the confirmation is not offered again.
    expect((await author.client.get(`/ideas/${idea.id}/withdraw`)).status).toBe(403);
    expect((await author.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'other', explanation: 'Again' })).status).toBe(403);
    expect(await eventsOf(idea.id, 'idea.withdraw')).toHaveLength(1);
  });

  it('in French: the confirmation, its errors and the reason on the idea page', async () => {
    const { idea, author } = await authorsIdea(FR);
    const confirm = await pageOf(author.client, `/ideas/${idea.id}/withdraw`);
    expect(confirm).toContain('<html lang="fr"');
    expect(confirm).toContain(`<h1>${t.fr('ideas.withdraw.title')}</h1>`);
    expect(confirm).toContain(t.fr('ideas.withdraw.reason.done_elsewhere'));
    const refused = await author.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'other' });
    expect(refused.status).toBe(422);
    expect(unescapeHtml(await refused.text())).toContain(t.fr('ideas.withdraw.explanationRequired'));
    const htmx = await author.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'done_elsewhere' }, HX);
    expect(htmx.status).toBe(204); // htmx is sent to the idea page, where the flash waits
    expect(htmx.headers.get('HX-Redirect')).toBe(`/ideas/${idea.id}`);
    const page = await pageOf(author.client, `/ideas/${idea.id}`);
    expect(page).toContain(t.fr('ideas.flash.withdrawn'));
    expect(page).toContain(`<dd>${t.fr('ideas.withdraw.reason.done_elsewhere')}</dd>`);
    expect(page).not.toContain(`<dt>${t.fr('ideas.page.withdrawExplanation')}</dt>`); // none given
  });

  it('only its author may open or send the confirmation; nothing changes otherwise', async () => {
    const { idea } = await authorsIdea();
    const other = await person();
    const admin = await person({ isAdmin: true });
    for (const who of [other, admin]) {
      expect((await who.client.get(`/ideas/${idea.id}/withdraw`)).status).toBe(403);
      expect((await who.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'duplicate' })).status).toBe(403);
    }
    const anon = new Client(env.app);
    const get = await anon.get(`/ideas/${idea.id}/withdraw`);
    expect(get.status).toBe(303);
    expect(get.headers.get('Location')).toMatch(/^\/sign-in/);
    expect((await anon.post(`/ideas/${idea.id}/withdraw`, { reason: 'duplicate' })).status).toBe(303);
    expect((await other.client.get('/ideas/00000000-0000-4000-8000-000000000000/withdraw')).status).toBe(404);
    expect((await other.client.get('/ideas/not-an-id/withdraw')).status).toBe(404);
    expect((await ideaRow(idea.id)).status).toBe('submitted');
  });

  it('the "withdrawn" filter lists ideas that had been published, not withdrawn drafts', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const shown = await ideaIn(challenge.id, 'Was public', { status: 'withdrawn', withdrawnAt: new Date() });
    await ideaIn(challenge.id, 'Never public', { status: 'withdrawn', publishedAt: null, withdrawnAt: new Date() });
    expect(idsIn(await pageOf(new Client(env.app), `/challenges/${challenge.id}?status=withdrawn`))).toEqual([shown.id]);
  });
});

describe('the list once voting has closed (point 16)', () => {
  /** Three ideas with 1, 3 and 2 supports (as the maintained count), in a challenge with these dates. */
  async function rankedChallenge(over: Parameters<typeof createChallenge>[2]) {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id, over);
    const one = await ideaIn(challenge.id, 'One supporter', { supportCount: 1 });
    const three = await ideaIn(challenge.id, 'Three supporters', { supportCount: 3 });
    const two = await ideaIn(challenge.id, 'Two supporters', { supportCount: 2 });
    return { challenge, ranked: [three.id, two.id, one.id] };
  }
  const now = Date.now();
  const closed = { submissionsOpenAt: new Date(now - 30 * DAY), submissionsCloseAt: new Date(now - 20 * DAY), votingOpenAt: new Date(now - 15 * DAY), votingCloseAt: new Date(now - DAY) };
  const open = { ...closed, votingCloseAt: new Date(now + 5 * DAY) };

  it('defaults to the most supported first and says so, in English and French; another order can still be chosen', async () => {
    const { challenge, ranked } = await rankedChallenge(closed);
    for (const [lang, client] of [['en', new Client(env.app)], ['fr', new Client(env.app, FR)]] as const) {
      const html = await pageOf(client, `/challenges/${challenge.id}`);
      expect(idsIn(html)).toEqual(ranked);
      expect(selectedSort(html)).toBe('supported');
      expect(html).toContain(t[lang]('ideas.sort.supported.voteOver'));
      expect(html).not.toContain(t[lang]('ideas.sort.random.hint'));
    }
    const newest = await pageOf(new Client(env.app), `/challenges/${challenge.id}?sort=newest`);
    expect(selectedSort(newest)).toBe('newest');
    expect(newest).not.toContain(t.en('ideas.sort.supported.voteOver'));
    // The htmx filter answers the same.
    const hx = await new Client(env.app).get(`/challenges/${challenge.id}/ideas`, HX);
    expect(idsIn(await hx.text())).toEqual(ranked);
  });

  it('also once the challenge closed early during the vote, or was archived', async () => {
    const early = await rankedChallenge({ ...open, closedEarlyAt: new Date(now - DAY) });
    expect(idsIn(await pageOf(new Client(env.app), `/challenges/${early.challenge.id}`))).toEqual(early.ranked);
    const archived = await rankedChallenge({ ...open, status: 'archived' });
    expect(idsIn(await pageOf(new Client(env.app), `/challenges/${archived.challenge.id}`))).toEqual(archived.ranked);
  });

  it('keeps the fair random order while voting is open, and where there was no vote', async () => {
    const { challenge } = await rankedChallenge(open);
    const html = await pageOf(new Client(env.app), `/challenges/${challenge.id}`);
    expect(selectedSort(html)).toBe('random');
    expect(html).toContain(t.en('ideas.sort.random.hint'));
    expect(html).not.toContain(t.en('ideas.sort.supported.voteOver'));
    const noVote = await rankedChallenge({ ...closed, votingOpenAt: null, votingCloseAt: null, closedEarlyAt: new Date(now - DAY) });
    expect(selectedSort(await pageOf(new Client(env.app), `/challenges/${noVote.challenge.id}`))).toBe('random');
  });

  it('with hidden counts: random while voting is open, most supported once it has closed and the counts show', async () => {
    const hiddenOpen = await rankedChallenge({ ...open, hideCounts: true });
    const during = await pageOf(new Client(env.app), `/challenges/${hiddenOpen.challenge.id}`);
    expect(selectedSort(during)).toBe('random');
    expect(during).not.toContain(t.en('ideas.sort.supported.voteOver'));
    const hiddenClosed = await rankedChallenge({ ...closed, hideCounts: true });
    const after = await pageOf(new Client(env.app), `/challenges/${hiddenClosed.challenge.id}`);
    expect(idsIn(after)).toEqual(hiddenClosed.ranked);
    expect(after).toContain(t.en('ideas.sort.supported.voteOver'));
  });
});
