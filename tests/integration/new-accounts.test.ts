/**
 * New accounts (issue 12, point 5): fewer posts per hour until they are a day old and something of
 * theirs is shown; the refusal says why and how long to wait, and nothing is stored. An older
 * account with something shown posts as usual; a moderator's "new" setting puts the limit back.
 */
import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { comments, ideas, moderationItems, notifications, users } from '../../src/db/schema/index.js';
import { Client, relaxedLimits, type SessionClient } from '../support/app.js';
import { createComment, createIdeaFollow, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const LIMIT = 3;
const { env, db, person, challengeWithIdea } = useTestEnv({ rateLimits: { ...relaxedLimits, newAccountPosts: { points: LIMIT, duration: 3600 } } });

let n = 0;
const comment = async (client: SessionClient, ideaId: string) => client.post(`/ideas/${ideaId}/comments`, { body: `Comment number ${++n}`, submissionKey: `key-${n}-${Date.now()}` });
const commentsBy = async (userId: string) => (await db().select({ n: count() }).from(comments).where(eq(comments.authorId, userId)))[0]!.n;

async function submitIdea(client: SessionClient, challengeId: string) {
  const submissionKey = await client.submissionKey(`/challenges/${challengeId}/ideas/new`);
  return client.post(`/challenges/${challengeId}/ideas/new`, { title: `Idea ${++n}`, summary: 'A summary.', description: 'A description.', submissionKey, intent: 'publish' });
}

describe('new accounts post fewer times an hour', () => {
  it('refuses the post beyond the limit with a 429 that says why, storing nothing; comments and ideas count together', async () => {
    const { idea, challenge } = await challengeWithIdea();
    const fresh = await person(); // created now, nothing shown
    for (let i = 0; i < LIMIT - 1; i++) expect((await comment(fresh.client, idea.id)).status).toBe(303);
    expect((await submitIdea(fresh.client, challenge.id)).status).toBe(303);
    const refused = await comment(fresh.client, idea.id);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await refused.text()).toContain('New accounts can post 10 times an hour');
    expect(await commentsBy(fresh.user.id)).toBe(LIMIT - 1);
    expect((await submitIdea(fresh.client, challenge.id)).status).toBe(429);
    expect((await db().select({ n: count() }).from(ideas).where(eq(ideas.authorId, fresh.user.id)))[0]!.n).toBe(1);
  });

  it('lets an account older than a day with something shown post as usual, unless a moderator set it back to new', async () => {
    const { idea } = await challengeWithIdea();
    const settled = await person({ createdAt: new Date(Date.now() - 30 * DAY) });
    await createComment(db(), idea.id, settled.user.id);
    for (let i = 0; i < LIMIT + 2; i++) expect((await comment(settled.client, idea.id)).status).toBe(303);

    const demoted = await person({ createdAt: new Date(Date.now() - 30 * DAY) });
    await createComment(db(), idea.id, demoted.user.id);
    await db().update(users).set({ trust: 'new' }).where(eq(users.id, demoted.user.id));
    for (let i = 0; i < LIMIT; i++) expect((await comment(demoted.client, idea.id)).status).toBe(303);
    expect((await comment(demoted.client, idea.id)).status).toBe(429);
  });
});

describe('links in a new account’s profile', () => {
  const LINKED = 'Find my shop at https://spam.example/deals';

  it('holds an introduction with a link until a moderator approves it', async () => {
    const fresh = await person();
    const res = await fresh.client.post('/account', { displayName: fresh.user.displayName, bio: LINKED, locale: 'en' });
    expect(res.status).toBe(303);
    const account = await (await fresh.client.get('/account')).text();
    expect(account).toContain('Your introduction contains a web address, so it is shown once a moderator has looked at it.');
    const visitor = new Client(env.app);
    let page = await (await visitor.get(`/people/${fresh.user.id}`)).text();
    expect(page).not.toContain('spam.example');
    expect(page).toContain('awaiting moderation');
    const [item] = await db().select().from(moderationItems).where(eq(moderationItems.targetId, fresh.user.id));
    expect(item).toMatchObject({ targetKind: 'person', state: 'held', holdReason: 'newAccountLinks' });
    expect(item!.snapshot.body).toBe(LINKED);

    const moderator = await person({ isModerator: true });
    expect((await moderator.client.post(`/moderation/items/${item!.id}/decide`, { action: 'dismiss', seen: 'held' })).status).toBe(303);
    page = await (await visitor.get(`/people/${fresh.user.id}`)).text();
    expect(page).toContain('spam.example');
  });

  it('refuses a web address in a new account’s name, at sign-up and after, changing nothing', async () => {
    const fresh = await person();
    const res = await fresh.client.post('/account', { displayName: 'Deals at www.spam.example', bio: '', locale: 'en' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('A new account’s name cannot contain a web address.');
    expect((await db().select({ name: users.displayName }).from(users).where(eq(users.id, fresh.user.id)))[0]!.name).toBe(fresh.user.displayName);

    const email = `linkname.${Date.now()}@example.org`;
    const signUp = await new Client(env.app).post('/sign-up', { displayName: 'Visit https://spam.example', email, password: 'a long unguessable phrase' });
    expect(signUp.status).toBe(422);
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  it('shows at once the links of an account older than a day with something shown', async () => {
    const { idea } = await challengeWithIdea();
    const settled = await person({ createdAt: new Date(Date.now() - 30 * DAY) });
    await createComment(db(), idea.id, settled.user.id);
    expect((await settled.client.post('/account', { displayName: 'Settled at www.example.org', bio: LINKED, locale: 'en' })).status).toBe(303);
    expect(await (await new Client(env.app).get(`/people/${settled.user.id}`)).text()).toContain('spam.example');
    expect(await db().select().from(moderationItems).where(eq(moderationItems.targetId, settled.user.id))).toEqual([]);
  });
});

describe('links edited in by a new account', () => {
  it('hold the comment or the idea for a moderator, as in a new one', async () => {
    const { idea } = await challengeWithIdea();
    const fresh = await person();
    expect((await comment(fresh.client, idea.id)).status).toBe(303);
    const [mine] = await db().select().from(comments).where(eq(comments.authorId, fresh.user.id));
    expect(mine!.hiddenAt).toBeNull();
    expect((await fresh.client.post(`/comments/${mine!.id}/edit`, { body: 'Now with https://spam.example/deals' })).status).toBe(303);
    const [edited] = await db().select().from(comments).where(eq(comments.id, mine!.id));
    expect(edited).toMatchObject({ hiddenRule: 'awaiting' });
    const [item] = await db().select().from(moderationItems).where(eq(moderationItems.targetId, mine!.id));
    expect(item).toMatchObject({ state: 'held', holdReason: 'newAccountLinks' });

    const open = await challengeWithIdea();
    const author = await person();
    const submitted = await submitIdea(author.client, open.challenge.id);
    expect(submitted.status).toBe(303);
    const [published] = await db().select().from(ideas).where(eq(ideas.authorId, author.user.id));
    expect(published!.hiddenAt).toBeNull();
    const res = await author.client.post(`/ideas/${published!.id}/edit`, { title: published!.title, summary: published!.summary, description: 'See www.spam.example for more.', intent: 'save' });
    expect(res.status).toBe(303);
    const [held] = await db().select().from(ideas).where(eq(ideas.id, published!.id));
    expect(held).toMatchObject({ hiddenRule: 'awaiting' });
  });
});

describe('a held comment approved', () => {
  it('tells the idea’s followers then, as it would have when posted', async () => {
    const { idea } = await challengeWithIdea();
    const follower = await person();
    await createIdeaFollow(db(), follower.user.id, idea.id);
    const fresh = await person();
    expect((await fresh.client.post(`/ideas/${idea.id}/comments`, { body: 'My shop: https://shop.example', submissionKey: `held-${Date.now()}` })).status).toBe(303);
    const [held] = await db().select().from(comments).where(eq(comments.authorId, fresh.user.id));
    const told = async () => (await db().select().from(notifications).where(eq(notifications.userId, follower.user.id))).length;
    await env.drainJobs();
    expect(await told()).toBe(0); // held: nobody hears of it

    const item = (await db().select().from(moderationItems).where(eq(moderationItems.targetId, held!.id)))[0]!;
    const moderator = await person({ isModerator: true });
    expect((await moderator.client.post(`/moderation/items/${item.id}/decide`, { action: 'dismiss', seen: 'held' })).status).toBe(303);
    await env.drainJobs();
    expect(await told()).toBe(1);
    await env.drainJobs();
    expect(await told()).toBe(1); // once
  });
});
