/**
 * The spine at work: commands record typed events; subscribers (jobs) turn them into in-app
 * notifications for the right people, never the actor, never about what a person may not see;
 * the bell, the notifications page, mark read, stop following; challenge milestones recorded
 * once each, with two workers and after a gap.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { events, follows, ideas, jobs, notifications } from '../../src/db/schema/index.js';
import { recordMilestones } from '../../src/features/challenges/index.js';
import { notify } from '../../src/features/notifications/index.js';
import { loadEvent, recordEvent } from '../../src/jobs/events.js';
import '../../src/registry.js';
import { Client } from '../support/app.js';
import { createChallenge, createIdeaFollow, createChallengeFollow, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf, challengeWithIdea } = useTestEnv();

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const key = () => randomBytes(18).toString('base64url');

/** Posts a comment through the form and returns its id. */
async function comment(client: Client, ideaId: string, body: string, parentId?: string): Promise<string> {
  const res = await client.post(`/ideas/${ideaId}/comments`, { submissionKey: key(), body, ...(parentId ? { parentId } : {}) });
  expect(res.status, await res.clone().text()).toBe(303);
  return new RegExp(`#comment-(${UUID})$`).exec(res.headers.get('Location') ?? '')![1]!;
}

const noticesOf = (userId: string) =>
  db().select({ id: notifications.id, reason: notifications.reason, message: notifications.message, params: notifications.params, subjectId: notifications.subjectId, readAt: notifications.readAt }).from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id));

/** The header's unread count as shown (null when there is none). */
const bellOf = (html: string) => /<span class="bell-count"><span aria-hidden="true">([^<]+)<\/span>/.exec(html)?.[1] ?? null;

describe('events', () => {
  it('a command records its typed event with the subject, in the same transaction, with ids and codes only', async () => {
    const { idea } = await challengeWithIdea();
    const reader = await person();
    const body = 'A private thought that must never be copied into the record';
    const id = await comment(reader.client, idea.id, body);
    const [row] = await db().select().from(events).where(and(eq(events.name, 'comment.post'), eq(events.entityId, id)));
    expect(row).toMatchObject({ actorId: reader.user.id, entityType: 'comment', subjectId: idea.id, payload: { parentId: null, depth: 0 } });
    expect(JSON.stringify(row!.payload)).not.toContain('private thought');
    // The subscriber's job was queued with it: the event's id only.
    const queued = await db().select({ kind: jobs.kind, payload: jobs.payload }).from(jobs).where(eq(jobs.kind, 'comments.notify'));
    expect(queued.map((j) => j.payload)).toContainEqual({ eventId: row!.id });
  });

  it('an event that is not recorded queues nothing (the transaction failed)', async () => {
    const { idea } = await challengeWithIdea();
    const unverified = await person({ emailVerifiedAt: null });
    const before = (await db().select().from(events)).length;
    const res = await unverified.client.post(`/ideas/${idea.id}/comments`, { submissionKey: key(), body: 'Refused' });
    expect(res.status).toBe(403);
    expect((await db().select().from(events)).length).toBe(before);
  });
});

describe('notifications of comments', () => {
  it('tells the idea’s author and followers, and the author of the comment replied to — never the person who wrote it', async () => {
    const { idea, author } = await challengeWithIdea();
    const follower = await person();
    const commenter = await person({ displayName: 'Noor Haddad' });
    const replier = await person();
    await createIdeaFollow(db(), follower.user.id, idea.id);
    await createIdeaFollow(db(), commenter.user.id, idea.id); // follows, but wrote it: not told of their own comment
    const first = await comment(commenter.client, idea.id, 'First!');
    await env.drainJobs();
    expect((await noticesOf(author.user.id)).map((n) => [n.reason, n.message])).toEqual([['author', 'comments.notify.onYours']]);
    expect((await noticesOf(follower.user.id)).map((n) => [n.reason, n.message])).toEqual([['follower', 'comments.notify.new']]);
    expect(await noticesOf(commenter.user.id)).toEqual([]);

    await comment(replier.client, idea.id, 'A reply', first);
    await env.drainJobs();
    expect((await noticesOf(commenter.user.id)).map((n) => [n.reason, n.message])).toEqual([['reply', 'comments.notify.reply']]);
    expect(await noticesOf(replier.user.id)).toEqual([]);
    expect((await noticesOf(author.user.id)).length).toBe(2);

    // The bell counts them, with JavaScript or without (it is in the page).
    const page = await (await author.client.get('/challenges')).text();
    expect(bellOf(page)).toBe('2');
    expect(page).toContain('(2 unread)');
    expect(bellOf(await (await replier.client.get('/challenges')).text())).toBeNull();
  });

  it('the author commenting on their own idea tells the followers only', async () => {
    const { idea, author } = await challengeWithIdea();
    const follower = await person();
    await createIdeaFollow(db(), follower.user.id, idea.id);
    await comment(author.client, idea.id, 'Thanks for reading');
    await env.drainJobs();
    expect(await noticesOf(author.user.id)).toEqual([]);
    expect((await noticesOf(follower.user.id)).length).toBe(1);
  });

  it('nothing about a comment deleted before delivery, nor about a withdrawn idea’s discussion', async () => {
    const { idea, author } = await challengeWithIdea();
    const follower = await person();
    const commenter = await person();
    await createIdeaFollow(db(), follower.user.id, idea.id);
    const gone = await comment(commenter.client, idea.id, 'Oops');
    expect((await commenter.client.post(`/comments/${gone}/delete`, {})).status).toBe(303);
    await env.drainJobs();
    expect(await noticesOf(follower.user.id)).toEqual([]);

    await comment(commenter.client, idea.id, 'Still here');
    // Withdrawn before the subscriber runs: its discussion is closed and kept out of notifications.
    expect((await author.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'done_elsewhere' })).status).toBe(303);
    await env.drainJobs();
    const got = await noticesOf(follower.user.id);
    expect(got.map((n) => n.message)).toEqual(['ideas.notify.withdrawn']);
  });

  it('a subject back to draft before delivery: nobody hears of its discussion', async () => {
    const { idea, author } = await challengeWithIdea();
    const follower = await person();
    await createIdeaFollow(db(), follower.user.id, idea.id);
    await comment((await person()).client, idea.id, 'Before it went back');
    await db().update(ideas).set({ status: 'draft' }).where(eq(ideas.id, idea.id));
    await env.drainJobs();
    expect(await noticesOf(follower.user.id)).toEqual([]);
    expect(await noticesOf(author.user.id)).toEqual([]);
  });

  it('about a subject the public may not see, only those who may see it as themselves are told (canView per person)', async () => {
    const { council } = await challengeWithIdea();
    const draft = await createChallenge(db(), council.id, { status: 'draft' });
    const citizen = await person();
    const staff = await staffOf(council);
    const admin = await person({ isAdmin: true });
    for (const who of [citizen, staff, admin]) await createChallengeFollow(db(), who.user.id, draft.id);
    const eventId = await db().transaction((tx) => recordEvent(tx, { name: 'challenge.close', actorId: null, entityType: 'challenge', entityId: draft.id, subjectId: draft.id, payload: {} }));
    const event = (await loadEvent(db(), eventId))!;
    const notice = { message: 'challenges.notify.closed' } as const;
    expect(await notify(env.deps, event, { followersOf: [draft.id], notice: { reply: notice, author: notice, follower: notice } })).toBe(2);
    expect(await noticesOf(citizen.user.id)).toEqual([]);
    expect((await noticesOf(staff.user.id)).length).toBe(1);
    expect((await noticesOf(admin.user.id)).length).toBe(1);
  });

  it('delivery is idempotent: a retried subscriber adds nobody twice', async () => {
    const { idea } = await challengeWithIdea();
    const follower = await person();
    const commenter = await person();
    await createIdeaFollow(db(), follower.user.id, idea.id);
    const id = await comment(commenter.client, idea.id, 'Once');
    await env.drainJobs();
    const [row] = await db().select({ id: events.id }).from(events).where(eq(events.entityId, id));
    const event = (await loadEvent(db(), row!.id))!;
    expect(await notify(env.deps, event, { followersOf: [idea.id], notice: { reply: { message: 'comments.notify.new' }, author: { message: 'comments.notify.new' }, follower: { message: 'comments.notify.new' } } })).toBe(0);
    expect((await noticesOf(follower.user.id)).length).toBe(1);
  });
});

describe('official responses and challenges', () => {
  it('a response tells the author, the idea’s followers and the challenge’s followers, with the new status', async () => {
    const { idea, author, council, challenge } = await challengeWithIdea();
    const ideaFollower = await person();
    const challengeFollower = await person();
    await createIdeaFollow(db(), ideaFollower.user.id, idea.id);
    await createChallengeFollow(db(), challengeFollower.user.id, challenge.id);
    const staff = await staffOf(council);
    const page = await (await staff.client.get(`/ideas/${idea.id}`)).text();
    const formKey = /name="submissionKey" value="([^"]+)"/.exec(page.slice(page.indexOf('/responses')))![1]!;
    const res = await staff.client.post(`/ideas/${idea.id}/responses`, { submissionKey: formKey, responseBody: 'Shortlisted.', responseStatus: 'shortlisted', responseReason: 'Cheap.' });
    expect(res.status, await res.clone().text()).toBe(303);
    await env.drainJobs();
    for (const who of [author, ideaFollower, challengeFollower]) {
      const got = await noticesOf(who.user.id);
      expect(got.map((n) => [n.message, n.params])).toEqual([['responses.notify.status', { status: 'ideas.status.shortlisted' }]]);
    }
    expect(await noticesOf(staff.user.id)).toEqual([]);
    const html = await (await challengeFollower.client.get('/notifications')).text();
    expect(html).toContain('the status is now “Shortlisted”');
  });

  it('archiving a challenge tells its followers', async () => {
    const { challenge, council } = await challengeWithIdea();
    const follower = await person();
    await createChallengeFollow(db(), follower.user.id, challenge.id);
    const owner = await staffOf(council, 'owner');
    expect((await owner.client.post(`/challenges/${challenge.id}/archive`, {})).status).toBe(303);
    await env.drainJobs();
    expect((await noticesOf(follower.user.id)).map((n) => n.message)).toEqual(['challenges.notify.archived']);
    expect(await noticesOf(owner.user.id)).toEqual([]);
  });

  it('closing a challenge early tells its followers', async () => {
    const { challenge, council } = await challengeWithIdea();
    const follower = await person();
    await createChallengeFollow(db(), follower.user.id, challenge.id);
    const owner = await staffOf(council, 'owner');
    expect((await owner.client.post(`/challenges/${challenge.id}/close`, {})).status).toBe(303);
    await env.drainJobs();
    expect((await noticesOf(follower.user.id)).map((n) => n.message)).toEqual(['challenges.notify.closed']);
  });
});

describe('challenge milestones (phases are derived: a scheduled job notices them)', () => {
  it('records each milestone once with two workers at once, and every milestone passed during a gap once', async () => {
    const council = (await challengeWithIdea()).council;
    const now = Date.now();
    const challenge = await createChallenge(db(), council.id, {
      submissionsOpenAt: new Date(now + 1 * DAY),
      submissionsCloseAt: new Date(now + 5 * DAY),
      votingOpenAt: new Date(now + 2 * DAY),
      votingCloseAt: new Date(now + 6 * DAY),
      resultsAt: new Date(now + 8 * DAY),
    });
    const follower = await person();
    await createChallengeFollow(db(), follower.user.id, challenge.id);
    const milestonesOf = async () =>
      (await db().select({ payload: events.payload }).from(events).where(and(eq(events.name, 'challenge.milestone'), eq(events.subjectId, challenge.id))).orderBy(asc(events.id))).map(
        (e) => (e.payload as { milestone: string }).milestone,
      );
    try {
      // Nothing reached yet.
      await recordMilestones(env.deps);
      expect(await milestonesOf()).toEqual([]);
      // Ideas open: two workers race; one records it.
      env.clock.set(new Date(now + 1 * DAY + 60_000));
      await Promise.all([recordMilestones(env.deps), recordMilestones(env.deps)]);
      expect(await milestonesOf()).toEqual(['ideasOpen']);
      await recordMilestones(env.deps);
      expect(await milestonesOf()).toEqual(['ideasOpen']);
      // Downtime across voting open, voting close and results: each recorded once when it comes back.
      env.clock.set(new Date(now + 9 * DAY));
      await Promise.all([recordMilestones(env.deps), recordMilestones(env.deps)]);
      expect((await milestonesOf()).sort()).toEqual(['ideasOpen', 'results', 'votingClose', 'votingOpen']);
      await env.drainJobs();
      expect((await noticesOf(follower.user.id)).map((n) => n.message).sort()).toEqual(
        ['challenges.notify.ideasOpen', 'challenges.notify.results', 'challenges.notify.votingClose', 'challenges.notify.votingOpen'].sort(),
      );
    } finally {
      env.clock.reset();
    }
  });

  it('a draft challenge or one closed early announces nothing after its close', async () => {
    const { council } = await challengeWithIdea();
    const now = Date.now();
    const draft = await createChallenge(db(), council.id, { status: 'draft', votingOpenAt: new Date(now - DAY) });
    const closed = await createChallenge(db(), council.id, { submissionsOpenAt: new Date(now - 3 * DAY), closedEarlyAt: new Date(now - 2 * DAY), votingOpenAt: new Date(now - DAY) });
    await recordMilestones(env.deps);
    const names = async (id: string) => (await db().select({ p: events.payload }).from(events).where(and(eq(events.name, 'challenge.milestone'), eq(events.subjectId, id)))).map((e) => (e.p as { milestone: string }).milestone);
    expect(await names(draft.id)).toEqual([]);
    expect(await names(closed.id)).toEqual(['ideasOpen']);
  });
});

describe('the notifications page', () => {
  it('groups by subject, opens one (marked read, at the comment), marks all read, stops following; others’ notifications are 404s', async () => {
    const { idea } = await challengeWithIdea({}, { title: 'Planters that catch the rain' });
    const reader = await person();
    const other = await person();
    const commenter = await person({ displayName: 'Noor Haddad' });
    await createIdeaFollow(db(), reader.user.id, idea.id);
    const c1 = await comment(commenter.client, idea.id, 'One');
    await comment(commenter.client, idea.id, 'Two');
    await env.drainJobs();

    const html = await (await reader.client.get('/notifications')).text();
    expect(html.match(/<section class="notification-group"/g)?.length).toBe(1);
    expect(html).toContain('Planters that catch the rain');
    expect(html.match(/>Noor Haddad commented</g)?.length).toBe(2);
    expect(bellOf(html)).toBe('2');

    const [first] = await noticesOf(reader.user.id);
    expect((await other.client.get(`/notifications/${first!.id}`)).status).toBe(404);
    expect((await other.client.post(`/notifications/${first!.id}/read`, {})).status).toBe(404);
    expect((await reader.client.get('/notifications/not-a-number')).status).toBe(404);
    expect((await reader.client.get('/notifications/99999999999999999999')).status).toBe(404);
    expect((await reader.client.get('/notifications?after=%%%')).status).toBe(400);
    const open = await reader.client.get(`/notifications/${first!.id}`);
    expect(open.status).toBe(303);
    expect(open.headers.get('Location')).toBe(`/ideas/${idea.id}#comment-${c1}`);
    expect((await noticesOf(reader.user.id)).filter((n) => n.readAt === null).length).toBe(1);
    expect(bellOf(await (await reader.client.get('/challenges')).text())).toBe('1');

    expect((await reader.client.post('/notifications/read-all', {})).status).toBe(303);
    expect((await noticesOf(reader.user.id)).every((n) => n.readAt !== null)).toBe(true);
    expect(bellOf(await (await reader.client.get('/notifications')).text())).toBeNull();

    const stop = await reader.client.post(`/following/${idea.id}/unfollow`, { returnTo: '/notifications' });
    expect(stop.status).toBe(303);
    expect(stop.headers.get('Location')).toBe('/notifications');
    expect(await db().select().from(follows).where(and(eq(follows.userId, reader.user.id), eq(follows.subjectId, idea.id)))).toEqual([]);
  });

  it('a notification about something the person may no longer see is neither shown nor opened', async () => {
    const { idea } = await challengeWithIdea({}, { title: 'Soon a draft again' });
    const reader = await person();
    await createIdeaFollow(db(), reader.user.id, idea.id);
    await comment((await person()).client, idea.id, 'Hello');
    await env.drainJobs();
    const [n] = await noticesOf(reader.user.id);
    await db().update(ideas).set({ status: 'draft' }).where(eq(ideas.id, idea.id));
    const html = await (await reader.client.get('/notifications')).text();
    expect(html).not.toContain('Soon a draft again');
    expect((await reader.client.get(`/notifications/${n!.id}`)).status).toBe(404);
  });

  it('sign in first; the empty states in English and French', async () => {
    const anonymous = new Client(env.app);
    for (const path of ['/notifications', '/following']) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toContain('/sign-in');
    }
    const fresh = (await person()).client;
    expect(await (await fresh.get('/notifications')).text()).toContain('No notifications yet');
    expect(await (await fresh.get('/following')).text()).toContain('You do not follow anything yet');
    const french = (await person({ locale: 'fr' })).client;
    expect(await (await french.get('/notifications')).text()).toContain('Aucune notification pour l’instant');
    expect(await (await french.get('/following')).text()).toContain('Vous ne suivez rien pour l’instant');
  });
});

describe('what you follow', () => {
  it('lists ideas and challenges followed, newest first, each with Stop following', async () => {
    const { idea, challenge } = await challengeWithIdea({ title: 'Cooler streets', titleFr: 'Des rues plus fraîches' }, { title: 'Shade sails' });
    const me = await person();
    await createChallengeFollow(db(), me.user.id, challenge.id, { createdAt: new Date(Date.now() - 60_000) });
    await createIdeaFollow(db(), me.user.id, idea.id);
    const html = await (await me.client.get('/following')).text();
    expect(html.indexOf('Shade sails')).toBeLessThan(html.indexOf('Cooler streets'));
    expect(html.match(/action="\/following\/[0-9a-f-]+\/unfollow"/g)?.length).toBe(2);
    const stop = await me.client.post(`/following/${challenge.id}/unfollow`, { returnTo: '/following' });
    expect(stop.headers.get('Location')).toBe('/following');
    expect(await (await me.client.get('/following')).text()).not.toContain('Cooler streets');
    // Unknown or malformed subjects are 404s and change nothing.
    expect((await me.client.post('/following/00000000-0000-4000-8000-000000000000/unfollow', {})).status).toBe(404);
    expect((await me.client.post('/following/nope/unfollow', {})).status).toBe(404);
  });
});

describe('the idea page stays at a constant number of queries', () => {
  it('whatever its comments, followers and the reader’s notifications, anonymous or signed in', async () => {
    const small = await challengeWithIdea();
    const large = await challengeWithIdea();
    const readerSmall = await person();
    const readerLarge = await person();
    await createIdeaFollow(db(), readerSmall.user.id, small.idea.id);
    await createIdeaFollow(db(), readerLarge.user.id, large.idea.id);
    const commenter = await person();
    await comment(commenter.client, small.idea.id, 'One');
    for (let i = 0; i < 12; i++) {
      await comment(commenter.client, large.idea.id, `Comment ${i}`);
      await createIdeaFollow(db(), (await person()).user.id, large.idea.id);
    }
    await env.drainJobs();
    expect((await noticesOf(readerLarge.user.id)).length).toBe(12);
    const anonymous = new Client(env.app);
    for (const [s, l] of [
      [anonymous, anonymous],
      [readerSmall.client, readerLarge.client],
    ] as const) {
      await s.get('/privacy');
      await l.get('/privacy');
      const q1 = await env.countQueries(() => s.get(`/ideas/${small.idea.id}`));
      const q2 = await env.countQueries(() => l.get(`/ideas/${large.idea.id}`));
      expect(q2).toBe(q1);
    }
  });
});

describe('one discussion, on whatever subject kinds have one', () => {
  it('answers at the subject’s own page only: a kind without a discussion, or an idea under another path, is a 404 that changes nothing', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const reader = await person();
    for (const path of [`/challenges/${challenge.id}/comments`, `/challenges/${idea.id}/comments`, `/people/${idea.id}/comments`, `/ideas/not-a-uuid/comments`]) {
      expect((await reader.client.post(path, { submissionKey: key(), body: 'Hello' })).status, path).toBe(404);
      expect((await reader.client.get(path, { 'HX-Request': 'true' })).status, path).toBe(404);
    }
    expect(await db().select().from(events).where(and(eq(events.name, 'comment.post'), eq(events.subjectId, challenge.id)))).toEqual([]);
    // The idea's own path works, and the count kept on its subject moves.
    await comment(reader.client, idea.id, 'Here');
    expect(await (await reader.client.get(`/ideas/${idea.id}`)).text()).toContain('1 comment');
  });
});
