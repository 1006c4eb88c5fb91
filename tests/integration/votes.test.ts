/**
 * Support votes through the routes (app.request) against a real database: PGlite by default,
 * PostgreSQL with TEST_DATABASE_URL (where the concurrency tests really race).
 */
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { events, challengeVoters, ideas, ideaVotes, jobs } from '../../src/db/schema/index.js';
import { formatDate } from '../../src/i18n/index.js';
import { BadRequestError, ForbiddenError } from '../../src/lib/errors.js';
import { castVote, NO_ORIGIN } from '../../src/features/votes/index.js';
import { supportInTurn, type SupportRow, type SupportTarget } from '../../src/features/votes/commands/support-in-turn.js';
import { serverUrl } from '../support/db.js';
import { firstRow } from '../../src/db/prepared.js';
import { listSupportedIdeas } from '../../src/features/votes/queries.js';
import { findVoteDrift, reconcileVotes } from '../../src/features/votes/reconcile.js';
import { recountTrending, TRENDING_SCHEDULE } from '../../src/features/votes/trending.js';
import { enqueueScheduled } from '../../src/jobs/schedule.js';
import { Client, createTestEnvOn, HX, relaxedLimits, sessionClient } from '../support/app.js';
import { explain } from '../support/explain.js';
import { buildVote, createChallenge, createIdea, createOrganisation, createUser, createVote, DAY, renewPages } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';

/** A challenge whose voting opened yesterday and closes in a week (ideas closed before). */
async function votingChallenge(over: Parameters<typeof createChallenge>[2] = {}) {
  const org = await createOrganisation(db(), { kind: 'council' });
  const now = Date.now();
  const ch = await createChallenge(db(), org.id, {
    submissionsOpenAt: new Date(now - 20 * DAY),
    submissionsCloseAt: new Date(now - 2 * DAY),
    votingOpenAt: new Date(now - DAY),
    votingCloseAt: new Date(now + 7 * DAY),
    voteBudget: 5,
    ...over,
  });
  return { org, ch };
}

/** An idea by a fresh author. */
async function idea(challengeId: string, over: Parameters<typeof createIdea>[3] = {}) {
  const author = await createUser(db());
  return createIdea(db(), challengeId, author.id, over);
}

const support = (client: Client, ideaId: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) => client.post(`/ideas/${ideaId}/support`, form, headers);
const unsupport = (client: Client, ideaId: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) => client.post(`/ideas/${ideaId}/unsupport`, form, headers);

/** Supports an idea without and then with htmx, both refused (403), the page saying `message`; returns the refused control. */
async function refusedSupport(client: Client, ideaId: string, message: string): Promise<string> {
  const res = await support(client, ideaId);
  expect(res.status).toBe(403);
  expect(await res.text()).toContain(message);
  const hx = await support(client, ideaId, {}, HX);
  expect(hx.status).toBe(403);
  return hx.text();
}

const ideaRow = async (id: string) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const voteRows = (ideaId: string) => db().select().from(ideaVotes).where(eq(ideaVotes.ideaId, ideaId));
const used = async (challengeId: string, userId: string) =>
  (await db().select({ n: challengeVoters.votesUsed }).from(challengeVoters).where(and(eq(challengeVoters.challengeId, challengeId), eq(challengeVoters.userId, userId))))[0]?.n ?? 0;
const auditActions = async (ideaId: string) => (await db().select({ a: events.name }).from(events).where(eq(events.entityId, ideaId))).map((r) => r.a);

/** The text of a vote control's live region, as a screen reader reads it. */
function liveText(html: string, ideaId: string): string {
  const m = new RegExp(`<p class="vote-status" id="vote-${ideaId}-status" aria-live="polite" aria-atomic="true">([\\s\\S]*?)</p>`).exec(html);
  if (!m) throw new Error(`no live region for ${ideaId} in:\n${html.slice(0, 2000)}`);
  return m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').replace(/ \./g, '.').trim();
}
/** The supports left a control shows (outside its live region on a page; inside it after an htmx action). */
function budgetOf(html: string, ideaId: string): string | null {
  const start = html.indexOf(`<div id="vote-${ideaId}"`);
  if (start < 0) throw new Error(`no vote control for ${ideaId}`);
  const next = html.indexOf('<div id="vote-', start + 1);
  return /class="vote-budget">([^<]*)</.exec(html.slice(start, next < 0 ? undefined : next))?.[1] ?? null;
}
/** The vote control of one idea in a page. */
function controlOf(html: string, ideaId: string): string {
  const start = html.indexOf(`<div id="vote-${ideaId}"`);
  if (start < 0) throw new Error(`no vote control for ${ideaId}`);
  return html.slice(start, html.indexOf('</div>', start) + 6);
}
const flashOf = (html: string) => /<div class="flash[^"]*" role="[a-z]+">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? null;
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

describe('supporting and withdrawing', () => {
  it('without JavaScript: 303 back to the card with a flash; rows, counts, budget and audit follow', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const { user, client } = await person();
    const returnTo = `/challenges/${ch.id}?sort=newest`;

    const res = await support(client, i.id, { returnTo });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`${returnTo}#vote-${i.id}`);
    expect(await voteRows(i.id)).toHaveLength(1);
    expect(await ideaRow(i.id)).toMatchObject({ supportCount: 1, recentSupport: 1 });
    expect(await used(ch.id, user.id)).toBe(1);
    expect(await auditActions(i.id)).toEqual(['idea.support']);

    const page = await (await client.get(res.headers.get('Location')!.split('#')[0]!)).text();
    expect(decode(flashOf(page)!)).toBe(`Your support for “${i.title}” is recorded. Supports left: 4 of 5.`);
    expect(liveText(page, i.id)).toBe('You support this idea. 1 supporter.');
    expect(budgetOf(page, i.id)).toBe('4 of 5 supports left.');
    expect(controlOf(page, i.id)).toContain(`action="/ideas/${i.id}/unsupport"`);
    expect(controlOf(page, i.id)).toContain(`name="returnTo" value="/challenges/${ch.id}?sort=newest"`);

    const back = await unsupport(client, i.id, { returnTo: `/ideas/${i.id}` });
    expect(back.status).toBe(303);
    expect(back.headers.get('Location')).toBe(`/ideas/${i.id}#vote-${i.id}`);
    expect(await voteRows(i.id)).toHaveLength(0);
    expect(await ideaRow(i.id)).toMatchObject({ supportCount: 0, recentSupport: 0 });
    expect(await used(ch.id, user.id)).toBe(0);
    expect(await auditActions(i.id)).toEqual(['idea.support', 'idea.unsupport']);
    const ideaPage = await (await client.get(`/ideas/${i.id}`)).text();
    expect(decode(flashOf(ideaPage)!)).toBe(`You withdrew your support for “${i.title}”. Supports left: 5 of 5.`);
    expect(liveText(ideaPage, i.id)).toBe('0 supporters.');
    expect(budgetOf(ideaPage, i.id)).toBe('5 of 5 supports left.');
    expect(controlOf(ideaPage, i.id)).toContain(`action="/ideas/${i.id}/support"`);
  });

  it('with htmx: the same control in place, its live region announcing state, count and budget', async () => {
    const { ch } = await votingChallenge({ voteBudget: 3 });
    const i = await idea(ch.id);
    const { client } = await person();
    const res = await support(client, i.id, { returnTo: `/challenges/${ch.id}` }, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith(`<div id="vote-${i.id}" class="vote vote-supported">`)).toBe(true);
    expect(html).not.toContain('<html');
    expect(liveText(html, i.id)).toBe('You support this idea. 1 supporter. 2 of 3 supports left.');
    expect(html).toContain(`data-hx-post="/ideas/${i.id}/unsupport"`);
    expect(html).toContain(`data-hx-target="#vote-${i.id}"`);
    expect(html).toContain(`id="vote-${i.id}-button"`);
    expect(res.headers.get('Set-Cookie') ?? '').not.toContain('cw_flash');

    const back = await unsupport(client, i.id, { returnTo: `/challenges/${ch.id}` }, HX);
    expect(back.status).toBe(200);
    const after = await back.text();
    expect(liveText(after, i.id)).toBe('You no longer support this idea. 0 supporters. 3 of 3 supports left.');
    expect(after).toContain(`data-hx-post="/ideas/${i.id}/support"`);
    // The card list renders the same component, with the same id.
    const page = await (await client.get(`/challenges/${ch.id}`)).text();
    expect(controlOf(page, i.id)).toContain(`data-hx-post="/ideas/${i.id}/support"`);
    expect(page).toContain(`<li class="card idea-card" id="idea-${i.id}">`);
  });

  it('is idempotent: repeats write nothing and answer the current state', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const { user, client } = await person();
    expect((await support(client, i.id)).status).toBe(303);
    const again = await support(client, i.id, {}, HX);
    expect(again.status).toBe(200);
    expect(liveText(await again.text(), i.id)).toBe('You support this idea. 1 supporter. 4 of 5 supports left.');
    expect(await voteRows(i.id)).toHaveLength(1);
    expect(await used(ch.id, user.id)).toBe(1);
    expect(await auditActions(i.id)).toEqual(['idea.support']);
    expect((await unsupport(client, i.id)).status).toBe(303);
    const twice = await unsupport(client, i.id, {}, HX);
    expect(twice.status).toBe(200);
    expect(liveText(await twice.text(), i.id)).toBe('You no longer support this idea. 0 supporters. 5 of 5 supports left.');
    expect(await ideaRow(i.id)).toMatchObject({ supportCount: 0, recentSupport: 0 });
    expect(await used(ch.id, user.id)).toBe(0);
    expect(await auditActions(i.id)).toEqual(['idea.support', 'idea.unsupport']);
  });

  it('comes back only to a path on this site, without a fragment of the caller’s choosing', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const { client } = await person();
    for (const [returnTo, expected] of [
      ['https://evil.example/x', `/ideas/${i.id}`],
      ['//evil.example/x', `/ideas/${i.id}`],
      ['/\\evil.example', `/ideas/${i.id}`],
      [`/challenges/${ch.id}?sort=newest#elsewhere`, `/challenges/${ch.id}?sort=newest`],
    ] as const) {
      const res = await support(client, i.id, { returnTo });
      expect(res.headers.get('Location')).toBe(`${expected}#vote-${i.id}`);
    }
    const none = await unsupport(client, i.id);
    expect(none.headers.get('Location')).toBe(`/ideas/${i.id}#vote-${i.id}`);
  });

  it('sets the response due date when the count first reaches the challenge’s threshold', async () => {
    const { ch } = await votingChallenge({ responseThreshold: 2, responseDays: 10 });
    const i = await idea(ch.id);
    const [a, b, c] = [await person(), await person(), await person()];
    await support(a.client, i.id);
    expect((await ideaRow(i.id)).responseDueAt).toBeNull();
    await support(b.client, i.id);
    const due = (await ideaRow(i.id)).responseDueAt!;
    expect(Math.abs(due.getTime() - (Date.now() + 10 * DAY))).toBeLessThan(60_000);
    await support(c.client, i.id);
    expect((await ideaRow(i.id)).responseDueAt!.getTime()).toBe(due.getTime());
    // Answered ideas are not given a new due date.
    const answered = await idea(ch.id, { respondedAt: new Date() });
    await support(a.client, answered.id);
    await support(b.client, answered.id);
    expect((await ideaRow(answered.id)).responseDueAt).toBeNull();
  });

  it('counts the response days from the time the platform is at (its clock), as the overdue lists do', async () => {
    const { ch } = await votingChallenge({ votingOpenAt: new Date(Date.now() - 10 * DAY), responseThreshold: 1, responseDays: 5 });
    const i = await idea(ch.id);
    const { client } = await person();
    const at = new Date(Date.now() - 8 * DAY);
    env.clock.set(at);
    try {
      expect((await support(client, i.id)).status).toBe(303);
    } finally {
      env.clock.reset();
    }
    // Due three days ago: overdue now, though the vote row itself is dated by the database.
    expect(Math.abs((await ideaRow(i.id)).responseDueAt!.getTime() - (at.getTime() + 5 * DAY))).toBeLessThan(5_000);
    expect(Math.abs((await voteRows(i.id))[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('who may vote (route × role), HTML and fragment alike', () => {
  it('sends an anonymous visitor to sign in (coming back to the control), storing nothing', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const anon = new Client(env.app);
    const res = await support(anon, i.id, { returnTo: `/challenges/${ch.id}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(`/challenges/${ch.id}#vote-${i.id}`)}`);
    const hx = await support(anon, i.id, {}, HX);
    expect(hx.status).toBe(204);
    expect(hx.headers.get('HX-Redirect')).toMatch(/^\/sign-in\?next=/);
    expect((await unsupport(anon, i.id)).status).toBe(303);
    expect(await voteRows(i.id)).toHaveLength(0);
    // The page offers a sign-in link instead of a button.
    const page = await (await anon.get(`/challenges/${ch.id}`)).text();
    const link = /href="(\/sign-in\?next=[^"]+)"/.exec(controlOf(page, i.id))?.[1];
    expect(decodeURIComponent(link!.slice('/sign-in?next='.length))).toMatch(new RegExp(`^/challenges/${ch.id}\\?sort=random&seed=[0-9a-z]+#vote-${i.id}$`));
    expect(controlOf(page, i.id)).not.toContain('<form');
    expect(liveText(page, i.id)).toBe('0 supporters.');
  });

  it('refuses an unverified account with a clear message, storing nothing', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const { user, client } = await person({ verified: false });
    const html = await refusedSupport(client, i.id, 'Confirm your email address first');
    expect(html.startsWith(`<div id="vote-${i.id}"`)).toBe(true);
    expect(liveText(html, i.id)).toBe('0 supporters. Confirm your email address first: open the link we sent you, or have it sent again from the notice at the top of the page.');
    expect(await voteRows(i.id)).toHaveLength(0);
    expect(await used(ch.id, user.id)).toBe(0);
    const page = await (await client.get(`/ideas/${i.id}`)).text();
    expect(controlOf(page, i.id)).not.toContain('<form');
    expect(controlOf(page, i.id)).toContain('Confirm your email address first: open the link we sent you, or have it sent again from the notice at the top of the page.');
  });

  it('refuses the author unless the challenge allows self-support', async () => {
    const { ch } = await votingChallenge();
    const { user, client } = await person();
    const own = await createIdea(db(), ch.id, user.id);
    const res = await support(client, own.id);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('You cannot support your own idea in this challenge.');
    expect(await voteRows(own.id)).toHaveLength(0);
    expect(controlOf(await (await client.get(`/ideas/${own.id}`)).text(), own.id)).toContain('You cannot support your own idea in this challenge.');

    const { ch: open } = await votingChallenge({ selfSupport: true });
    const mine = await createIdea(db(), open.id, user.id);
    expect((await support(client, mine.id)).status).toBe(303);
    expect(await voteRows(mine.id)).toHaveLength(1);
  });

  it('lets council staff and platform admins support like anyone', async () => {
    const { org, ch } = await votingChallenge();
    const i = await idea(ch.id);
    const staff = await staffOf(org);
    const admin = await person({ isAdmin: true });
    expect((await support(staff.client, i.id)).status).toBe(303);
    expect((await support(admin.client, i.id)).status).toBe(303);
    expect(await voteRows(i.id)).toHaveLength(2);
  });

  it('keeps each challenge’s budget apart', async () => {
    const { ch: a } = await votingChallenge({ voteBudget: 1 });
    const { ch: b } = await votingChallenge({ voteBudget: 1 });
    const [ia, ib, ia2] = [await idea(a.id), await idea(b.id), await idea(a.id)];
    const { user, client } = await person();
    expect((await support(client, ia.id)).status).toBe(303);
    expect((await support(client, ib.id)).status).toBe(303);
    expect((await support(client, ia2.id)).status).toBe(403);
    expect([await used(a.id, user.id), await used(b.id, user.id)]).toEqual([1, 1]);
  });

  it('answers 404 for bad, unknown, draft and draft-challenge ids, 405 for GET, 403 without the CSRF token', async () => {
    const { ch } = await votingChallenge();
    const { client } = await person();
    const draft = await idea(ch.id, { status: 'draft', publishedAt: null });
    const { ch: hidden } = await votingChallenge({ status: 'draft' });
    const inDraft = await idea(hidden.id);
    for (const id of ['not-a-uuid', UNKNOWN, draft.id, inDraft.id, `${UNKNOWN}x`]) {
      expect((await support(client, id)).status, id).toBe(404);
      expect((await unsupport(client, id)).status, id).toBe(404);
      expect((await support(client, id, {}, HX)).status, id).toBe(404);
    }
    const i = await idea(ch.id);
    expect((await client.get(`/ideas/${i.id}/support`)).status).toBe(405);
    expect((await support(client, i.id, { _csrf: 'forged' })).status).toBe(403);
    expect(await voteRows(i.id)).toHaveLength(0);
    expect(await voteRows(draft.id)).toHaveLength(0);
    expect(await voteRows(inDraft.id)).toHaveLength(0);
  });
});

describe('refusals change nothing', () => {
  it('outside the voting phase: refused with the dates, nothing stored', async () => {
    const now = Date.now();
    const opens = new Date(now + 3 * DAY);
    const closes = new Date(now + 9 * DAY);
    const { ch: upcoming } = await votingChallenge({ votingOpenAt: opens, votingCloseAt: closes });
    const { ch: over } = await votingChallenge({ votingOpenAt: new Date(now - 9 * DAY), votingCloseAt: new Date(now - 2 * DAY) });
    const { ch: noVote } = await votingChallenge({ votingOpenAt: null, votingCloseAt: null });
    const { ch: closedEarly } = await votingChallenge({ closedEarlyAt: new Date(now - 1000) });
    const { user, client } = await person();
    const [iu, io, iv, ic] = [await idea(upcoming.id), await idea(over.id), await idea(noVote.id), await idea(closedEarly.id)];

    const r1 = await support(client, iu.id);
    expect(r1.status).toBe(403);
    expect(decode(await r1.text())).toContain(`Voting on this challenge opens on ${formatDate(opens, 'en', 'dateTime')} and closes on ${formatDate(closes, 'en', 'dateTime')}.`);
    const r2 = await support(client, io.id);
    expect(r2.status).toBe(403);
    expect(await r2.text()).toContain('Voting on this challenge closed on');
    const r3 = await support(client, iv.id);
    expect(r3.status).toBe(403);
    expect(await r3.text()).toContain('This challenge has no public vote.');
    const r4 = await support(client, ic.id);
    expect(r4.status).toBe(403);
    expect(await r4.text()).toContain('Voting is not open for this challenge.');

    const hx = await support(client, iu.id, {}, HX);
    expect(hx.status).toBe(403);
    expect(liveText(await hx.text(), iu.id)).toBe(`0 supporters. Voting opens on ${formatDate(opens, 'en')}.`);
    const page = await (await client.get(`/ideas/${io.id}`)).text();
    expect(controlOf(page, io.id)).toContain('Voting closed on');
    expect(controlOf(page, io.id)).not.toContain('<form');

    for (const i of [iu, io, iv, ic]) expect(await voteRows(i.id)).toHaveLength(0);
    for (const c of [upcoming, over, noVote, closedEarly]) expect(await used(c.id, user.id)).toBe(0);

    // A support given while voting was open cannot be withdrawn after it closed.
    await createVote(db(), io, user.id);
    const late = await unsupport(client, io.id);
    expect(late.status).toBe(403);
    expect(await voteRows(io.id)).toHaveLength(1);
  });

  it('beyond the budget: refused (HTML and fragment), nothing stored; withdrawing frees a support', async () => {
    const { ch } = await votingChallenge({ voteBudget: 2 });
    const [a, b, c] = [await idea(ch.id), await idea(ch.id), await idea(ch.id)];
    const { user, client } = await person();
    expect((await support(client, a.id)).status).toBe(303);
    expect((await support(client, b.id)).status).toBe(303);
    const html = await refusedSupport(client, c.id, 'You have used all your supports in this challenge.');
    expect(liveText(html, c.id)).toBe('0 supporters. 0 of 2 supports left. You have used all your supports in this challenge. Withdraw one to support another idea.');
    expect(html).not.toContain('<form');
    expect(await voteRows(c.id)).toHaveLength(0);
    expect(await used(ch.id, user.id)).toBe(2);
    expect(await auditActions(c.id)).toEqual([]);

    const page = await (await client.get(`/challenges/${ch.id}`)).text();
    expect(controlOf(page, c.id)).toContain('You have used all your supports');
    expect(controlOf(page, a.id)).toContain(`/ideas/${a.id}/unsupport`);

    expect((await unsupport(client, a.id)).status).toBe(303);
    expect((await support(client, c.id)).status).toBe(303);
    expect(await used(ch.id, user.id)).toBe(2);
  });

  it('on a withdrawn idea: refused; withdrawing an idea gives its supporters their supports back', async () => {
    const { ch } = await votingChallenge({ voteBudget: 2 });
    const author = await person();
    const i = await createIdea(db(), ch.id, author.user.id);
    const other = await idea(ch.id);
    const fan = await person();
    expect((await support(fan.client, i.id)).status).toBe(303);
    expect((await support(fan.client, other.id)).status).toBe(303);
    expect(await used(ch.id, fan.user.id)).toBe(2);

    expect((await author.client.post(`/ideas/${i.id}/withdraw`, { reason: 'other', explanation: 'Merged into a bigger scheme.' })).status).toBe(303);
    expect(await used(ch.id, fan.user.id)).toBe(1);
    expect(await voteRows(i.id)).toHaveLength(1); // the rows stay
    expect((await ideaRow(i.id)).supportCount).toBe(1);
    expect(await findVoteDrift(db(), { challengeId: ch.id })).toEqual({ ideas: [], voters: [] });

    const late = await person();
    const res = await support(late.client, i.id);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This idea was withdrawn');
    expect((await unsupport(fan.client, i.id)).status).toBe(403);
    expect(await voteRows(i.id)).toHaveLength(1);
    expect(await used(ch.id, late.user.id)).toBe(0);
    expect(await used(ch.id, fan.user.id)).toBe(1);
    const page = await (await fan.client.get(`/ideas/${i.id}`)).text();
    expect(controlOf(page, i.id)).toContain('This idea was withdrawn');
  });

  it('over the rate limit: 429, with a message in the control for htmx', async () => {
    const limited = createTestEnvOn(env, { rateLimits: { ...relaxedLimits, vote: { points: 2, duration: 60 } } });
    try {
      const { ch } = await votingChallenge();
      const i = await idea(ch.id);
      const user = await createUser(db());
      const client = await sessionClient(limited, user.id);
      expect((await support(client, i.id)).status).toBe(303);
      expect((await unsupport(client, i.id)).status).toBe(303);
      const res = await support(client, i.id);
      expect(res.status).toBe(429);
      const hx = await support(client, i.id, {}, HX);
      expect(hx.status).toBe(429);
      expect(hx.headers.get('Retry-After')).toMatch(/^\d+$/);
      expect(liveText(await hx.text(), i.id)).toContain('Too many supports in a short time.');
      expect(await voteRows(i.id)).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });
});

describe('hidden counts', () => {
  /** A challenge hiding counts, with three ideas supported 3, 1 and 2 times. */
  async function hiddenWorld(over: Parameters<typeof createChallenge>[2] = {}) {
    const w = await votingChallenge({ hideCounts: true, ...over });
    const list = [await idea(w.ch.id, { title: 'Hidden alpha' }), await idea(w.ch.id, { title: 'Hidden beta' }), await idea(w.ch.id, { title: 'Hidden gamma' })];
    const counts = [3, 1, 2];
    for (const [n, i] of list.entries()) {
      const voters = await Promise.all(Array.from({ length: counts[n]! }, () => createUser(db())));
      await db().insert(ideaVotes).values(voters.map((v) => buildVote(i, v.id)));
      await db().update(ideas).set({ supportCount: counts[n]!, recentSupport: counts[n]! }).where(eq(ideas.id, i.id));
    }
    return { ...w, list };
  }
  const COUNT = /\d+\s*(supporters?|soutiens?)\b/;
  const ids = (html: string) => [...html.matchAll(/<h3><a href="\/ideas\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

  it('never shows a count to citizens or visitors: page, cards fragment, vote fragment, flash, idea page', async () => {
    const { ch, list } = await hiddenWorld();
    const { client } = await person();
    const anon = new Client(env.app);
    for (const c of [client, anon]) {
      for (const path of [`/challenges/${ch.id}`, `/ideas/${list[0]!.id}`, `/challenges/${ch.id}?sort=newest`]) {
        const html = await (await c.get(path)).text();
        expect(html, path).not.toMatch(COUNT);
      }
      const cards = await (await c.get(`/challenges/${ch.id}/ideas?sort=newest`, HX)).text();
      expect(cards).toContain('Hidden alpha');
      expect(cards).not.toMatch(COUNT);
    }
    const fr = await (await new Client(env.app).get(`/challenges/${ch.id}`, { 'Accept-Language': 'fr' })).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).not.toMatch(COUNT);

    const hx = await support(client, list[1]!.id, { returnTo: `/challenges/${ch.id}` }, HX);
    const fragment = await hx.text();
    expect(liveText(fragment, list[1]!.id)).toBe('You support this idea. 4 of 5 supports left.');
    expect(fragment).not.toMatch(COUNT);
    const refused = await support(client, UNKNOWN, {}, HX);
    expect(refused.status).toBe(404);

    await unsupport(client, list[1]!.id);
    await support(client, list[1]!.id, { returnTo: `/challenges/${ch.id}` });
    const page = await (await client.get(`/challenges/${ch.id}`)).text();
    expect(flashOf(page)).toContain('Supports left: 4 of 5.');
    expect(page).not.toMatch(COUNT);
    // Refusals too.
    const unverified = await person({ verified: false });
    const no = await support(unverified.client, list[0]!.id, {}, HX);
    expect(no.status).toBe(403);
    expect(await no.text()).not.toMatch(COUNT);
  });

  it('does not rank by support while hidden: ?sort=supported and ?sort=trending fall back to the fair random order', async () => {
    const { ch } = await hiddenWorld();
    const { client } = await person();
    const random = await (await client.get(`/challenges/${ch.id}?sort=random`)).text();
    for (const sort of ['supported', 'trending']) {
      const html = await (await client.get(`/challenges/${ch.id}?sort=${sort}`)).text();
      expect(ids(html), sort).toEqual(ids(random));
      expect(html).not.toContain(`<option value="${sort}"`);
      const fragment = await (await client.get(`/challenges/${ch.id}/ideas?sort=${sort}`, HX)).text();
      expect(ids(fragment), sort).toEqual(ids(random));
    }
  });

  it('shows counts to the council’s staff and admins, and to everyone once voting has closed', async () => {
    const { org, ch, list } = await hiddenWorld();
    const staff = await staffOf(org);
    const admin = await person({ isAdmin: true });
    const otherCouncil = await createOrganisation(db(), { kind: 'council' });
    const otherStaff = await staffOf(otherCouncil);
    for (const c of [staff.client, admin.client]) {
      const html = await (await c.get(`/challenges/${ch.id}?sort=supported`)).text();
      expect(ids(html)).toEqual([list[0]!.id, list[2]!.id, list[1]!.id]); // 3, 2, 1 supports
      expect(liveText(html, list[0]!.id)).toBe('3 supporters.');
      expect(budgetOf(html, list[0]!.id)).toBe('5 of 5 supports left.');
    }
    const hx = await support(staff.client, list[1]!.id, {}, HX);
    expect(liveText(await hx.text(), list[1]!.id)).toBe('You support this idea. 2 supporters. 4 of 5 supports left.');
    expect(await (await otherStaff.client.get(`/challenges/${ch.id}`)).text()).not.toMatch(COUNT);

    const { ch: closed, list: closedList } = await hiddenWorld({ votingOpenAt: new Date(Date.now() - 9 * DAY), votingCloseAt: new Date(Date.now() - DAY) });
    const anon = new Client(env.app);
    const html = await (await anon.get(`/challenges/${closed.id}`)).text();
    expect(liveText(html, closedList[0]!.id)).toBe('3 supporters.');
  });
});

describe('concurrency', () => {
  it('stores exactly one vote for 50 identical requests at once', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const { user, client } = await person();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, n) => support(client, i.id, {}, n % 2 ? HX : {})));
    expect(responses.map((r) => r.status).filter((s) => s !== 303 && s !== 200)).toEqual([]);
    expect(await voteRows(i.id)).toHaveLength(1);
    expect((await ideaRow(i.id)).supportCount).toBe(1);
    expect(await used(ch.id, user.id)).toBe(1);
    expect(await auditActions(i.id)).toEqual(['idea.support']);
  });

  it('accepts exactly 5 of 10 concurrent supports on 10 ideas against a budget of 5', async () => {
    const { ch } = await votingChallenge({ voteBudget: 5 });
    const list = await Promise.all(Array.from({ length: 10 }, () => idea(ch.id)));
    const { user, client } = await person();
    const statuses = (await Promise.all(list.map((i) => support(client, i.id)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(5);
    expect(statuses.filter((s) => s === 403)).toHaveLength(5);
    const rows = await db().select().from(ideaVotes).where(eq(ideaVotes.challengeId, ch.id));
    expect(rows).toHaveLength(5);
    expect(await used(ch.id, user.id)).toBe(5);
    const counts = await Promise.all(list.map(async (i) => (await ideaRow(i.id)).supportCount));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('after a burst of 120 people voting on one idea, accepted responses = vote rows = the idea’s count', async () => {
    const { ch } = await votingChallenge({ voteBudget: 1 });
    const hot = await idea(ch.id);
    const people = await Promise.all(Array.from({ length: 120 }, () => person()));
    // Each person also clicks twice, and a few withdraw at once: the count must still match the rows.
    const requests = people.flatMap(({ client }, n) => [support(client, hot.id), ...(n % 10 === 0 ? [support(client, hot.id, {}, HX)] : [])]);
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 303 && s !== 200)).toEqual([]);
    const withdrawals = (await Promise.all(people.slice(0, 10).map(({ client }) => unsupport(client, hot.id)))).map((r) => r.status);
    expect(withdrawals.every((s) => s === 303)).toBe(true);
    const rows = await voteRows(hot.id);
    expect(rows).toHaveLength(110);
    expect((await ideaRow(hot.id)).supportCount).toBe(110);
    const [{ n }] = (await db()
      .select({ n: sql<number>`coalesce(sum(${challengeVoters.votesUsed}), 0)::int` })
      .from(challengeVoters)
      .where(eq(challengeVoters.challengeId, ch.id))) as [{ n: number }];
    expect(Number(n)).toBe(110);
    expect(await findVoteDrift(db(), { challengeId: ch.id })).toEqual({ ideas: [], voters: [] });
  });
});

describe('the supports of one idea, in turn', () => {
  const targetOf = (ch: { id: string; voteBudget: number }, ideaId: string): SupportTarget => ({ ideaId, challengeId: ch.id, budget: ch.voteBudget, threshold: null, days: null });
  /** A verified person, as a command sees them. */
  const voter = async () => ({ id: (await createUser(db())).id, isAdmin: false, emailVerified: true });

  it('writes the supports that arrive while one is written in one statement, each answered as its own', async () => {
    const { ch } = await votingChallenge({ voteBudget: 1 });
    const hot = await idea(ch.id);
    const people = await Promise.all(Array.from({ length: 40 }, voter));
    const outcomes = await Promise.all(people.map((p) => castVote(env.deps, p, hot.id, NO_ORIGIN)));
    expect(outcomes.every((o) => o.changed && o.supported && o.used === 1)).toBe(true);
    expect(Math.max(...outcomes.map((o) => o.count))).toBe(40);
    expect((await ideaRow(hot.id)).supportCount).toBe(40);
    expect(await voteRows(hot.id)).toHaveLength(40);
    // One statement, one transaction: its audit rows share now(). Fewer transactions than supports.
    const times = await db().selectDistinct({ at: events.occurredAt }).from(events).where(and(eq(events.entityId, hot.id), eq(events.name, 'idea.support')));
    expect(times.length).toBeLessThan(40);
    expect(await findVoteDrift(db(), { challengeId: ch.id })).toEqual({ ideas: [], voters: [] });
  });

  it('answers each person in a shared statement as alone: counted, already there, no budget left, a second click', async () => {
    const { ch } = await votingChallenge({ voteBudget: 1 });
    const [first, hot] = [await idea(ch.id), await idea(ch.id)];
    const [lead, fresh, spent, already] = await Promise.all(Array.from({ length: 4 }, voter));
    await castVote(env.deps, spent!, first.id, NO_ORIGIN);
    await castVote(env.deps, already!, hot.id, NO_ORIGIN);
    // The lead's statement goes alone; the rest arrive while it runs, and go together.
    const lone = supportInTurn(db(), targetOf(ch, hot.id), lead!.id, NO_ORIGIN, new Date());
    const rows = await Promise.all([fresh!, spent!, already!, fresh!].map((p) => supportInTurn(db(), targetOf(ch, hot.id), p.id, NO_ORIGIN, new Date())));
    expect((await lone).counted).toBe(true);
    expect(rows.map((r) => [r.counted, r.already, r.open])).toEqual([
      [true, false, true],
      [false, false, true], // the budget: castVote answers "no supports left"
      [false, true, true],
      [false, true, true], // the same person again: the next statement finds the vote there
    ]);
    expect(rows[0]!.count).toBe(3);
    await expect(castVote(env.deps, spent!, hot.id, NO_ORIGIN)).rejects.toThrow(ForbiddenError);
    expect(await castVote(env.deps, fresh!, hot.id, NO_ORIGIN)).toMatchObject({ supported: true, changed: false, count: 3, used: 1 });
    expect(await voteRows(hot.id)).toHaveLength(3);
    expect(await findVoteDrift(db(), { challengeId: ch.id })).toEqual({ ideas: [], voters: [] });
  });

  it.runIf(serverUrl)('runs a shared statement again one support at a time when another connection wrote one of its votes first', async () => {
    const { ch } = await votingChallenge();
    const hot = await idea(ch.id);
    const [lead, a, b, c] = await Promise.all(Array.from({ length: 4 }, voter));
    let shared: Promise<SupportRow[]> | undefined;
    await db().transaction(async (tx) => {
      // Another server's support of c, not committed yet: the shared statement waits on its row…
      await tx.insert(ideaVotes).values({ ideaId: hot.id, userId: c!.id, challengeId: ch.id });
      const lone = supportInTurn(db(), targetOf(ch, hot.id), lead!.id, NO_ORIGIN, new Date());
      shared = Promise.all([a!, b!, c!].map((p) => supportInTurn(db(), targetOf(ch, hot.id), p.id, NO_ORIGIN, new Date())));
      await lone;
      for (let n = 0; n < 200; n++) {
        const waiting = firstRow<{ n: number }>(await db().execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`));
        if (Number(waiting?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
    }); // …and fails on the key when it commits.
    const rows = await shared!;
    expect(rows.map((r) => [r.counted, r.already])).toEqual([
      [true, false],
      [true, false],
      [false, true],
    ]);
    expect((await ideaRow(hot.id)).supportCount).toBe(3); // the lead, a and b; c's row came from elsewhere, uncounted here
    expect(await voteRows(hot.id)).toHaveLength(4);
  });
});

describe('queries', () => {
  it('renders the challenge page with votes in a constant number of queries as ideas grow', async () => {
    const { ch: small } = await votingChallenge();
    const { ch: large } = await votingChallenge();
    for (let n = 0; n < 3; n++) await idea(small.id);
    for (let n = 0; n < 20; n++) await idea(large.id);
    const { client } = await person();
    await support(client, (await db().select({ id: ideas.id }).from(ideas).where(eq(ideas.challengeId, large.id)).limit(1))[0]!.id);
    const anon = new Client(env.app);
    for (const c of [client, anon]) {
      await c.get(`/challenges/${small.id}`); // cookies (seed) settle first
      // The pages as rendered, not as a visitor's cache serves them (decision 0051): a new version before each.
      await renewPages(db());
      const q3 = await env.countQueries(() => c.get(`/challenges/${small.id}`));
      await renewPages(db());
      const q20 = await env.countQueries(() => c.get(`/challenges/${large.id}`));
      expect(q20).toBe(q3);
    }
    // Exactly one query for the viewer's votes and budget (none for a visitor).
    const signedIn = await env.captureQueries(() => client.get(`/challenges/${large.id}`));
    expect(signedIn.filter((q) => /idea_votes/.test(q.sql))).toHaveLength(1);
    const visitor = await env.captureQueries(() => anon.get(`/challenges/${large.id}`));
    expect(visitor.filter((q) => /idea_votes|challenge_voters/.test(q.sql))).toHaveLength(0);
  });

  it('lists a person’s supports newest first, a page at a time, without withdrawn ideas', async () => {
    const { ch } = await votingChallenge({ voteBudget: 10 });
    const { user } = await person();
    const list = await Promise.all(Array.from({ length: 5 }, (_, n) => idea(ch.id, { title: `Supported ${n}` })));
    const base = Date.now() - 60_000;
    await db()
      .insert(ideaVotes)
      .values(list.map((i, n) => buildVote(i, user.id, { createdAt: new Date(base + (n < 3 ? 1000 : n * 1000)) })));
    await db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, list[4]!.id));
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await listSupportedIdeas(db(), user.id, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.items.map((i) => i.title));
      expect(page.items.every((i) => i.challengeId === ch.id && i.challengeTitle === ch.title && i.supportedAt instanceof Date)).toBe(true);
      if (!page.next) break;
      after = page.next;
    }
    // Newest first; the three given in the same instant in idea-id order; the withdrawn one left out.
    const sameInstant = list.slice(0, 3).sort((a, b) => (a.id < b.id ? -1 : 1)).map((i) => i.title);
    expect(seen).toEqual(['Supported 3', ...sameInstant]);
    await expect(listSupportedIdeas(db(), user.id, { after: 'garbage' })).rejects.toBeInstanceOf(BadRequestError);
    expect((await listSupportedIdeas(db(), UNKNOWN)).items).toEqual([]);
  });

  it('walks idea_votes_user_created_idx for a person’s supports (no sort step, first page and next)', async () => {
    const { ch } = await votingChallenge();
    const { user } = await person();
    const list = await Promise.all(Array.from({ length: 3 }, () => idea(ch.id)));
    await db().insert(ideaVotes).values(list.map((i) => buildVote(i, user.id)));
    const first = await listSupportedIdeas(db(), user.id, { limit: 1 });
    const queries = [
      ...(await env.captureQueries(() => listSupportedIdeas(db(), user.id, { limit: 1 }))),
      ...(await env.captureQueries(() => listSupportedIdeas(db(), user.id, { limit: 1, after: first.next! }))),
    ];
    expect(queries).toHaveLength(2);
    for (const q of queries) {
      const plan = await explain(db(), q, ['seqscan']);
      expect(plan).toContain('idea_votes_user_created_idx');
      expect(plan).not.toMatch(/(^|\s)(Incremental )?Sort\s+\(/m);
    }
  });
});

describe('trending', () => {
  it('stops counting a support older than 7 days once the job has run, and queues itself for the next hour', async () => {
    const { ch } = await votingChallenge({ voteBudget: 10 });
    const [fresh, stale] = [await idea(ch.id), await idea(ch.id)];
    const [a, b] = [await createUser(db()), await createUser(db())];
    await db()
      .insert(ideaVotes)
      .values([buildVote(stale, a.id, { createdAt: new Date(Date.now() - 8 * DAY) }), buildVote(stale, b.id, { createdAt: new Date(Date.now() - DAY) }), buildVote(fresh, a.id)]);
    await db().update(ideas).set({ supportCount: 2, recentSupport: 2 }).where(eq(ideas.id, stale.id));
    await db().update(ideas).set({ supportCount: 1, recentSupport: 1 }).where(eq(ideas.id, fresh.id));

    await db().delete(jobs).where(eq(jobs.kind, TRENDING_SCHEDULE.kind));
    await enqueueScheduled(db(), TRENDING_SCHEDULE, new Date());
    await enqueueScheduled(db(), TRENDING_SCHEDULE, new Date()); // a second instance starting in the same hour
    expect(await db().select().from(jobs).where(eq(jobs.kind, TRENDING_SCHEDULE.kind))).toHaveLength(1);
    expect(await env.drainJobs()).toBeGreaterThanOrEqual(1);
    expect(await ideaRow(stale.id)).toMatchObject({ supportCount: 2, recentSupport: 1 });
    expect(await ideaRow(fresh.id)).toMatchObject({ supportCount: 1, recentSupport: 1 });

    const queued = await db().select().from(jobs).where(eq(jobs.kind, TRENDING_SCHEDULE.kind)).orderBy(jobs.id);
    expect(queued).toHaveLength(2);
    expect(queued[0]!.doneAt).not.toBeNull();
    const next = queued[1]!;
    expect(next.doneAt).toBeNull();
    expect(next.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(next.runAt.getTime() % 3_600_000).toBe(0);
    expect(await recountTrending(db())).toBe(0); // nothing left to change
  });

  it('withdrawing an old support does not take it off the trend twice', async () => {
    const { ch } = await votingChallenge();
    const i = await idea(ch.id);
    const { user, client } = await person();
    await createVote(db(), i, user.id, { createdAt: new Date(Date.now() - 8 * DAY) });
    await db().insert(challengeVoters).values({ challengeId: ch.id, userId: user.id, votesUsed: 1 });
    await db().update(ideas).set({ supportCount: 2, recentSupport: 1 }).where(eq(ideas.id, i.id)); // 1 recent support by someone else
    expect((await unsupport(client, i.id)).status).toBe(303);
    expect(await ideaRow(i.id)).toMatchObject({ supportCount: 1, recentSupport: 1 });
  });
});

describe('votes:reconcile', () => {
  it('reports drifted counts and budgets, and repairs them', async () => {
    const { ch } = await votingChallenge();
    const [i1, i2] = [await idea(ch.id), await idea(ch.id)];
    const [p1, p2] = [await person(), await person()];
    await support(p1.client, i1.id);
    await support(p2.client, i1.id);
    await support(p2.client, i2.id);
    expect(await findVoteDrift(db(), { challengeId: ch.id })).toEqual({ ideas: [], voters: [] });

    await db().update(ideas).set({ supportCount: 7 }).where(eq(ideas.id, i1.id));
    await db().update(challengeVoters).set({ votesUsed: 5 }).where(eq(challengeVoters.userId, p1.user.id));
    await db().delete(challengeVoters).where(eq(challengeVoters.userId, p2.user.id));

    const report = await reconcileVotes(db(), { challengeId: ch.id });
    expect(report.found.ideas).toEqual([{ ideaId: i1.id, stored: 7, actual: 2 }]);
    expect(report.found.voters).toEqual(
      expect.arrayContaining([
        { challengeId: ch.id, userId: p1.user.id, stored: 5, actual: 1 },
        { challengeId: ch.id, userId: p2.user.id, stored: 0, actual: 2 },
      ]),
    );
    expect(report.found.voters).toHaveLength(2);
    expect((await ideaRow(i1.id)).supportCount).toBe(7); // a report changes nothing

    const repaired = await reconcileVotes(db(), { repair: true, challengeId: ch.id });
    expect(repaired.found.ideas).toHaveLength(1);
    expect(repaired.remaining).toEqual({ ideas: [], voters: [] });
    expect((await ideaRow(i1.id)).supportCount).toBe(2);
    expect([await used(ch.id, p1.user.id), await used(ch.id, p2.user.id)]).toEqual([1, 2]);
  });
});
