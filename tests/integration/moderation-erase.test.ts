/**
 * Retention (issue 12, point 4): hidden content is kept word for word for MODERATION_ERASE_DAYS
 * after the decision that hid it, for appeals and lawful requests, then its words are erased; the
 * record (item, reports, decisions) stays. Content restored, under appeal or hidden more recently
 * is left alone.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { comments, ideaRevisions, ideas, moderationItems, users } from '../../src/db/schema/index.js';
import { eraseHiddenContent } from '../../src/features/moderation/erase.js';
import { postComment } from '../../src/features/comments/index.js';
import { createTestEnvOn, type SessionClient } from '../support/app.js';
import { DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, challengeWithIdea } = useTestEnv();
const actorOf = (u: { id: string }) => ({ id: u.id, isAdmin: false, emailVerified: true });
const itemOf = async (kind: string, id: string) => (await db().select().from(moderationItems).where(and(eq(moderationItems.targetKind, kind), eq(moderationItems.targetId, id))))[0]!;

/** Reported by someone, then hidden by a platform moderator under rule "personal"; returns the item. */
async function hide(moderator: SessionClient, kind: string, id: string) {
  const reporter = await person();
  expect((await reporter.client.post(`/report/${kind}/${id}`, { reason: "personal", note: "" })).status, kind).toBe(303);
  const item = await itemOf(kind, id);
  expect((await moderator.post(`/moderation/items/${item.id}/decide`, { action: 'hide', seen: 'pending', rule: 'personal', note: 'A phone number' })).status).toBe(303);
  return item;
}

describe('hidden content past the retention period', () => {
  it('loses its words, and its snapshot; the record stays; appeals end', async () => {
    const moderator = (await person({ isModerator: true })).client;
    const { idea } = await challengeWithIdea();
    const commenter = await person();
    const posted = await postComment(env.deps, actorOf(commenter.user), idea.id, { body: 'Call 0612345678', parentId: null, submissionKey: crypto.randomUUID() });
    const kept = await postComment(env.deps, actorOf(commenter.user), idea.id, { body: 'Also 0698765432', parentId: null, submissionKey: crypto.randomUUID() });
    await db().insert(ideaRevisions).values({ ideaId: idea.id, editedAt: new Date(), title: 'Old title', summary: 'Old', description: 'Old' });
    const profile = await person();
    await db().update(users).set({ bio: 'My number is 0611111111' }).where(eq(users.id, profile.user.id));

    const restoredItem = await hide(moderator, 'comment', kept.id);
    expect((await moderator.post(`/moderation/items/${restoredItem.id}/decide`, { action: 'restore', seen: 'hidden', note: 'Fine after all' })).status).toBe(303);
    const commentItem = await hide(moderator, 'comment', posted.id);
    const profileItem = await hide(moderator, 'person', profile.user.id);
    const ideaItem = await hide(moderator, 'idea', idea.id); // last: its comments can no longer be reported

    // Within the period: nothing erased.
    expect(await eraseHiddenContent(env.deps, new Date(Date.now() + 179 * DAY))).toBe(0);
    expect((await db().select().from(comments).where(eq(comments.id, posted.id)))[0]!.body).toBe('Call 0612345678');

    // After it: the words go, the record stays.
    const erased = await eraseHiddenContent(env.deps, new Date(Date.now() + 181 * DAY));
    expect(erased).toBeGreaterThanOrEqual(3);
    expect((await db().select().from(comments).where(eq(comments.id, posted.id)))[0]).toMatchObject({ body: '', bodyHtml: '', hiddenRule: 'personal' });
    expect((await db().select().from(comments).where(eq(comments.id, kept.id)))[0]!.body).toBe('Also 0698765432'); // restored: shown, kept
    expect((await db().select().from(ideas).where(eq(ideas.id, idea.id)))[0]).toMatchObject({ title: '', summary: '', description: '' });
    expect(await db().select().from(ideaRevisions).where(eq(ideaRevisions.ideaId, idea.id))).toEqual([]);
    expect((await db().select({ bio: users.bio, name: users.displayName }).from(users).where(eq(users.id, profile.user.id)))[0]).toEqual({ bio: '', name: profile.user.displayName });
    for (const item of [commentItem, ideaItem, profileItem]) {
      const after = await itemOf(item.targetKind, item.targetId);
      expect(after).toMatchObject({ state: 'hidden', rule: 'personal', snapshot: { title: '', body: '' } });
      expect(after.erasedAt).not.toBeNull();
    }
    expect((await itemOf('comment', kept.id)).erasedAt).toBeNull();
    expect(await eraseHiddenContent(env.deps, new Date(Date.now() + 182 * DAY))).toBe(0); // once

    // The moderator's page says so; the author can no longer ask for a review.
    const page = await (await moderator.get(`/moderation/items/${commentItem.id}`)).text();
    expect(page).toContain('Its words were erased on');
    expect(page).not.toContain('0612345678');
    const refused = await commenter.client.post(`/appeal/person/${profile.user.id}`, { note: 'Please look again' });
    expect([403, 404]).toContain(refused.status); // not theirs
    const own = await profile.client.post(`/appeal/person/${profile.user.id}`, { note: 'Please look again' });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('its words have been erased');
    expect((await itemOf('person', profile.user.id)).appealedAt).toBeNull();
  });

  it('keeps everything when MODERATION_ERASE_DAYS is 0', async () => {
    const keepAll = createTestEnvOn(env, { env: { MODERATION_ERASE_DAYS: '0' } });
    expect(await eraseHiddenContent(keepAll.deps, new Date(Date.now() + 3650 * DAY))).toBe(0);
  });
});
