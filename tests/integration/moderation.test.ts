/**
 * Trust and safety, first part (issue 12): reporting any reportable kind (ideas, comments,
 * profiles), the one queue, and decisions (dismiss, hide under a rule, restore) with who may take
 * them; hidden comments leave every page at once, the anonymous page cache included.
 */
import { describe, expect, it } from 'vitest';
import { and, count, eq, isNull } from 'drizzle-orm';
import { challenges, events, jobs, moderationDecisions, moderationItems, notifications, organisations, reports, securityEvents, subjects, users } from '../../src/db/schema/index.js';
import { QUEUE_ALERT_SCHEDULE } from '../../src/features/moderation/alert.js';
import { enqueueScheduled } from '../../src/jobs/schedule.js';
import { postComment } from '../../src/features/comments/index.js';
import { Client } from '../support/app.js';
import { createIdea, createUser, PASSWORD } from '../support/factories.js';
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
    expect(event!.payload).toEqual({ itemId: item.id, kind: 'comment', reason: 'abuse', held: false });
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
    const modQueue = await (await mod.client.get('/moderation')).text();
    expect(modQueue).toContain(`<option value="${council.id}">`); // an organisation with reported content to narrow to
    expect(modQueue).not.toContain('>Elsewhere</option>'); // one without is not offered
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
    expect((await mod.client.get('/moderation?after=garbage')).status).toBe(400);
    expect((await mod.client.get('/moderation?show=nonsense&kind=NOPE&reason=x&org=1')).status).toBe(200);
  });
});

describe('bulk decisions', () => {
  it('hide several under one rule at once; an item that changed meanwhile or is the moderator’s own is skipped and counted; bad input changes nothing', async () => {
    const a = await commented('Spam one');
    const b = await commented('Spam two');
    const reader = await person();
    await report(reader.client, 'comment', a.commentId, { reason: 'spam', note: '' });
    await report(reader.client, 'comment', b.commentId, { reason: 'spam', note: '' });
    const [ia, ib] = [(await itemOf('comment', a.commentId))!, (await itemOf('comment', b.commentId))!];
    const mod = await platformModerator();
    const queue = await (await mod.client.get('/moderation')).text();
    expect(queue).toContain(`name="item" value="${ia.id}:pending"`);
    expect(queue).toContain('action="/moderation/bulk"');

    expect((await mod.client.post('/moderation/bulk', { action: 'hide', rule: '', item: [`${ia.id}:pending`], back: '/moderation' })).status).toBe(303);
    expect((await mod.client.post('/moderation/bulk', { action: 'launch', rule: 'spam', item: [`${ia.id}:pending`] })).status).toBe(303);
    expect((await mod.client.post('/moderation/bulk', { action: 'hide', rule: 'spam', back: '/moderation' })).status).toBe(303);
    expect((await itemOf('comment', a.commentId))!.state).toBe('pending');

    const res = await mod.client.post('/moderation/bulk', { action: 'hide', rule: 'spam', item: [`${ia.id}:pending`, `${ib.id}:dismissed`, 'garbage:x'], back: '/moderation?kind=comment' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/moderation?kind=comment');
    expect((await itemOf('comment', a.commentId))!.state).toBe('hidden');
    expect((await itemOf('comment', b.commentId))!.state).toBe('pending'); // the queue had shown another state: skipped
    expect(await (await mod.client.get('/moderation?kind=comment')).text()).toContain('Decided: 1. Skipped: 2');
    expect(await (await new Client(env.app).get(`/ideas/${a.idea.id}`)).text()).toContain('Hidden by the moderators under rule 1: spam or advertising');
    expect((await new Client(env.app).post('/moderation/bulk', { action: 'dismiss', item: [`${ib.id}:pending`] })).status).toBe(303); // anonymous: sign in
    expect((await reader.client.post('/moderation/bulk', { action: 'dismiss', item: [`${ib.id}:pending`] })).status).toBe(403);
    expect((await itemOf('comment', b.commentId))!.state).toBe('pending');
  });
});

describe('automatic holds and appeals', () => {
  const DAY = 86_400_000;
  /** A confirmed account two days old: its reports count towards a hold. */
  const trusted = () => person({ createdAt: new Date(Date.now() - 2 * DAY) });
  const told = async (userId: string) => (await db().select({ message: notifications.message }).from(notifications).where(eq(notifications.userId, userId))).map((n) => n.message);

  it('reports from three trusted people hold a comment until a moderator decides; new accounts do not count; dismissing shows it again', async () => {
    const { commentId, idea, commenter } = await commented('Held words');
    const countBefore = await commentCount(idea.id);
    const newcomers = [await person(), await person(), await person()];
    for (const n of newcomers) await report(n.client, 'comment', commentId, { reason: 'spam', note: '' });
    expect((await itemOf('comment', commentId))!.state).toBe('pending'); // three reports, but from accounts under a day old
    const reporters = [await trusted(), await trusted()];
    for (const r of reporters) await report(r.client, 'comment', commentId, { reason: 'spam', note: '' });
    expect((await itemOf('comment', commentId))!.state).toBe('pending');
    const third = await trusted();
    await report(third.client, 'comment', commentId, { reason: 'abuse', note: '' });
    expect((await itemOf('comment', commentId))!.state).toBe('held');
    const anon = new Client(env.app);
    const page = await (await anon.get(`/ideas/${idea.id}`)).text();
    expect(page).not.toContain('Held words');
    expect(page).toContain('Hidden while the moderators look at reports about it');
    expect(await commentCount(idea.id)).toBe(countBefore - 1);
    expect((await report((await trusted()).client, 'comment', commentId)).status).toBe(403); // nothing left to report: it is hidden
    await env.drainJobs();
    expect(await told(commenter.user.id)).toContain('moderation.notify.author.held');

    const mod = await platformModerator();
    const item = (await itemOf('comment', commentId))!;
    expect(await (await mod.client.get('/moderation?show=held')).text()).toContain(item.id);
    expect((await decide(mod.client, item.id, { action: 'dismiss', seen: 'held', note: 'A joke between neighbours' })).status).toBe(303);
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain('Held words');
    expect(await commentCount(idea.id)).toBe(countBefore);
    await env.drainJobs();
    expect(await told(commenter.user.id)).toContain('moderation.notify.author.dismiss');
  });

  it('a decision on a profile tells its reporters and its owner, as a notification about their account and reports that opens the profile', async () => {
    const owner = await person();
    await db().update(users).set({ bio: 'Ring me on 0612345678' }).where(eq(users.id, owner.user.id));
    const reporter = await trusted();
    expect((await report(reporter.client, 'person', owner.user.id)).status).toBe(303);
    const item = (await itemOf('person', owner.user.id))!;
    expect((await decide((await platformModerator()).client, item.id, { action: 'hide', seen: 'pending', rule: 'personal', message: 'No phone numbers' })).status).toBe(303);
    await env.drainJobs();
    expect(await told(reporter.user.id)).toContain('moderation.notify.reporter.hide');
    expect(await told(owner.user.id)).toContain('moderation.notify.author.hide');
    const [mine] = await db().select().from(notifications).where(eq(notifications.userId, reporter.user.id));
    expect(mine!.subjectId).toBeNull();

    const list = await (await reporter.client.get('/notifications')).text();
    expect(list).toContain('your account and your reports');
    expect(list).toContain('rule 4');
    const open = await reporter.client.get(`/notifications/${mine!.id}`);
    expect(open.status).toBe(303);
    expect(open.headers.get('Location')).toBe(`/people/${owner.user.id}`);
    expect((await db().select().from(notifications).where(eq(notifications.id, mine!.id)))[0]!.readAt).not.toBeNull();
    // Someone else's notification: not found.
    expect((await owner.client.get(`/notifications/${mine!.id}`)).status).toBe(404);
  });

  it('a report that someone may be at risk never holds anything', async () => {
    const { commentId } = await commented();
    for (let i = 0; i < 3; i++) await report((await trusted()).client, 'comment', commentId, { reason: 'atRisk', note: '' });
    expect(await itemOf('comment', commentId)).toMatchObject({ state: 'pending', atRisk: true, openReports: 3 });
  });

  it('the author asks for a review once; the moderator who hid it cannot decide it; another restores it or upholds the decision', async () => {
    const { commentId, idea, commenter } = await commented('Appealed words');
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const first = await platformModerator();
    await decide(first.client, item.id, { action: 'hide', seen: 'pending', rule: 'offTopic', message: 'Please keep to the idea' });

    const own = await (await commenter.client.get(`/ideas/${idea.id}`)).text();
    expect(own).toContain(`href="/appeal/comment/${commentId}"`);
    expect(await (await reader.client.get(`/ideas/${idea.id}`)).text()).not.toContain('/appeal/comment/');
    expect((await reader.client.get(`/appeal/comment/${commentId}`)).status).toBe(404);
    expect((await reader.client.post(`/appeal/comment/${commentId}`, { note: 'Not mine but still' })).status).toBe(404);
    const form = await (await commenter.client.get(`/appeal/comment/${commentId}`)).text();
    expect(form).toContain('rule 5: off-topic');
    expect(form).toContain('Please keep to the idea');
    expect((await commenter.client.post(`/appeal/comment/${commentId}`, { note: '' })).status).toBe(422);
    expect((await commenter.client.post(`/appeal/comment/${commentId}`, { note: 'It answers the question asked' })).status).toBe(303);
    expect(await itemOf('comment', commentId)).toMatchObject({ state: 'appealed', appealNote: 'It answers the question asked' });
    const again = await commenter.client.post(`/appeal/comment/${commentId}`, { note: 'Again' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You asked for a review on');
    expect((await itemOf('comment', commentId))!.appealNote).toBe('It answers the question asked');

    expect(await (await first.client.get('/moderation?show=appealed')).text()).toContain(item.id);
    expect((await decide(first.client, item.id, { action: 'restore', seen: 'appealed' })).status).toBe(403);
    const second = await platformModerator();
    expect(await (await second.client.get(`/moderation/items/${item.id}`)).text()).toContain('It answers the question asked');
    expect((await decide(second.client, item.id, { action: 'restore', seen: 'appealed', note: 'Fair point' })).status).toBe(303);
    expect(await (await new Client(env.app).get(`/ideas/${idea.id}`)).text()).toContain('Appealed words');
    await env.drainJobs();
    expect(await told(commenter.user.id)).toContain('moderation.notify.author.restore');

    // Upheld: another comment, another appeal; it stays hidden and cannot be appealed twice.
    const other = await commented('Upheld words');
    await report(reader.client, 'comment', other.commentId);
    const otherItem = (await itemOf('comment', other.commentId))!;
    await decide(first.client, otherItem.id, { action: 'hide', seen: 'pending', rule: 'abuse' });
    await other.commenter.client.post(`/appeal/comment/${other.commentId}`, { note: 'Please' });
    expect((await decide(second.client, otherItem.id, { action: 'uphold', seen: 'appealed', note: 'Insults' })).status).toBe(303);
    expect(await itemOf('comment', other.commentId)).toMatchObject({ state: 'hidden', rule: 'abuse' });
    expect(await (await new Client(env.app).get(`/ideas/${other.idea.id}`)).text()).not.toContain('Upheld words');
    expect((await other.commenter.client.post(`/appeal/comment/${other.commentId}`, { note: 'Once more' })).status).toBe(409);
  });
});

describe('hiding an idea', () => {
  it('is hidden everywhere at once: the challenge list and its search, the person page, the counts, supports, comments, follows; its link explains; restoring brings it all back', async () => {
    const { challenge, idea, author } = await challengeWithIdea({}, { title: 'Zebra crossings painted purple', summary: 'Purple zebra crossings' });
    const anon = new Client(env.app);
    const ideaCount = async () => (await db().select({ n: challenges.ideaCount }).from(challenges).where(eq(challenges.id, challenge.id)))[0]!.n;
    await db().update(challenges).set({ ideaCount: 1, participantCount: 1 }).where(eq(challenges.id, challenge.id));
    expect(await (await anon.get(`/challenges/${challenge.id}?sort=newest`)).text()).toContain('Zebra crossings painted purple'); // cached now
    expect(await (await anon.get(`/people/${author.user.id}`)).text()).toContain('Zebra crossings painted purple');

    const reader = await person();
    await report(reader.client, 'idea', idea.id, { reason: 'offTopic', note: '' });
    const item = (await itemOf('idea', idea.id))!;
    const mod = await platformModerator();
    expect((await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'offTopic', message: 'Not about this challenge' })).status).toBe(303);

    expect(await (await anon.get(`/challenges/${challenge.id}?sort=newest`)).text()).not.toContain('Zebra crossings painted purple');
    expect(await (await anon.get(`/challenges/${challenge.id}?q=purple`)).text()).not.toContain('Zebra crossings painted purple');
    expect(await (await anon.get(`/people/${author.user.id}`)).text()).not.toContain('Zebra crossings painted purple');
    const page = await anon.get(`/ideas/${idea.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('The moderators hid it under rule 5: off-topic.');
    expect(html).not.toContain('Zebra crossings painted purple');
    expect(await ideaCount()).toBe(0);

    const voter = await person();
    expect((await voter.client.post(`/ideas/${idea.id}/support`, {})).status).toBe(404);
    expect((await voter.client.post(`/ideas/${idea.id}/comments`, { body: 'Hello', submissionKey: crypto.randomUUID() })).status).toBe(404);
    expect((await voter.client.post(`/ideas/${idea.id}/follow`, { returnTo: '/' })).status).toBe(404);
    expect((await report(voter.client, 'idea', idea.id)).status).toBe(404);
    expect((await author.client.get(`/ideas/${idea.id}/edit`)).status).toBe(403);
    expect((await author.client.post(`/ideas/${idea.id}/withdraw`, { reason: 'duplicate', explanation: '' })).status).toBe(403);
    expect(await (await author.client.get(`/ideas/${idea.id}`)).text()).toContain(`href="/appeal/idea/${idea.id}"`);
    expect(await (await author.client.get(`/appeal/idea/${idea.id}`)).text()).toContain('Not about this challenge');

    const second = await platformModerator();
    await author.client.post(`/appeal/idea/${idea.id}`, { note: 'It is about road safety' });
    expect((await decide(second.client, item.id, { action: 'restore', seen: 'appealed' })).status).toBe(303);
    expect(await (await anon.get(`/challenges/${challenge.id}?sort=newest`)).text()).toContain('Zebra crossings painted purple');
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain('Zebra crossings painted purple');
    expect(await ideaCount()).toBe(1);
  });
});

describe('hiding a profile', () => {
  it('hides the bio with a tombstone (the name and the person’s content stay); its owner asks for a review; restore shows it again', async () => {
    const owner = await person({ bio: 'Call me on 0612345678 for cheap watches' });
    const anon = new Client(env.app);
    expect(await (await anon.get(`/people/${owner.user.id}`)).text()).toContain('cheap watches'); // cached now
    const reader = await person();
    await report(reader.client, 'person', owner.user.id, { reason: 'spam', note: '' });
    const item = (await itemOf('person', owner.user.id))!;
    const mod = await platformModerator();
    expect((await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'spam' })).status).toBe(303);
    const html = await (await anon.get(`/people/${owner.user.id}`)).text();
    expect(html).not.toContain('cheap watches');
    expect(html).toContain('The moderators hid this profile’s description under rule 1: spam or advertising.');
    expect(html).toContain(owner.user.displayName);
    expect(await (await owner.client.get(`/people/${owner.user.id}`)).text()).toContain(`href="/appeal/person/${owner.user.id}"`);
    expect((await owner.client.post(`/appeal/person/${owner.user.id}`, { note: 'I sell watches legally' })).status).toBe(303);
    expect((await decide((await platformModerator()).client, item.id, { action: 'restore', seen: 'appealed' })).status).toBe(303);
    expect(await (await anon.get(`/people/${owner.user.id}`)).text()).toContain('cheap watches');
  });
});

describe('suspending an author', () => {
  const signInFails = async (email: string) => (await new Client(env.app).post('/sign-in', { email, password: PASSWORD })).status;

  it('a platform moderator suspends the author of a reported comment until a date, hiding what they posted: sessions end, sign-in is refused, a mail says why', async () => {
    const { commentId, idea, commenter } = await commented('First abusive comment');
    const second = await postComment(env.deps, actorOf(commenter.user), idea.id, { body: 'Second abusive comment', parentId: null, submissionKey: crypto.randomUUID() });
    const reader = await person();
    await report(reader.client, 'comment', commentId, { reason: 'abuse', note: '' });
    await report(reader.client, 'comment', second.id, { reason: 'abuse', note: '' });
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();
    expect(await (await mod.client.get(`/moderation/items/${item.id}`)).text()).toContain(`action="/moderation/items/${item.id}/suspend"`);
    expect((await commenter.client.get('/notifications')).status).toBe(200);

    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const res = await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'Third warning', until, hideContent: 'yes', back: '/moderation' });
    expect(res.status).toBe(303);
    expect((await commenter.client.get('/notifications')).status).toBe(303); // the session ended
    const [logged] = await db().select().from(securityEvents).where(and(eq(securityEvents.kind, 'account.suspend'), eq(securityEvents.userId, mod.user.id)));
    expect(logged).toMatchObject({ outcome: 'success', detail: { account: commenter.user.id, sessionsEnded: 1 } }); // on the security log, by the moderator
    expect(await signInFails(commenter.user.email)).toBe(422);
    const page = await (await new Client(env.app).get(`/ideas/${idea.id}`)).text();
    expect(page).not.toContain('First abusive comment');
    expect(page).not.toContain('Second abusive comment');
    expect((await itemOf('comment', second.id))!).toMatchObject({ state: 'hidden', rule: 'abuse', openReports: 0 });
    expect(await db().select({ action: moderationDecisions.action }).from(moderationDecisions).where(eq(moderationDecisions.itemId, item.id))).toContainEqual({ action: 'suspend' });
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === commenter.user.email && m.subject === 'Your account is suspended');
    expect(mail?.text).toContain('rule 2 of the community guidelines: abuse or harassment');
    expect(mail?.text).toContain('You can sign in again from');

    // Once the date has passed, they can sign in again.
    await db().update(users).set({ suspendedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, commenter.user.id));
    expect((await new Client(env.app).post('/sign-in', { email: commenter.user.email, password: PASSWORD })).status).toBe(303);
  });

  it('refused: an organisation’s own moderator, an admin author, an end in the past, someone already suspended, a missing reason — nothing changes', async () => {
    const { commentId, council, commenter } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const owner = await staffOf(council, 'owner');
    const mod = await platformModerator();
    const suspended = async () => (await db().select({ at: users.suspendedAt }).from(users).where(eq(users.id, commenter.user.id)))[0]!.at;
    expect((await owner.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'x' })).status).toBe(403);
    expect(await (await owner.client.get(`/moderation/items/${item.id}`)).text()).not.toContain('/suspend"');
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'x', until: '2020-01-01' })).status).toBe(422);
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: '' })).status).toBe(422);
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'nope', why: 'x' })).status).toBe(422);
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'x', until: '2027-02-31' })).status).toBe(422);
    expect(await suspended()).toBeNull();
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'Indefinitely' })).status).toBe(303);
    expect(await suspended()).not.toBeNull();
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'Again' })).status).toBe(403);

    const admin = await person({ isAdmin: true });
    const { idea } = await commented();
    const adminComment = await postComment(env.deps, { id: admin.user.id, isAdmin: true, emailVerified: true }, idea.id, { body: 'Admin words', parentId: null, submissionKey: crypto.randomUUID() });
    await report(reader.client, 'comment', adminComment.id);
    const adminItem = (await itemOf('comment', adminComment.id))!;
    expect((await mod.client.post(`/moderation/items/${adminItem.id}/suspend`, { rule: 'abuse', why: 'x' })).status).toBe(403);
  });

  it('a platform moderator lifts a suspension early, with a reason; nobody else can, and not twice', async () => {
    const { commentId, council, commenter } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();
    const suspended = async () => (await db().select({ at: users.suspendedAt }).from(users).where(eq(users.id, commenter.user.id)))[0]!.at;
    expect((await mod.client.post(`/moderation/items/${item.id}/lift`, { why: 'Not suspended yet' })).status).toBe(403);
    expect((await mod.client.post(`/moderation/items/${item.id}/suspend`, { rule: 'abuse', why: 'Indefinitely' })).status).toBe(303);
    const page = await (await mod.client.get(`/moderation/items/${item.id}`)).text();
    expect(page).toContain(`action="/moderation/items/${item.id}/lift"`);
    expect(page).toContain('Their suspension has no end date.');

    const owner = await staffOf(council, 'owner');
    expect((await owner.client.post(`/moderation/items/${item.id}/lift`, { why: 'x' })).status).toBe(403);
    expect((await reader.client.post(`/moderation/items/${item.id}/lift`, { why: 'x' })).status).toBe(403);
    const missing = await mod.client.post(`/moderation/items/${item.id}/lift`, { why: '' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Say why the suspension is lifted');
    expect(await suspended()).not.toBeNull();

    const res = await mod.client.post(`/moderation/items/${item.id}/lift`, { why: 'Apologised and explained' });
    expect(res.status).toBe(303);
    expect(await suspended()).toBeNull();
    expect(await db().select({ action: moderationDecisions.action, note: moderationDecisions.note }).from(moderationDecisions).where(eq(moderationDecisions.itemId, item.id))).toContainEqual({ action: 'lift', note: 'Apologised and explained' });
    expect((await new Client(env.app).post('/sign-in', { email: commenter.user.email, password: PASSWORD })).status).toBe(303);
    expect((await mod.client.post(`/moderation/items/${item.id}/lift`, { why: 'Again' })).status).toBe(403);
  });
});

describe('the public moderation log', () => {
  it('shows this month in numbers — decisions by kind and rule, reports, reviews, time to decide — and nothing personal', async () => {
    const { commentId } = await commented('Words nobody should read in the log');
    const reader = await person({ displayName: 'Reporter Whose Name Stays Private' });
    await report(reader.client, 'comment', commentId, { reason: 'spam', note: 'A private note' });
    const item = (await itemOf('comment', commentId))!;
    const mod = await platformModerator();
    await decide(mod.client, item.id, { action: 'hide', seen: 'pending', rule: 'spam' });
    const anon = new Client(env.app);
    const res = await anon.get('/moderation/log');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<td>comment<\/td><td>Hidden<\/td><td>Rule 1: spam or advertising<\/td><td>\d+<\/td>/);
    expect(html).toContain('Reports received');
    expect(html).toMatch(/\d+(\.\d)? hours/);
    for (const secret of ['Words nobody should read', 'Reporter Whose Name', 'A private note', mod.user.displayName]) expect(html).not.toContain(secret);
    expect(html).toContain('href="/moderation/log?month=');
    expect(await (await anon.get('/moderation/log?month=2020-01')).text()).toContain('No decisions this month.');
    expect((await anon.get('/moderation/log?month=garbage')).status).toBe(200);
    const fr = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get('/moderation/log')).text();
    expect(fr).toContain('Journal de modération');
    expect(await (await anon.get('/guidelines')).text()).toContain('href="/moderation/log"');
  });
});

describe('the queue waiting alert', () => {
  it('mails the platform’s moderators when reports have waited longer than MODERATION_ALERT_HOURS, and not before', async () => {
    const { commentId } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    await platformModerator();
    // Written to the first platform moderators and admins (at most 20): whoever they are in this file's database.
    const alerts = async () => (await env.mails()).filter((m) => m.subject.startsWith('Reports have waited'));
    const run = async () => {
      await db().delete(jobs).where(eq(jobs.kind, QUEUE_ALERT_SCHEDULE.kind));
      await enqueueScheduled(db(), QUEUE_ALERT_SCHEDULE, new Date());
      await env.drainJobs();
    };
    // Only reports older than a day count (other tests' open reports are all recent).
    await db().update(reports).set({ createdAt: new Date(Date.now() - 3_600_000) }).where(isNull(reports.closedAt));
    await run();
    expect(await alerts()).toHaveLength(0);
    await db().update(reports).set({ createdAt: new Date(Date.now() - 30 * 3_600_000) }).where(eq(reports.itemId, (await itemOf('comment', commentId))!.id));
    await run();
    const [mail] = await alerts();
    expect(mail?.text).toMatch(/\d+ reports and \d+ requests for a review have waited more than 24 hours/);
    expect(mail?.text).toContain('/moderation');
  });
});

describe('route × role matrix', () => {
  type Who = 'anonymous' | 'resident' | 'author' | 'organisation moderator' | 'other organisation moderator' | 'platform moderator' | 'admin';
  const WHO: Who[] = ['anonymous', 'resident', 'author', 'organisation moderator', 'other organisation moderator', 'platform moderator', 'admin'];
  const signIn = 303;

  it('every moderation route answers each role as the policy says', async () => {
    const { commentId, council, commenter } = await commented();
    const reader = await person();
    await report(reader.client, 'comment', commentId);
    const item = (await itemOf('comment', commentId))!;
    const hiddenOne = await commented();
    await report(reader.client, 'comment', hiddenOne.commentId);
    const hiddenItem = (await itemOf('comment', hiddenOne.commentId))!;
    await decide((await platformModerator()).client, hiddenItem.id, { action: 'hide', seen: 'pending', rule: 'spam' });
    const otherOrg = (await db().insert(organisations).values({ kind: 'council', name: 'Matrix Elsewhere', slug: `matrix-${Date.now()}` }).returning())[0]!;
    const clients: Record<Who, Client> = {
      anonymous: new Client(env.app),
      resident: (await person()).client,
      author: commenter.client,
      'organisation moderator': (await staffOf(council, 'owner')).client,
      'other organisation moderator': (await staffOf(otherOrg, 'owner')).client,
      'platform moderator': (await platformModerator()).client,
      admin: (await person({ isAdmin: true })).client,
    };
    // The author of the hidden comment is another person: for "author" the appeal page is someone else's (404).
    const routes: [string, string, Record<Who, number>][] = [
      ['the queue', '/moderation', { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 200, 'other organisation moderator': 200, 'platform moderator': 200, admin: 200 }],
      ['an item', `/moderation/items/${item.id}`, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 200, 'other organisation moderator': 404, 'platform moderator': 200, admin: 200 }],
      ['the report form', `/report/comment/${commentId}`, { anonymous: signIn, resident: 200, author: 403, 'organisation moderator': 200, 'other organisation moderator': 200, 'platform moderator': 200, admin: 200 }],
      ['a review form', `/appeal/comment/${hiddenOne.commentId}`, { anonymous: signIn, resident: 404, author: 404, 'organisation moderator': 404, 'other organisation moderator': 404, 'platform moderator': 404, admin: 404 }],
      ['the public log', '/moderation/log', { anonymous: 200, resident: 200, author: 200, 'organisation moderator': 200, 'other organisation moderator': 200, 'platform moderator': 200, admin: 200 }],
    ];
    const wrong: string[] = [];
    for (const [name, url, expected] of routes)
      for (const who of WHO) {
        const status = (await clients[who].get(url)).status;
        if (status !== expected[who]) wrong.push(`${name} as ${who}: ${status}, expected ${expected[who]}`);
      }
    expect(wrong).toEqual([]);
    expect((await hiddenOne.commenter.client.get(`/appeal/comment/${hiddenOne.commentId}`)).status).toBe(200);

    // Every form too, each sent so that it changes nothing: who is refused first, then why.
    const stateBefore = JSON.stringify(await db().select().from(moderationItems).where(eq(moderationItems.id, item.id)));
    const posts: [string, string, Record<string, string>, Record<Who, number>][] = [
      ['reporting, without a reason', `/report/comment/${commentId}`, { reason: '' }, { anonymous: signIn, resident: 422, author: 403, 'organisation moderator': 422, 'other organisation moderator': 422, 'platform moderator': 422, admin: 422 }],
      ['asking for a review of someone else’s', `/appeal/comment/${hiddenOne.commentId}`, { note: 'x' }, { anonymous: signIn, resident: 404, author: 404, 'organisation moderator': 404, 'other organisation moderator': 404, 'platform moderator': 404, admin: 404 }],
      ['deciding on what changed meanwhile', `/moderation/items/${item.id}/decide`, { action: 'dismiss', seen: 'restored' }, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 409, 'other organisation moderator': 404, 'platform moderator': 409, admin: 409 }],
      // The form shown again is the item's page: someone whose queue does not hold the item gets its 404.
      ['suspending, under no rule', `/moderation/items/${item.id}/suspend`, { rule: '', why: '' }, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 422, 'other organisation moderator': 404, 'platform moderator': 422, admin: 422 }],
      ['lifting, without a reason', `/moderation/items/${item.id}/lift`, { why: '' }, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 422, 'other organisation moderator': 404, 'platform moderator': 422, admin: 422 }],
      ['lifting what is not suspended', `/moderation/items/${item.id}/lift`, { why: 'x' }, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 403, 'other organisation moderator': 404, 'platform moderator': 403, admin: 403 }],
      // Radio buttons that cannot send nothing: a malformed request (400), before the item is looked at.
      ['setting trust to nothing', `/moderation/items/${item.id}/trust`, { trust: '' }, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 400, 'other organisation moderator': 400, 'platform moderator': 400, admin: 400 }],
      ['a bulk decision with no action', '/moderation/bulk', { action: '' }, { anonymous: signIn, resident: 403, author: 403, 'organisation moderator': 303, 'other organisation moderator': 303, 'platform moderator': 303, admin: 303 }],
    ];
    for (const [name, url, form, expected] of posts)
      for (const who of WHO) {
        const status = (await clients[who].post(url, form)).status;
        if (status !== expected[who]) wrong.push(`${name} as ${who}: ${status}, expected ${expected[who]}`);
      }
    expect(wrong).toEqual([]);
    expect(JSON.stringify(await db().select().from(moderationItems).where(eq(moderationItems.id, item.id)))).toBe(stateBefore);
  });
});

describe('the honeypot', () => {
  it('is on the sign-up and posting forms, hidden from people; filled in, the form is refused (400) and nothing is stored', async () => {
    const anon = new Client(env.app);
    const signUp = await (await anon.get('/sign-up')).text();
    expect(signUp).toMatch(/<div class="hp"><label>Leave this field empty <input type="text" name="homepage" value="" autocomplete="off" tabindex="-1"\/?><\/label><\/div>/);
    const email = `bot-${Date.now()}@example.org`;
    const res = await anon.post('/sign-up', { displayName: 'Bot', email, password: 'correct horse battery staple 42', homepage: 'http://cheap.example' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This form could not be sent');
    expect(await db().select({ id: users.id }).from(users).where(eq(users.email, email))).toHaveLength(0);

    const { idea } = await challengeWithIdea();
    const bot = await person();
    expect(await (await bot.client.get(`/ideas/${idea.id}`)).text()).toContain('name="homepage"');
    const before = await commentCount(idea.id);
    expect((await bot.client.post(`/ideas/${idea.id}/comments`, { body: 'Buy now', submissionKey: crypto.randomUUID(), homepage: 'x' })).status).toBe(400);
    expect(await commentCount(idea.id)).toBe(before);
    expect((await bot.client.post(`/ideas/${idea.id}/comments`, { body: 'A real comment', submissionKey: crypto.randomUUID(), homepage: '' })).status).toBe(303);
  });
});

describe('holds for approval: pre-moderation and links from new accounts', () => {
  const DAY = 86_400_000;
  const postIdea = async (client: Client, challengeId: string, over: Record<string, string> = {}) => {
    const submissionKey = await client.submissionKey(`/challenges/${challengeId}/ideas/new`);
    return client.post(`/challenges/${challengeId}/ideas/new`, { title: 'Benches under the plane trees', summary: 'Somewhere to sit in the shade.', description: 'Six benches.', submissionKey, intent: 'publish', ...over });
  };
  const ideaId = (res: Response) => /\/ideas\/([0-9a-f-]{36})/.exec(res.headers.get('Location') ?? '')![1]!;

  it('a pre-moderated challenge holds new ideas and comments until a moderator of the council approves them; the setting is on the challenge form', async () => {
    const { challenge, idea, council } = await challengeWithIdea({ premoderation: 'ideasAndComments' });
    const owner = await staffOf(council, 'owner');
    expect(await (await owner.client.get(`/challenges/${challenge.id}/edit`)).text()).toContain('name="premoderation" value="ideasAndComments" checked');
    const author = await person({ createdAt: new Date(Date.now() - 10 * DAY) });
    const res = await postIdea(author.client, challenge.id);
    expect(res.status).toBe(303);
    const id = ideaId(res);
    const anon = new Client(env.app);
    expect(await (await anon.get(`/challenges/${challenge.id}?sort=newest`)).text()).not.toContain('Benches under the plane trees');
    expect(await (await author.client.get(`/ideas/${id}`)).text()).toContain('This idea is awaiting moderation');
    const item = (await itemOf('idea', id))!;
    expect(item).toMatchObject({ state: 'held', holdReason: 'premoderation', organisationId: council.id, openReports: 0 });

    const before = await commentCount(idea.id);
    const posted = await postComment(env.deps, actorOf(author.user), idea.id, { body: 'Held words', parentId: null, submissionKey: crypto.randomUUID() });
    expect(posted.held).toBe(true);
    expect(await commentCount(idea.id)).toBe(before);
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain('Awaiting moderation: it appears once a moderator approves it');

    // The council's owner approves both from the queue.
    const queue = await (await owner.client.get('/moderation?show=held')).text();
    expect(queue).toContain('Awaiting approval: this challenge holds new content until a moderator approves it');
    expect(await (await owner.client.get(`/moderation/items/${item.id}`)).text()).toContain('Approve it: show it now');
    expect((await decide(owner.client, item.id, { action: 'dismiss', seen: 'held' })).status).toBe(303);
    const commentItem = (await itemOf('comment', posted.id))!;
    expect((await decide(owner.client, commentItem.id, { action: 'dismiss', seen: 'held' })).status).toBe(303);
    expect(await (await anon.get(`/challenges/${challenge.id}?sort=newest`)).text()).toContain('Benches under the plane trees');
    expect(await (await anon.get(`/ideas/${idea.id}`)).text()).toContain('Held words');
    expect(await commentCount(idea.id)).toBe(before + 1);
  });

  it('a new account’s link waits for approval; an established account’s does not; a moderator can trust or distrust an author', async () => {
    const { idea } = await challengeWithIdea();
    const newcomer = await person();
    const link = await postComment(env.deps, actorOf(newcomer.user), idea.id, { body: 'See https://cheap-watches.example', parentId: null, submissionKey: crypto.randomUUID() });
    expect(link.held).toBe(true);
    expect((await itemOf('comment', link.id))!).toMatchObject({ state: 'held', holdReason: 'newAccountLinks' });
    const plain = await postComment(env.deps, actorOf(newcomer.user), idea.id, { body: 'No link here', parentId: null, submissionKey: crypto.randomUUID() });
    expect(plain.held).toBe(false);
    const regular = await person({ createdAt: new Date(Date.now() - 10 * DAY) });
    await postComment(env.deps, actorOf(regular.user), idea.id, { body: 'My first words', parentId: null, submissionKey: crypto.randomUUID() });
    const linked = await postComment(env.deps, actorOf(regular.user), idea.id, { body: 'The plan: https://council.example/plan', parentId: null, submissionKey: crypto.randomUUID() });
    expect(linked.held).toBe(false);

    // A platform moderator trusts the newcomer: their links appear at once; "new" again holds them.
    const mod = await platformModerator();
    const item = (await itemOf('comment', link.id))!;
    const page = await (await mod.client.get(`/moderation/items/${item.id}`)).text();
    expect(page).toContain('Awaiting approval: a link posted by a new account');
    expect(page).toContain(`action="/moderation/items/${item.id}/trust"`);
    expect((await mod.client.post(`/moderation/items/${item.id}/trust`, { trust: 'trusted', why: 'Known local business' })).status).toBe(303);
    expect((await postComment(env.deps, actorOf(newcomer.user), idea.id, { body: 'www.example.org again', parentId: null, submissionKey: crypto.randomUUID() })).held).toBe(false);
    expect((await mod.client.post(`/moderation/items/${item.id}/trust`, { trust: 'new', why: '' })).status).toBe(303);
    expect((await postComment(env.deps, actorOf(newcomer.user), idea.id, { body: 'http://again.example', parentId: null, submissionKey: crypto.randomUUID() })).held).toBe(true);
    expect((await mod.client.post(`/moderation/items/${item.id}/trust`, { trust: 'godlike' })).status).toBe(400);
    const owner = await staffOf((await challengeWithIdea()).council, 'owner');
    expect((await owner.client.post(`/moderation/items/${item.id}/trust`, { trust: 'trusted' })).status).toBe(404);
  });
});
