/**
 * The demo (src/cli/demo.ts): its story as the e2e journeys rely on it, made by the commands,
 * with every maintained count equal to its rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { verifyPassword } from '../../src/auth/password.js';
import { DEMO_ACCOUNTS, DEMO_SPAMMER, seedDemo, seedDemoIfEmpty } from '../../src/cli/demo.js';
import {
  events,
  challenges,
  challengeVoters,
  comments,
  follows,
  subjects,
  ideaResponses,
  ideas,
  ideaVotes,
  invitations,
  judgeAssignments,
  judgeInvitations,
  judgingSettings,
  jobs,
  memberships,
  moderationItems,
  organisations,
  users,
} from '../../src/db/schema/index.js';
import { challengePhase } from '../../src/features/challenges/phase.js';
import { reconcileVotes } from '../../src/features/votes/reconcile.js';
import { recountTrending } from '../../src/features/votes/trending.js';
import { Client, createTestEnv, type TestEnv } from '../support/app.js';
import { findCountDrift } from './maintained-counts.js';

/** Follows of subjects of one kind. */
const followsOf = (kind: 'idea' | 'challenge') =>
  db().select({ userId: follows.userId, subjectId: follows.subjectId }).from(follows).innerJoin(subjects, eq(subjects.id, follows.subjectId)).where(eq(subjects.kind, kind));

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const db = () => env.deps.db;
const DAY = 86_400_000;
/** Within a minute of `days` ago (the seed takes a moment; the story is told in days). */
const daysAgo = (at: Date | null, days: number) => {
  expect(at).toBeInstanceOf(Date);
  expect(Math.abs(Date.now() - days * DAY - at!.getTime())).toBeLessThan(60_000);
};

describe('the demo', () => {
  it('leaves nothing behind when a step fails (one transaction)', async () => {
    // The council's address is taken: createOrganisation refuses it, and everything before is undone.
    const [taken] = await db().insert(organisations).values({ kind: 'partner', name: 'Squatter', slug: 'riverside-council' }).returning({ id: organisations.id });
    await expect(seedDemo(env.deps)).rejects.toThrow();
    expect((await db().select({ n: count() }).from(users))[0]!.n).toBe(0);
    expect((await db().select({ n: count() }).from(challenges))[0]!.n).toBe(0);
    expect((await db().select({ n: count() }).from(jobs))[0]!.n).toBe(0);
    await db().delete(organisations).where(eq(organisations.id, taken!.id));
  });

  it('is made whatever the hour: its steps follow each other the same way before and after 09:00 UTC', { timeout: 120_000 }, async () => {
    for (const [hours, minutes] of [
      [0, 30],
      [8, 45],
    ] as const) {
      const early = await createTestEnv();
      try {
        const at = new Date();
        at.setUTCHours(hours, minutes, 0, 0);
        early.clock.set(at);
        await seedDemo(early.deps);
        const [open] = await early.deps.db.select({ id: challenges.id }).from(challenges).where(eq(challenges.title, 'Which open data should we publish first?'));
        const [settings] = await early.deps.db.select({ announcedAt: judgingSettings.announcedAt }).from(judgingSettings).where(eq(judgingSettings.challengeId, open!.id));
        expect(settings?.announcedAt, `${hours}:${minutes}`).toBeInstanceOf(Date);
      } finally {
        await early.close();
      }
    }
  });

  it('refuses a guessable DEMO_PASSWORD before creating anything', async () => {
    const deps = { ...env.deps, config: { ...env.deps.config, demoPassword: 'azerty123' } };
    await expect(seedDemoIfEmpty(deps)).rejects.toThrow(/^DEMO_PASSWORD is not accepted: This password is too common/);
    expect((await db().select({ n: count() }).from(users))[0]!.n).toBe(0);
  });

  it('tells its story through the commands, every maintained count equal to its rows', { timeout: 60_000 }, async () => {
    await seedDemo(env.deps);
    // One password for the accounts, stored as its hash, and not the one the README used to publish.
    const hashes = new Set((await db().select({ hash: users.passwordHash }).from(users)).map((u) => u.hash));
    expect(hashes.size).toBe(1);
    expect(await verifyPassword([...hashes][0]!, 'riverside-demo-2026')).toBe(false);
    expect(env.clock.now().getTime() - Date.now()).toBeLessThan(1_000); // the caller's clock was not moved

    const everyone = await db().select({ id: users.id, email: users.email }).from(users);
    expect(everyone.map((u) => u.email).sort()).toEqual([...DEMO_ACCOUNTS.map((a) => a.email), DEMO_SPAMMER.email].sort());
    const people = new Map(everyone.filter((u) => u.email !== DEMO_SPAMMER.email).map((u) => [u.email.split('.')[0]!.split('@')[0]!, u.id]));
    expect(people.size).toBe(DEMO_ACCOUNTS.length);
    const person = (name: string) => people.get(name)!;

    // Every count the commands maintain equals its rows; the reconcile check agrees, and so does the trending recount.
    expect(await findCountDrift(db())).toEqual([]);
    expect((await reconcileVotes(db())).found).toEqual({ ideas: [], voters: [] });
    expect(await recountTrending(db())).toBe(0);

    // Organisations made by the platform admin, staff as before, one pending invitation with its mail queued (nothing else).
    const orgs = await db().select().from(organisations).orderBy(asc(organisations.slug));
    expect(orgs.map((o) => [o.slug, o.kind, o.verified])).toEqual([
      ['greenlink-community-trust', 'partner', true],
      ['riverside-council', 'council', true],
    ]);
    const created = await db().select({ actor: events.actorId }).from(events).where(eq(events.name, 'organisation.create'));
    expect(created.map((a) => a.actor)).toEqual([person('admin'), person('admin')]);
    expect(await db().select({ userId: memberships.userId, role: memberships.role, title: memberships.title }).from(memberships).orderBy(asc(memberships.title))).toEqual([
      { userId: person('tom'), role: 'member', title: 'Climate programme lead' },
      { userId: person('priya'), role: 'owner', title: 'Digital engagement officer' },
      { userId: person('marie'), role: 'owner', title: 'Partnerships manager' },
    ]);
    const pending = await db().select().from(invitations);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ email: 'jo.bennett@riverside.example', role: 'member', title: 'Parks and open spaces officer', invitedBy: person('priya'), acceptedAt: null, revokedAt: null });
    expect(pending[0]!.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * DAY);
    // Mail waits for the worker; so do the notifications the story’s events call for (tests/integration/notifications.test.ts).
    const queued = await db().select({ kind: jobs.kind, payload: jobs.payload }).from(jobs).where(and(isNull(jobs.doneAt), sql`${jobs.kind} like '%mail%'`));
    // its id only: the mail is made when sent. The judges' invitations were accepted at once from their Judging area: their jobs send nothing.
    expect(queued.filter((q) => q.kind !== 'judging.invitation-mail')).toEqual([{ kind: 'organisations.invitation-mail', payload: { invitationId: pending[0]!.id } }]);
    const judgeInvites = await db().select().from(judgeInvitations);
    expect(queued.filter((q) => q.kind === 'judging.invitation-mail')).toHaveLength(judgeInvites.length);
    expect(judgeInvites.every((i) => i.acceptedAt !== null)).toBe(true);

    // Three challenges, in their phases now, each drafted and published by Priya a day before it opened.
    const rows = await db().select().from(challenges).orderBy(asc(challenges.submissionsOpenAt));
    expect(rows.map((r) => [r.title, challengePhase(r, new Date()).phase, r.ideaCount, r.participantCount])).toEqual([
      ['Which open data should we publish first?', 'results', 3, 3],
      ['Loneliness among older residents', 'voting', 4, 3],
      ['Greener high streets', 'open', 3, 3],
    ]);
    for (const r of rows) {
      expect(r.createdBy).toBe(person('priya'));
      expect(r.publishedAt!.getTime()).toBe(r.submissionsOpenAt.getTime() - DAY);
    }
    expect(rows.map((r) => [r.responseDays, r.responseThreshold])).toEqual([
      [null, null],
      [5, 3],
      [null, null],
    ]);

    // Ideas, one a day from the day after their challenge opened, round the authors Sam, Léa and Marie.
    const all = await db()
      .select({ id: ideas.id, title: ideas.title, authorId: ideas.authorId, status: ideas.status, publishedAt: ideas.publishedAt, supports: ideas.supportCount, recent: ideas.recentSupport, comments: sql<number>`(select s.comment_count from subjects s where s.id = ideas.id)`.mapWith(Number), due: ideas.responseDueAt, respondedAt: ideas.respondedAt, challengeId: ideas.challengeId })
      .from(ideas);
    const idea = (title: string) => all.find((i) => i.title === title)!;
    expect(all).toHaveLength(10);
    const planters = idea('Planters that catch the rain');
    expect(planters.publishedAt!.getTime()).toBe(rows[2]!.submissionsOpenAt.getTime() + DAY);
    expect(idea('Lunch clubs in pubs').publishedAt!.getTime()).toBe(rows[1]!.submissionsOpenAt.getTime() + 4 * DAY);
    expect(all.filter((i) => i.authorId === person('sam')).map((i) => i.title).sort()).toEqual(['Bin collection days as open data', 'Lunch clubs in pubs', 'Planters that catch the rain', 'Tea and tech afternoons']);

    // Supports as before; all cast now as far as the database knows, so all recent (see src/cli/demo.ts).
    expect(Object.fromEntries(all.filter((i) => i.supports > 0).map((i) => [i.title, [i.supports, i.recent]]))).toEqual({
      'Tea and tech afternoons': [4, 4],
      'A knock-on-the-door rota': [3, 3],
      'Bus buddies': [2, 2],
      'Lunch clubs in pubs': [1, 1],
      'Bin collection days as open data': [4, 4],
      'Live street works map': [2, 2],
      'Planning applications as open data': [2, 2],
    });
    const loneliness = rows[1]!;
    const budgets = await db().select({ userId: challengeVoters.userId, used: challengeVoters.votesUsed }).from(challengeVoters).where(eq(challengeVoters.challengeId, loneliness.id));
    expect(budgets.find((b) => b.userId === person('amira'))!.used).toBe(loneliness.voteBudget); // Amira has no supports left there

    // The response rule: "Tea and tech" overdue for 2.1 days; "knock-on-the-door" answered yesterday by Tom.
    daysAgo(idea('Tea and tech afternoons').due, 2.1);
    expect(idea('Tea and tech afternoons').respondedAt).toBeNull();
    expect(idea('A knock-on-the-door rota')).toMatchObject({ status: 'under_consideration', due: null });
    daysAgo(idea('A knock-on-the-door rota').respondedAt, 1);
    expect(idea('Bus buddies')).toMatchObject({ status: 'submitted', due: null, respondedAt: null });
    expect(idea('Bin collection days as open data').status).toBe('in_progress');
    daysAgo(idea('Bin collection days as open data').respondedAt, 25);
    expect(idea('Live street works map').status).toBe('not_taken_forward');
    daysAgo(idea('Live street works map').respondedAt, 24);
    const answers = await db().select({ ideaId: ideaResponses.ideaId, name: ideaResponses.authorName, role: ideaResponses.roleTitle, from: ideaResponses.statusFrom, to: ideaResponses.statusTo }).from(ideaResponses).orderBy(asc(ideaResponses.createdAt));
    expect(answers.map((a) => [all.find((i) => i.id === a.ideaId)!.title, a.name, a.role, a.from, a.to])).toEqual([
      ['Bin collection days as open data', 'Priya Shah', 'Digital engagement officer', 'submitted', 'accepted'],
      ['Live street works map', 'Priya Shah', 'Digital engagement officer', 'submitted', 'not_taken_forward'],
      ['Bin collection days as open data', 'Priya Shah', 'Digital engagement officer', 'accepted', 'in_progress'],
      ['A knock-on-the-door rota', 'Tom Okafor', 'Climate programme lead', 'submitted', 'under_consideration'],
    ]);

    // The threaded discussion on "Planters that catch the rain", one comment on "Parklets".
    const thread = await db().select({ authorId: comments.authorId, depth: comments.depth, threadId: comments.threadId, createdAt: comments.createdAt }).from(comments).where(eq(comments.subjectId, planters.id)).orderBy(asc(comments.createdAt));
    expect(thread.map((c) => [c.authorId, c.depth])).toEqual([
      [person('lea'), 0],
      [person('tom'), 1],
      [person('marie'), 2],
    ]);
    expect(new Set(thread.map((c) => c.threadId)).size).toBe(1);
    expect(Math.abs(Date.now() - 50 * 3_600_000 - thread[0]!.createdAt.getTime())).toBeLessThan(60_000);
    expect([planters.comments, idea('Parklets outside cafés').comments]).toEqual([3, 1]);

    // Follows.
    expect((await followsOf('challenge')).map((f) => [f.userId, rows.find((r) => r.id === f.subjectId)!.title]).sort()).toEqual(
      [
        [person('lea'), 'Loneliness among older residents'],
        [person('noah'), 'Greener high streets'],
      ].sort(),
    );
    expect((await followsOf('idea')).map((f) => [f.userId, all.find((i) => i.id === f.subjectId)!.title]).sort()).toEqual(
      [
        [person('lea'), 'A knock-on-the-door rota'],
        [person('marie'), 'Planters that catch the rain'],
      ].sort(),
    );

    // The moderation story: a new account's two links held; the platform admin hid one under rule 1, the other waits.
    const items = await db().select({ state: moderationItems.state, rule: moderationItems.rule, holdReason: moderationItems.holdReason }).from(moderationItems);
    expect(items.sort((a, b) => a.state.localeCompare(b.state))).toEqual([
      { state: 'held', rule: null, holdReason: 'newAccountLinks' },
      { state: 'hidden', rule: 'spam', holdReason: 'newAccountLinks' },
    ]);

    // Sam Taylor, whom the e2e journeys sign in as: ideas, but no supports, comments or follows.
    const sam = person('sam');
    expect((await db().select({ n: count() }).from(ideaVotes).where(eq(ideaVotes.userId, sam)))[0]!.n).toBe(0);
    expect((await db().select({ n: count() }).from(challengeVoters).where(eq(challengeVoters.userId, sam)))[0]!.n).toBe(0);
    expect((await db().select({ n: count() }).from(comments).where(eq(comments.authorId, sam)))[0]!.n).toBe(0);
    expect((await db().select({ n: count() }).from(follows).where(eq(follows.userId, sam)))[0]!.n).toBe(0);

    // Each command wrote its audit row.
    const actions = await db().select({ action: events.name, n: count() }).from(events).groupBy(events.name);
    expect(Object.fromEntries(actions.map((a) => [a.action, a.n]))).toEqual({
      'organisation.create': 2,
      'challenge.create': 3,
      'challenge.publish': 3,
      'idea.submit': 10,
      'idea.support': 18,
      'idea.respond': 4,
      'comment.post': 6,
      'moderation.hold': 2,
      'moderation.decide': 1,
      'invitation.create': 1,
      // The competitions: two rubrics of two criteria and a method each; the open data one judged and announced, Loneliness judging.
      'rubric.change': 6,
      'judging.shortlist': 6,
      'judging.invite': 5,
      'judging.join': 5,
      'judging.assign': 2,
      'judging.conflict': 10,
      'judging.score': 9,
      'judging.award': 3,
      'judging.announce': 1,
      'judging.awarded': 3,
      'judging.nextSteps': 2,
    });

    // The finished competition: announced on its results date, with the numbers decision 0060 gives
    // (worked out in src/cli/demo.ts: panels 89.58, 67.5, 53.75; supports 4, 2, 2; w = 0.3).
    const openData = rows[0]!;
    const [settings] = await db().select().from(judgingSettings).where(eq(judgingSettings.challengeId, openData.id));
    expect(settings!.announcedAt!.getTime()).toBe(openData.resultsAt!.getTime());
    const results = settings!.results as { table: { title: string; final: number; rank: number; judges: number }[]; awards: { title: string; kind: string }[]; method: { judges: number; conflictsDeclared: number; recusals: number; panel: string[] } };
    expect(results.table.map((r) => [r.rank, r.title, r.final, r.judges])).toEqual([
      [1, 'Bin collection days as open data', 92.71, 3],
      [2, 'Planning applications as open data', 62.25, 2],
      [3, 'Live street works map', 52.63, 2],
    ]);
    expect(results.awards.map((a) => [a.kind, a.title])).toEqual([
      ['place', 'Bin collection days as open data'],
      ['place', 'Planning applications as open data'],
      ['mention', 'Live street works map'],
    ]);
    expect(results.method).toMatchObject({ judges: 3, conflictsDeclared: 1, recusals: 1, panel: ['Marie Dubois', 'Noah Williams', 'Tom Okafor'] });
    // Loneliness is judging while its vote goes on: one score submitted, one draft, the rest to do.
    const lonely = await db().select({ state: judgeAssignments.state, conflict: judgeAssignments.conflict }).from(judgeAssignments).where(eq(judgeAssignments.challengeId, rows[1]!.id));
    expect(lonely.filter((a) => a.state === 'submitted')).toHaveLength(1);
    expect(lonely.filter((a) => a.state === 'draft')).toHaveLength(1);
    expect(lonely.filter((a) => a.conflict === 'automatic')).toHaveLength(1); // Marie wrote "Bus buddies"

    // The check above can fail: each count changed by hand is reported (and put back).
    const breakOne = async (change: () => Promise<unknown>, undo: () => Promise<unknown>) => {
      await change();
      const drift = await findCountDrift(db());
      await undo();
      return drift.map((d) => d.counter);
    };
    const ideaSet = (id: string, values: Partial<typeof ideas.$inferInsert>) => () => db().update(ideas).set(values).where(eq(ideas.id, id));
    const subjectSet = (id: string, values: Partial<typeof subjects.$inferInsert>) => () => db().update(subjects).set(values).where(eq(subjects.id, id));
    expect(await breakOne(subjectSet(planters.id, { commentCount: 4 }), subjectSet(planters.id, { commentCount: 3 }))).toEqual(['subjects.comment_count']);
    expect(await breakOne(ideaSet(planters.id, { supportCount: 1, recentSupport: 1 }), ideaSet(planters.id, { supportCount: 0, recentSupport: 0 }))).toEqual(['ideas.recent_support', 'ideas.support_count']);
    const tea = idea('Tea and tech afternoons');
    expect(await breakOne(ideaSet(tea.id, { responseDueAt: null }), ideaSet(tea.id, { responseDueAt: tea.due }))).toEqual(['ideas.response_due_at']);
    expect(await breakOne(ideaSet(tea.id, { respondedAt: new Date() }), ideaSet(tea.id, { respondedAt: null }))).toEqual(['ideas.responded_at']);
    const challengeSet = (values: Partial<typeof challenges.$inferInsert>) => () => db().update(challenges).set(values).where(eq(challenges.id, loneliness.id));
    expect(await breakOne(challengeSet({ ideaCount: 5, participantCount: 4 }), challengeSet({ ideaCount: 4, participantCount: 3 }))).toEqual(['challenges.idea_count', 'challenges.participant_count']);
    const amiraSet = (used: number) => () => db().update(challengeVoters).set({ votesUsed: used }).where(and(eq(challengeVoters.challengeId, loneliness.id), eq(challengeVoters.userId, person('amira'))));
    expect(await breakOne(amiraSet(2), amiraSet(3))).toEqual(['challenge_voters.votes_used']);
    expect(await findCountDrift(db())).toEqual([]);

    // The public pages show it: the overdue idea is listed on the challenge.
    const page = await (await new Client(env.app).get(`/challenges/${loneliness.id}`)).text();
    expect(page).toContain('Tea and tech afternoons');
    expect((await db().select({ n: count() }).from(ideas).where(and(eq(ideas.challengeId, loneliness.id), eq(ideas.status, 'submitted'))))[0]!.n).toBe(3);
  });
});
