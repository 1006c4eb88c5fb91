/**
 * Trust and safety, first part (issue 12): reporting any reportable kind (ideas, comments,
 * profiles), the one queue, and decisions (dismiss, hide under a rule, restore) with who may take
 * them; hidden comments leave every page at once, the anonymous page cache included.
 */
import { describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { events, moderationDecisions, moderationItems, notifications, organisations, reports, subjects } from '../../src/db/schema/index.js';
import { postComment } from '../../src/features/comments/index.js';
import { Client } from '../support/app.js';
import { createIdea, createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf, challengeWithIdea } = useTestEnv();

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const actorOf = (u: { id: string }) => ({ id: u.id, isAdmin: false, emailVerified: true });

const reportRows = async (itemId?: string) => (await db().select({ n: count() }).from(reports).where(itemId ? eq(reports.itemId, itemId) : undefined))[0]!.n;
const itemOf = async (kind: string, id: string) => (await db().select().from(moderationItems).where(and(eq(moderationItems.targetKind, kind), eq(moderationItems.targetId, id))))[0];
const commentCount = async (subjectId: string) => (await db().select({ n: subjects.commentCount }).from(subjects).where(eq(subjects.id, subjectId)))[0]!.n;

/** A published idea with a comment posted through the command (so the subject's count includes it), and its author. */
async function commented(body = 'Call 0612345678 and ask for my neighbour') {
  const { council, challenge, idea, author } = await challengeWithIdea();
  const commenter = await person();
  const posted = await postComment(env.deps, actorOf(commenter.user), idea.id, { body, parentId: null, submissionKey: crypto.randomUUID() });
  return { council, challenge, idea, author, commenter, commentId: posted.id };
}

async function platformModerator() {
  return person({ isModerator: true });
}

const report = (client: Client, kind: string, id: string, form: Record<string, string> = { reason: 'personal', note: '' }) => client.post(`/report/${kind}/${id}`, form);
const decide = (client: Client, itemId: string, form: Record<string, string>) => client.post(`/moderation/items/${itemId}/decide`, form);

describe('reporting', () => {
  it('a Report link on other people’s comments, ideas and profiles, never on one’s own; anonymous visitors are asked to sign in', async () => {
    const { idea, author, commenter, commentId } = await commented();
    const reader = await person();
    const page = await (await reader.client.get(`/ideas/${idea.id}`)).text();
    expect(page).toContain(`href="/report/comment/${commentId}"`);
    expect(page).toContain(`href="/report/idea/${idea.id}"`);
    const own = await (await commenter.client.get(`/ideas/${idea.id}`)).text();
    expect(own).not.toContain(`href="/report/comment/${commentId}"`);
    const authorPage = await (await author.client.get(`/ideas/${idea.id}`)).text();
    expect(authorPage).not.toContain(`href="/report/idea/${idea.id}"`);
    expect(await (await reader.client.get(`/people/${author.user.id}`)).text()).toContain(`href="/report/person/${author.user.id}"`);
    expect(await (await author.client.get(`/people/${author.user.id}`)).text()).not.toContain('/report/person/');

    const anon = new Client(env.app);
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain(`href="/report/comment/${commentId}"`);
    const res = await anon.get(`/report/comment/${commentId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(`/report/comment/${commentId}`)}`);
  });

  it('the form in English and French: every reason, the note, the confirmation; a report is stored with its item and the content as it was', async () => {
    const { commentId, idea } = await commented('Original words');
    const reader = await person();
    const form = await (await reader.client.get(`/report/comment/${commentId}`)).text();
    for (const r of ['spam', 'abuse', 'hate', 'personal', 'offTopic', 'illegal', 'atRisk']) expect(form).toContain(`name="reason" value="${r}"`);
    expect(form).toContain('Report this comment');
    expect(form).toContain('Original words');
    const lea = await person({ locale: 'fr' });
    expect(await (await lea.client.get(`/report/comment/${commentId}`)).text()).toContain('Signaler ce contenu (commentaire)');

    const res = await report(reader.client, 'comment', commentId, { reason: 'abuse', note: 'Rude' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/comments/${commentId}`);
    // The permalink leads on to the idea page, and the thanks go with it.
    const permalink = await reader.client.get(`/comments/${commentId}`);
    expect(permalink.headers.get('Location')).toMatch(new RegExp(`^/ideas/${idea.id}`));
    expect(await (await reader.client.get(permalink.headers.get('Location')!)).text()).toContain('your report was sent to the moderators');
    const item = (await itemOf('comment', commentId))!;
    expect(item).toMatchObject({ state: 'pending', openReports: 1, totalReports: 1, reasonCounts: { abuse: 1 }, subjectId: idea.id, snapshot: { title: '', body: 'Original words' } });
    const [event] = await db().select().from(events).where(and(eq(events.name, 'report.file'), eq(events.subjectId, idea.id)));
    expect(event!.payload).toEqual({ itemId: item.id, kind: 'comment', reason: 'abuse' });
  });

  it('a second press says when they reported it (409) and changes nothing; a second person adds to the counts', async () => {
    const { commentId } = await commented();
    const a = await person();
    expect((await report(a.client, 'comment', commentId)).status).toBe(303);
    const before = (await itemOf('comment', commentId))!;
    const again = await report(a.client, 'comment', commentId, { reason: 'spam', note: '' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You reported this on');
    expect(await (await a.client.get(`/report/comment/${commentId}`)).text()).toContain('You reported this on');
    expect(await itemOf('comment', commentId)).toEqual(before);
    expect(await reportRows(before.id)).toBe(1);
    const b = await person();
    await report(b.client, 'comment', commentId, { reason: 'spam', note: '' });
    expect(await itemOf('comment', commentId)).toMatchObject({ openReports: 2, totalReports: 2, reasonCounts: { personal: 1, spam: 1 } });
  });

  it('bad input: unknown kind or id, a draft idea, one’s own content, an unconfirmed account, illegal without a description and confirmation — a clear 4xx, nothing stored', async () => {
    const { commentId, commenter, challenge } = await commented();
    const reader = await person();
    const before = await reportRows();
    expect((await report(reader.client, 'spaceship', commentId)).status).toBe(404);
    expect((await report(reader.client, 'comment', UNKNOWN)).status).toBe(404);
    expect((await report(reader.client, 'comment', 'not-a-uuid')).status).toBe(404);
    const drafter = await createUser(db());
    const draft = await createIdea(db(), challenge.id, drafter.id, { status: 'draft' });
    expect((await report(reader.client, 'idea', draft.id)).status).toBe(404);
    expect((await report(commenter.client, 'comment', commentId)).status).toBe(403);
    const unconfirmed = await person({ verified: false });
    expect((await report(unconfirmed.client, 'comment', commentId)).status).toBe(403);
    const illegal = await report(reader.client, 'comment', commentId, { reason: 'illegal', note: '' });
    expect(illegal.status).toBe(422);
    const html = await illegal.text();
    expect(html).toContain('Describe what is illegal about it');
    expect(html).toContain('Tick the box to confirm');
    expect((await report(reader.client, 'comment', commentId, { reason: 'nonsense', note: '' })).status).toBe(422);
    expect((await report(reader.client, 'comment', commentId, { reason: 'spam', note: 'x'.repeat(1001) })).status).toBe(422);
    expect(await reportRows()).toBe(before);
    expect((await report(reader.client, 'comment', commentId, { reason: 'illegal', note: 'Defamation', confirm: 'yes' })).status).toBe(303);
  });

  it('someone may be at risk: the council’s safeguarding contact is written to at once', async () => {
    const { commentId, council } = await commented();
    await db().update(organisations).set({ safeguardingEmail: 'safeguarding@council.example' }).where(eq(organisations.id, council.id));
    const reader = await person();
    expect((await report(reader.client, 'comment', commentId, { reason: 'atRisk', note: 'They say they will hurt themselves' })).status).toBe(303);
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === 'safeguarding@council.example');
    expect(mail?.subject).toContain('Someone may be at risk');
    expect(mail?.text).toContain('/moderation/items/');
    expect(mail?.text).not.toContain('hurt themselves'); // the content and the note stay on the platform
    expect(await itemOf('comment', commentId)).toMatchObject({ atRisk: true });
  });
});

describe('the queue and decisions', () => {
  it('who sees the queue: platform moderators and admins everything, an organisation’s owners their own, nobody else', async () => {
    const { commentId, council } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();
    const owner = await staffOf(council, 'owner');
    const member = await staffOf(council, 'member');
    const otherOwner = await staffOf({ id: (await db().insert(organisations).values({ kind: 'council', name: 'Elsewhere', slug: `elsewhere-${Date.now()}` }).returning())[0]!.id }, 'owner');

    for (const who of [mod, owner]) {
      const res = await who.client.get('/moderation');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`/moderation/items/${item.id}`);
      expect((await who.client.get(`/moderation/items/${item.id}`)).status).toBe(200);
    }
    expect(await (await otherOwner.client.get('/moderation')).text()).not.toContain(`/moderation/items/${item.id}`);
    expect((await otherOwner.client.get(`/moderation/items/${item.id}`)).status).toBe(404);
    expect((await decide(otherOwner.client, item.id, { action: 'dismiss', seen: 'pending' })).status).toBe(404);
    for (const who of [member, reader]) {
      expect((await who.client.get('/moderation')).status).toBe(403);
      expect((await decide(who.client, item.id, { action: 'dismiss', seen: 'pending' })).status).toBe(403);
    }
    const anon = await new Client(env.app).get('/moderation');
    expect(anon.status).toBe(303);
    expect((await itemOf('comment', commentId))!.state).toBe('pending');
  });

  it('hide under a rule: a tombstone everywhere at once (the anonymous page cache too), the count drops, reporters and author are told', async () => {
    const { commentId, idea, commenter } = await commented('Secret phone number 0612345678');
    const anon = new Client(env.app);
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain('0612345678'); // cached now
    expect(await (await anon.get(`/people/${commenter.user.id}`)).text()).toContain('0612345678');
    const countBefore = await commentCount(idea.id);
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();

    const res = await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'personal', note: 'Phone number', message: 'Please do not post numbers' });
    expect(res.status).toBe(303);
    const page = await (await anon.get(`/ideas/${idea.id}`)).text();
    expect(page).not.toContain('0612345678');
    expect(page).toContain('Hidden by the moderators under rule 4: personal information');
    const permalink = (await anon.get(`/comments/${commentId}`)).headers.get('Location')!; // a shared link explains, never errors
    expect(await (await anon.get(permalink)).text()).toContain('Hidden by the moderators under rule 4');
    expect(await (await anon.get(`/people/${commenter.user.id}`)).text()).not.toContain('0612345678');
    expect(await commentCount(idea.id)).toBe(countBefore - 1);
    expect(await itemOf('comment', commentId)).toMatchObject({ state: 'hidden', rule: 'personal', openReports: 0, decidedBy: mod.user.id });
    // The author cannot edit, delete or be replied to while it is hidden.
    expect((await commenter.client.post(`/comments/${commentId}/delete`, {})).status).toBe(403);
    expect((await reader.client.post(`/ideas/${idea.id}/comments`, { body: 'reply', parentId: commentId, submissionKey: crypto.randomUUID() })).status).toBe(403);

    await env.drainJobs();
    const told = async (userId: string) => db().select({ message: notifications.message, params: notifications.params }).from(notifications).where(eq(notifications.userId, userId));
    expect(await told(reader.user.id)).toContainEqual({ message: 'moderation.notify.reporter.hide', params: { kind: 'comments.reportable.label', number: 4, rule: 'moderation.rule.personal' } });
    expect(await told(commenter.user.id)).toContainEqual(expect.objectContaining({ message: 'moderation.notify.author.hide' }));
    expect(await (await reader.client.get('/notifications')).text()).toContain('The comment you reported was hidden under rule 4: personal information');

    // Restore: back everywhere, the count too.
    const restored = await decide(mod.client, item.id, { action: 'restore', seen: 'hidden', note: 'On appeal' });
    expect(restored.status).toBe(303);
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain('0612345678');
    expect(await commentCount(idea.id)).toBe(countBefore);
    expect(await db().select({ action: moderationDecisions.action }).from(moderationDecisions).where(eq(moderationDecisions.itemId, item.id))).toHaveLength(2);
  });

  it('decisions are idempotent, a stale form is refused, an unknown rule is a 422, nobody decides on their own content', async () => {
    const { commentId, idea } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();
    const decisions = async () => (await db().select({ n: count() }).from(moderationDecisions).where(eq(moderationDecisions.itemId, item.id)))[0]!.n;

    expect((await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'rule-99' })).status).toBe(422);
    expect((await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: '' })).status).toBe(422);
    expect((await decide(mod.client, item.id, { action: 'launch', seen: 'pending' })).status).toBe(422);
    expect((await decide(mod.client, UNKNOWN, { action: 'dismiss', seen: 'pending' })).status).toBe(404);
    expect(await decisions()).toBe(0);

    expect((await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'abuse' })).status).toBe(303);
    const again = await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'abuse' });
    expect(again.status).toBe(303); // the same decision twice: done once
    const other = await platformModerator();
    expect((await decide(other.client, item.id, { action: 'dismiss', seen: 'pending' })).status).toBe(409);
    expect(await decisions()).toBe(1);

    // A moderator's own comment, reported: another moderator decides.
    const own = await postComment(env.deps, actorOf(mod.user), idea.id, { body: 'Mine', parentId: null, submissionKey: crypto.randomUUID() });
    await report(reader.client, 'comment', own.id);
    const ownItem = (await itemOf('comment', own.id))!;
    expect((await decide(mod.client, ownItem.id, { action: 'dismiss', seen: 'pending' })).status).toBe(403);
    expect(await (await mod.client.get(`/moderation/items/${ownItem.id}`)).text()).toContain('You cannot decide on your own content');
    expect((await decide(other.client, ownItem.id, { action: 'dismiss', seen: 'pending' })).status).toBe(303);
  });

  it('two moderators deciding the same item at once: one decision, the other refused or told it is done', async () => {
    const { commentId } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const [a, b] = [await platformModerator(), await platformModerator()];
    const answers = await Promise.all([decide(a.client, item.id, { action: 'hide', seen: 'pending', rule: 'spam' }), decide(b.client, item.id, { action: 'dismiss', seen: 'pending' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    expect((await db().select({ n: count() }).from(moderationDecisions).where(eq(moderationDecisions.itemId, item.id)))[0]!.n).toBe(1);
  });

  it('a report that someone may be at risk is not dismissed without reasons', async () => {
    const { commentId } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId, { reason: 'atRisk', note: '' });
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();
    const res = await decide(mod.client, item.id, { action: 'dismiss', seen: 'pending', note: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Give your reasons for dismissing');
    expect((await itemOf('comment', commentId))!.state).toBe('pending');
    expect((await decide(mod.client, item.id, { action: 'dismiss', seen: 'pending', note: 'Spoke to the council: a quote from a film' })).status).toBe(303);
  });

  it('filters and sorts survive: the queue narrows by state, kind and reason, and an item page links back to the same view', async () => {
    const { commentId, idea } = await commented();
    const reader = await person();
    const other = await person();
    await report(reader.client, 'comment', commentId, { reason: 'spam', note: '' });
    await report(other.client, 'comment', commentId, { reason: 'spam', note: '' });
    await report(reader.client, 'idea', idea.id, { reason: 'offTopic', note: '' });
    const mod = await platformModerator();
    const commentItem = (await itemOf('comment', commentId))!;
    const ideaItem = (await itemOf('idea', idea.id))!;
    const onlyComments = await (await mod.client.get('/moderation?kind=comment&reason=spam&sort=most')).text();
    expect(onlyComments).toContain(commentItem.id);
    expect(onlyComments).not.toContain(ideaItem.id);
    expect(onlyComments).toContain(`back=${encodeURIComponent('/moderation?show=pending&sort=most&kind=comment&reason=spam')}`);
    const itemPage = await (await mod.client.get(`/moderation/items/${commentItem.id}?back=${encodeURIComponent('/moderation?kind=comment')}`)).text();
    expect(itemPage).toContain('href="/moderation?kind=comment"');
    expect(itemPage).toContain('name="back" value="/moderation?kind=comment"');
    const res = await decide(mod.client, commentItem.id, { action: 'dismiss', seen: 'pending', back: '/moderation?kind=comment' });
    expect(res.headers.get('Location')).toBe('/moderation?kind=comment');
    expect(await (await mod.client.get('/moderation?show=decided')).text()).toContain(commentItem.id);
    expect((await decide(mod.client, ideaItem.id, { action: 'hide', seen: 'pending', rule: 'offTopic' })).status).toBe(403); // ideas cannot be hidden yet
    expect((await mod.client.get('/moderation?after=garbage')).status).toBe(400);
    expect((await mod.client.get('/moderation?show=nonsense&kind=NOPE&reason=x&org=1')).status).toBe(200);
  });
});
