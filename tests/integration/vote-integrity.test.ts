/**
 * Vote integrity (issue 12, point 6) through the routes against a real database: what a support
 * records of its origin (hashes only), the anomaly report for the council's staff, setting
 * supports aside (counts move, budgets do not, accepted = rows = counts), what each affected
 * person sees on their own page, and the public summary once voting has closed.
 */
import { describe, expect, it } from 'vitest';
import { and, eq, isNotNull } from 'drizzle-orm';
import { challenges, challengeVoters, events, ideas, ideaVotes, voteSetAsides } from '../../src/db/schema/index.js';
import { castVote, NO_ORIGIN, type VoteOrigin } from '../../src/features/votes/index.js';
import { originOf } from '../../src/features/votes/origin.js';
import { findVoteDrift } from '../../src/features/votes/reconcile.js';
import { recountTrending } from '../../src/features/votes/trending.js';
import { cleanUp } from '../../src/features/housekeeping/clean-up.js';
import { Client, createTestEnvOn, sessionClient } from '../support/app.js';
import { createChallenge, createIdea, createOrganisation, createUser, DAY, renewPages } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

/** A council's challenge whose voting opened yesterday and closes in a week, with its staff. */
async function votingChallenge() {
  const org = await createOrganisation(db(), { kind: 'council' });
  const now = Date.now();
  const ch = await createChallenge(db(), org.id, {
    submissionsOpenAt: new Date(now - 20 * DAY),
    submissionsCloseAt: new Date(now - 2 * DAY),
    votingOpenAt: new Date(now - DAY),
    votingCloseAt: new Date(now + 7 * DAY),
    voteBudget: 3,
  });
  const staff = await staffOf(org);
  return { org, ch, staff };
}

async function idea(challengeId: string, title: string) {
  const author = await createUser(db());
  return createIdea(db(), challengeId, author.id, { title });
}

/** The accounts of a burst were created an hour before the test. */
const HOUR_OLD = 3600_000;
/** The UTC day (YYYY-MM-DD) of an account created `age` ago: what the burst signal groups by. */
const dayJoined = (age: number) => new Date(Date.now() - age).toISOString().slice(0, 10);

/** `n` people, created `age` ago, each supporting the ideas given, from `origin`. */
async function supporters(n: number, age: number, ideaIds: string[], origin: VoteOrigin = NO_ORIGIN) {
  const people = [];
  for (let i = 0; i < n; i++) {
    const u = await createUser(db(), { createdAt: new Date(Date.now() - age) });
    for (const id of ideaIds) await castVote(env.deps, { id: u.id, isAdmin: false, emailVerified: true }, id, origin);
    people.push(u);
  }
  return people;
}

const ideaRow = async (id: string) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const used = async (challengeId: string, userId: string) =>
  (await db().select({ n: challengeVoters.votesUsed }).from(challengeVoters).where(and(eq(challengeVoters.challengeId, challengeId), eq(challengeVoters.userId, userId))))[0]?.n ?? 0;
/** The checkbox values of the report, by the signal they start with. */
const groupsOn = (html: string) => [...html.matchAll(/name="group" value="([^"]+)"/g)].map((m) => m[1]!.replace(/&#124;|&amp;#124;/g, '|'));
const origin = (address: string, agent = 'Mozilla/5.0 (TestBrowser 1.0)') => originOf(env.deps.secret(), address, agent);

describe('what a support records of where it came from', () => {
  it('keeps keyed hashes of the network (/24) and the browser string, never the address', async () => {
    const { ch } = await votingChallenge();
    const a = await idea(ch.id, 'Bench by the river');
    const proxied = createTestEnvOn(env, { env: { TRUST_PROXY: '1' } });
    const voters = [await createUser(db()), await createUser(db()), await createUser(db())];
    const addresses = ['203.0.113.7', '203.0.113.200', '198.51.100.4'];
    for (const [i, u] of voters.entries()) {
      const client = await sessionClient(proxied, u.id, { 'X-Forwarded-For': addresses[i]!, 'User-Agent': 'Mozilla/5.0 (TestBrowser 1.0)' });
      expect((await client.post(`/ideas/${a.id}/support`)).status).toBe(303);
    }
    const rows = await db().select().from(ideaVotes).where(eq(ideaVotes.ideaId, a.id));
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    const [one, two, three] = voters.map((u) => byUser.get(u.id)!);
    expect(one!.network).toBe(originOf(proxied.deps.secret(), '203.0.113.7', undefined).network);
    expect(one!.network).toBe(two!.network); // the same /24
    expect(three!.network).not.toBe(one!.network);
    expect(new Set(rows.map((r) => r.agent)).size).toBe(1);
    for (const r of rows) {
      expect(r.network).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(JSON.stringify(r)).not.toContain('203.0.113');
      expect(JSON.stringify(r)).not.toContain('TestBrowser');
    }
  });
});

describe('the anomaly report and setting supports aside', () => {
  it('finds each signal, lets staff set a group aside, and keeps accepted = rows = counts', async () => {
    const { ch, staff } = await votingChallenge();
    const a = await idea(ch.id, 'Night bus to the hospital');
    const b = await idea(ch.id, 'Library open on Sundays');
    const c = await idea(ch.id, 'Repair café');
    // A: six accounts created an hour ago, supporting at once (a burst; their only support).
    const burst = await supporters(6, HOUR_OLD, [a.id]);
    // B and C: five month-old accounts from one network and one browser string.
    const shared = await supporters(5, 30 * DAY, [b.id, c.id], origin('192.0.2.10'));
    // Two ordinary supporters of B.
    await supporters(2, 60 * DAY, [b.id, c.id], origin('198.51.100.9', 'Other/2'));
    // D: five month-old accounts on five networks, one script's browser string, which nobody else uses.
    const d = await idea(ch.id, 'Free wifi in parks');
    for (let i = 0; i < 5; i++) await supporters(1, 30 * DAY, [d.id], origin(`10.0.${i}.1`, 'python-requests/2.31'));

    const page = await staff.client.get(`/challenges/${ch.id}/integrity`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const groups = groupsOn(html);
    const day = dayJoined(HOUR_OLD); // the UTC day the accounts were created: yesterday's, run just after midnight
    expect(groups).toContain(`burst|${a.id}|${day}|6`);
    expect(groups).toContain(`single|${a.id}||6`);
    const net = origin('192.0.2.10').network!;
    expect(groups).toContain(`network|${b.id}|${net}|5`);
    expect(groups).toContain(`network|${c.id}|${net}|5`);
    // A browser string is reported where most of its supports went: D's script, not B's and C's browser (half each).
    expect(groups).toContain(`agent|${d.id}|${origin('10.0.0.1', 'python-requests/2.31').agent}|5`);
    expect(groups.filter((g) => g.startsWith('agent|') && !g.includes(d.id))).toEqual([]);
    expect(html).toContain('Accounts created the same day');
    expect(html).not.toContain('192.0.2'); // a reference, never the address

    // Staff set the burst aside.
    const res = await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${a.id}|${day}|6`], reason: 'Six accounts created minutes apart supported this idea at once.' });
    expect(res.status).toBe(303);
    expect((await ideaRow(a.id)).supportCount).toBe(0);
    const rows = await db().select().from(ideaVotes).where(eq(ideaVotes.ideaId, a.id));
    expect(rows).toHaveLength(6); // kept, marked
    expect(rows.every((r) => r.setAsideId !== null)).toBe(true);
    for (const u of burst) expect(await used(ch.id, u.id)).toBe(1); // not given back
    const drift = await findVoteDrift(db(), { challengeId: ch.id });
    expect(drift).toEqual({ ideas: [], voters: [] }); // accepted = rows not set aside = counts
    const [decision] = await db().select().from(voteSetAsides).where(eq(voteSetAsides.challengeId, ch.id));
    expect(decision).toMatchObject({ signal: 'burst', supports: 6, decidedBy: staff.user.id });
    const [event] = await db().select().from(events).where(and(eq(events.name, 'votes.setAside'), eq(events.entityId, ch.id)));
    expect(event?.payload).toMatchObject({ supports: 6, signals: ['burst'] });

    // The groups that were the same supports are gone from the report; the rest remain.
    const after = groupsOn(await (await staff.client.get(`/challenges/${ch.id}/integrity`)).text());
    expect(after.filter((g) => g.includes(a.id))).toEqual([]);
    expect(after).toContain(`network|${b.id}|${net}|5`);

    // The trending recount leaves them out too.
    await recountTrending(db());
    expect((await ideaRow(a.id)).recentSupport).toBe(0);
  });

  it('tells each affected person on their own page, and nobody else', async () => {
    const { ch, staff } = await votingChallenge();
    const a = await idea(ch.id, 'Street trees');
    const [voter] = await supporters(5, HOUR_OLD, [a.id]);
    const day = dayJoined(HOUR_OLD); // the UTC day the accounts were created: yesterday's, run just after midnight
    const reason = 'Five accounts created together supported within a minute.';
    expect((await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${a.id}|${day}|5`], reason })).status).toBe(303);

    const own = await sessionClient(env, voter!.id);
    const mine = await (await own.get(`/people/${voter!.id}`)).text();
    expect(mine).toContain('Supports the council set aside');
    expect(mine).toContain(reason);
    const other = await person();
    const theirs = await (await other.client.get(`/people/${voter!.id}`)).text();
    expect(theirs).not.toContain(reason);
    expect(await (await new Client(env.app).get(`/people/${voter!.id}`)).text()).not.toContain(reason);

    // The control says so; the support can neither be withdrawn (getting it back) nor given again.
    const ideaPage = await (await own.get(`/ideas/${a.id}`)).text();
    expect(ideaPage).toContain('The council set your support aside');
    expect(ideaPage).not.toContain(`action="/ideas/${a.id}/unsupport"`);
    for (const action of ['unsupport', 'support']) {
      const res = await own.post(`/ideas/${a.id}/${action}`, {}, { 'HX-Request': 'true' });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('A support the council set aside can neither be given again nor withdrawn');
    }
    expect(await used(ch.id, voter!.id)).toBe(1);
    expect((await db().select().from(ideaVotes).where(and(eq(ideaVotes.userId, voter!.id), isNotNull(ideaVotes.setAsideId))))).toHaveLength(1);
    expect((await ideaRow(a.id)).supportCount).toBe(0);
  });

  it('refuses bad input, changed groups and people who are not the council’s staff, changing nothing', async () => {
    const { ch, staff } = await votingChallenge();
    const a = await idea(ch.id, 'Cycle lane');
    await supporters(5, HOUR_OLD, [a.id]);
    const day = dayJoined(HOUR_OLD); // the UTC day the accounts were created: yesterday's, run just after midnight
    const group = `burst|${a.id}|${day}|5`;
    const reason = 'A burst of new accounts in one minute.';
    const unchanged = async () => {
      expect((await ideaRow(a.id)).supportCount).toBe(5);
      expect(await db().select().from(voteSetAsides).where(eq(voteSetAsides.challengeId, ch.id))).toEqual([]);
    };

    const none = await staff.client.post(`/challenges/${ch.id}/integrity`, { reason });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choose at least one group.');
    const short = await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [group], reason: 'bad' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('Say why, in at least 10 characters.');
    expect((await staff.client.post(`/challenges/${ch.id}/integrity`, { group: ['burst|not-an-id|x|5'], reason })).status).toBe(422);
    expect((await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`nope|${a.id}||5`], reason })).status).toBe(422);
    await unchanged();

    // A sixth support since the report was read: staff decide on what they saw.
    await supporters(1, HOUR_OLD, [a.id]);
    const changed = await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [group], reason });
    expect(changed.status).toBe(409);
    expect(await changed.text()).toContain('changed since you looked');
    expect((await ideaRow(a.id)).supportCount).toBe(6);
    // Another challenge's idea.
    const other = await votingChallenge();
    const elsewhere = await idea(other.ch.id, 'Elsewhere');
    expect((await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${elsewhere.id}|${day}|5`], reason })).status).toBe(409);

    // Not staff of this council: 403 for the report and the form; anonymous: sign in.
    const citizen = await person();
    expect((await citizen.client.get(`/challenges/${ch.id}/integrity`)).status).toBe(403);
    expect((await citizen.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${a.id}|${day}|6`], reason })).status).toBe(403);
    expect((await other.staff.client.get(`/challenges/${ch.id}/integrity`)).status).toBe(403);
    expect((await other.staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${a.id}|${day}|6`], reason })).status).toBe(403);
    const anonymous = await new Client(env.app).get(`/challenges/${ch.id}/integrity`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toContain('/sign-in');
    expect((await staff.client.get(`/challenges/00000000-0000-4000-8000-00000000abcd/integrity`)).status).toBe(404);
    // Archived: the report stays readable, nothing can be set aside.
    await db().update(challenges).set({ status: 'archived', archivedAt: new Date() }).where(eq(challenges.id, ch.id));
    const archived = await staff.client.get(`/challenges/${ch.id}/integrity`);
    expect(archived.status).toBe(200);
    expect(await archived.text()).not.toContain('name="group"');
    expect((await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${a.id}|${day}|6`], reason })).status).toBe(403);
    expect((await ideaRow(a.id)).supportCount).toBe(6);
    expect(await db().select().from(voteSetAsides).where(eq(voteSetAsides.challengeId, ch.id))).toEqual([]);

    // An admin may.
    const admin = await person({ isAdmin: true });
    expect((await admin.client.get(`/challenges/${other.ch.id}/integrity`)).status).toBe(200);
  });
});

describe('the public summary', () => {
  it('shows supports received, set aside and why once voting has closed, fresh from the page cache', async () => {
    const { ch, staff } = await votingChallenge();
    const a = await idea(ch.id, 'Community fridge');
    const b = await idea(ch.id, 'Pocket park');
    await supporters(5, HOUR_OLD, [a.id]);
    await supporters(3, 90 * DAY, [b.id]);
    const visitor = new Client(env.app);
    expect(await (await visitor.get(`/challenges/${ch.id}`)).text()).not.toContain('Vote integrity');
    // The staff's link to the report.
    expect(await (await staff.client.get(`/challenges/${ch.id}`)).text()).toContain(`href="/challenges/${ch.id}/integrity"`);

    await db().update(challenges).set({ votingCloseAt: new Date(Date.now() - 1000) }).where(eq(challenges.id, ch.id));
    await renewPages(db());
    const before = await (await visitor.get(`/challenges/${ch.id}`)).text();
    expect(before).toContain('This challenge received 8 supports.');
    expect(before).toContain('None was set aside.');

    const day = dayJoined(HOUR_OLD); // the UTC day the accounts were created: yesterday's, run just after midnight
    const reason = 'Five accounts created together supported within a minute.';
    expect((await staff.client.post(`/challenges/${ch.id}/integrity`, { group: [`burst|${a.id}|${day}|5`], reason })).status).toBe(303);
    const after = await (await visitor.get(`/challenges/${ch.id}`)).text();
    expect(after).toContain('This challenge received 8 supports.');
    expect(after).toContain('The council set 5 aside, so 3 count.');
    expect(after).toContain(reason);
    const fr = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/challenges/${ch.id}`)).text();
    expect(fr).toContain('Ce défi a reçu 8 soutiens.');
    expect(fr).toContain('La collectivité en a écarté 5\u202f: 3 comptent.');
  });
});

describe('retention', () => {
  it('erases the origin hashes RETENTION_DAYS after a challenge’s voting ended, and keeps the supports', async () => {
    const ended = async (daysAgo: number | null) => {
      const org = await createOrganisation(db(), { kind: 'council' });
      const close = daysAgo === null ? new Date(Date.now() + 5 * DAY) : new Date(Date.now() - daysAgo * DAY);
      const ch = await createChallenge(db(), org.id, {
        submissionsOpenAt: new Date(close.getTime() - 60 * DAY),
        submissionsCloseAt: new Date(close.getTime() - 30 * DAY),
        votingOpenAt: new Date(close.getTime() - 20 * DAY),
        votingCloseAt: close,
      });
      const a = await idea(ch.id, 'An idea');
      const u = await createUser(db());
      await db().insert(ideaVotes).values({ ideaId: a.id, userId: u.id, challengeId: ch.id, network: 'n'.repeat(22), agent: 'a'.repeat(22) });
      return a.id;
    };
    const old = await ended(40);
    const recent = await ended(10);
    const open = await ended(null);
    const report = await cleanUp(db(), new Date(), 30);
    expect(report.voteOrigins).toBeGreaterThanOrEqual(1);
    const origins = async (ideaId: string) => (await db().select({ network: ideaVotes.network, agent: ideaVotes.agent }).from(ideaVotes).where(eq(ideaVotes.ideaId, ideaId)))[0];
    expect(await origins(old)).toEqual({ network: null, agent: null });
    expect(await origins(recent)).toEqual({ network: 'n'.repeat(22), agent: 'a'.repeat(22) });
    expect(await origins(open)).toEqual({ network: 'n'.repeat(22), agent: 'a'.repeat(22) });
  });
});
