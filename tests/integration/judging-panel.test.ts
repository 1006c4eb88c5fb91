/**
 * Competitions (issue 13, points 2–4) through the routes, as staff and judges use them: the panel
 * (invitations by mail and in the app, the confidentiality statement, removal with a reason), the
 * shortlist (by hand, top N, after voting; never a withdrawn idea), the assignment (everyone, or K
 * balanced, with automatic recusals), conflicts of interest, scoring (drafts, submit, two tabs,
 * reopened by staff), the rubric locked from the first score, closing the panel, blind review,
 * ineligible ideas, reminders. Bad input and the wrong people change nothing.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { events, ideas, ineligibleIdeas, judgeAssignments, judgeInvitations, judges, judgingSettings, notifications, rubricCriteria, shortlist } from '../../src/db/schema/index.js';
import { remindJudges } from '../../src/features/judging/mail.js';
import { Client } from '../support/app.js';
import { addMember, createCompetitionChallenge, createIdea, createOrganisation, DAY, renewPages } from '../support/factories.js';
import { useTestEnv, type Person } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

/** The link the last invitation mail to `email` carried. */
async function invitationLink(email: string): Promise<string> {
  await env.drainJobs();
  const mail = (await env.mails()).find((m) => m.to === email && m.subject.includes('judge'));
  expect(mail, `an invitation mail to ${email}`).toBeDefined();
  const m = /\/judge-invitations\/([A-Za-z0-9_-]+)/.exec(mail!.text);
  return `/judge-invitations/${m![1]}`;
}

/**
 * A council's competition whose voting closed yesterday: five ideas with 50, 40, 30, 20 and 10
 * supports (the second by a judge-to-be, the third submitted on behalf of a partner organisation),
 * one withdrawn, one by a member of that partner; a rubric of two criteria (the second asks for
 * a comment); the judging closes in ten days.
 */
async function competition() {
  const council = await createOrganisation(db(), { kind: 'council' });
  const partner = await createOrganisation(db(), { kind: 'partner' });
  const ch = await createCompetitionChallenge(db(), council.id);
  const staff = await staffOf(council, 'owner');
  const judgeA = await person();
  const judgeB = await person();
  const authorJudge = await person(); // wrote idea 2
  const partnerJudge = await person(); // member of the partner: idea 3 was submitted on its behalf
  await addMember(db(), partner.id, partnerJudge.user.id);
  const authors: Person[] = [];
  for (let i = 0; i < 5; i++) authors.push(i === 1 ? authorJudge : await person());
  const list = [];
  for (let i = 0; i < 5; i++)
    list.push(await createIdea(db(), ch.id, authors[i]!.user.id, { title: `Idea ${i + 1}`, supportCount: 50 - 10 * i, publishedAt: new Date(Date.now() - (20 - i) * DAY), ...(i === 2 ? { organisationId: partner.id } : {}) }));
  const withdrawn = await createIdea(db(), ch.id, (await person()).user.id, { title: 'Withdrawn idea', status: 'withdrawn', supportCount: 99 });
  await db().insert(rubricCriteria).values([
    { challengeId: ch.id, position: 1, name: 'Impact', weight: 3, scaleMin: 1, scaleMax: 5 },
    { challengeId: ch.id, position: 2, name: 'Feasibility', weight: 1, scaleMin: 0, scaleMax: 10, commentRequired: true },
  ]);
  const criteria = await db().select().from(rubricCriteria).where(eq(rubricCriteria.challengeId, ch.id)).orderBy(rubricCriteria.position);
  return { council, partner, ch, staff, judgeA, judgeB, authorJudge, partnerJudge, authors, ideas: list, withdrawn, criteria };
}

/** Invites and seats a judge through the mail's link, as they would. */
async function seat(staff: Person, challengeId: string, judge: Person) {
  expect((await staff.client.post(`/challenges/${challengeId}/judging/invite`, { email: judge.user.email })).status).toBe(303);
  const link = await invitationLink(judge.user.email);
  expect((await judge.client.post(`${link}/accept`, { confidentiality: 'yes' })).status).toBe(303);
}

const judgeRow = async (challengeId: string, userId: string) => (await db().select().from(judges).where(and(eq(judges.challengeId, challengeId), eq(judges.userId, userId))))[0];
const assignmentsOf = (challengeId: string) => db().select().from(judgeAssignments).where(eq(judgeAssignments.challengeId, challengeId));

describe('the panel', () => {
  it('staff invite by email; the judge joins through the link after the confidentiality statement, once', async () => {
    const { ch, staff, judgeA, judgeB } = await competition();
    const page = await (await staff.client.get(`/challenges/${ch.id}/judging`)).text();
    expect(page).toContain('No judges yet');

    // Bad input: nothing stored.
    expect((await staff.client.post(`/challenges/${ch.id}/judging/invite`, { email: 'not an address' })).status).toBe(422);
    expect(await db().select().from(judgeInvitations).where(eq(judgeInvitations.challengeId, ch.id))).toEqual([]);

    expect((await staff.client.post(`/challenges/${ch.id}/judging/invite`, { email: judgeA.user.email.toUpperCase() })).status).toBe(303);
    const link = await invitationLink(judgeA.user.email);
    const mail = (await env.mails()).find((m) => m.to === judgeA.user.email)!;
    expect(mail.text).toContain(ch.title);
    expect(mail.text).toContain('/judging');
    // In the app too: the account with that address is told, and the notification opens its Judging area.
    const [told] = await db().select().from(notifications).where(and(eq(notifications.userId, judgeA.user.id), eq(notifications.message, 'judging.notify.invited')));
    expect(told).toBeDefined();
    const open = await judgeA.client.get(`/notifications/${told!.id}`);
    expect(open.headers.get('location')).toBe('/judging');

    // Someone else holding the link: refused, nothing changes.
    const page2 = await (await judgeB.client.get(link)).text();
    expect(page2).toContain('This invitation was sent to a different email address');
    expect((await judgeB.client.post(`${link}/accept`, { confidentiality: 'yes' })).status).toBe(403);
    // Without the statement: the form again.
    const withoutStatement = await judgeA.client.post(`${link}/accept`, {});
    expect(withoutStatement.status).toBe(422);
    expect(await withoutStatement.text()).toContain('Accept the confidentiality statement');
    expect(await judgeRow(ch.id, judgeA.user.id)).toBeUndefined();

    const joined = await judgeA.client.post(`${link}/accept`, { confidentiality: 'yes' });
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe(`/judging/${ch.id}`);
    expect((await judgeRow(ch.id, judgeA.user.id))!.confidentialityAt).toBeInstanceOf(Date);
    // Once only.
    expect((await judgeA.client.post(`${link}/accept`, { confidentiality: 'yes' })).status).toBe(400);
    expect((await judgeA.client.get(link)).status).toBe(400);
    // Invited again while on the panel: refused.
    expect((await staff.client.post(`/challenges/${ch.id}/judging/invite`, { email: judgeA.user.email })).status).toBe(422);

    // From the Judging area, without the mail's link.
    expect((await staff.client.post(`/challenges/${ch.id}/judging/invite`, { email: judgeB.user.email })).status).toBe(303);
    const area = await (await judgeB.client.get('/judging')).text();
    expect(area).toContain('Invitations to judge');
    const [inv] = await db().select().from(judgeInvitations).where(and(eq(judgeInvitations.challengeId, ch.id), eq(judgeInvitations.email, judgeB.user.email)));
    expect((await judgeA.client.post(`/judging/invitations/${inv!.id}/accept`, { confidentiality: 'yes' })).status).toBe(403);
    expect((await judgeB.client.post(`/judging/invitations/${inv!.id}/accept`, { confidentiality: 'yes' })).status).toBe(303);

    const overview = await (await staff.client.get(`/challenges/${ch.id}/judging`)).text();
    expect(overview).toContain(judgeA.user.displayName);
    expect(overview).toContain(judgeB.user.displayName);
    const names = (await db().select({ name: events.name }).from(events).where(eq(events.subjectId, ch.id))).map((e) => e.name);
    expect(names.filter((n) => n === 'judging.invite')).toHaveLength(2);
    expect(names.filter((n) => n === 'judging.join')).toHaveLength(2);
  });

  it('an invitation withdrawn or replaced no longer works', async () => {
    const { ch, staff, judgeA } = await competition();
    await staff.client.post(`/challenges/${ch.id}/judging/invite`, { email: judgeA.user.email });
    const first = await invitationLink(judgeA.user.email);
    await staff.client.post(`/challenges/${ch.id}/judging/invite`, { email: judgeA.user.email });
    const second = await invitationLink(judgeA.user.email);
    expect(second).not.toBe(first);
    expect((await judgeA.client.post(`${first}/accept`, { confidentiality: 'yes' })).status).toBe(400);
    const live = (await db().select().from(judgeInvitations).where(eq(judgeInvitations.challengeId, ch.id))).find((i) => !i.revokedAt)!;
    expect((await staff.client.post(`/challenges/${ch.id}/judging/invitations/${live.id}/revoke`, {})).status).toBe(303);
    expect((await judgeA.client.post(`${second}/accept`, { confidentiality: 'yes' })).status).toBe(400);
    expect(await judgeRow(ch.id, judgeA.user.id)).toBeUndefined();
  });

  it('the Judging area lists each waiting invitation with its own form; a refused one says so in its own form', async () => {
    const one = await competition();
    const two = await competition();
    const judge = await person();
    for (const c of [one, two]) expect((await c.staff.client.post(`/challenges/${c.ch.id}/judging/invite`, { email: judge.user.email })).status).toBe(303);
    const page = await (await judge.client.get('/judging')).text();
    const ids = [...page.matchAll(/id="(confidentiality-[0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const [inv] = await db().select().from(judgeInvitations).where(eq(judgeInvitations.challengeId, two.ch.id));
    const refused = await judge.client.post(`/judging/invitations/${inv!.id}/accept`, {});
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(`href="#confidentiality-${inv!.id}"`);
    expect(await judgeRow(two.ch.id, judge.user.id)).toBeUndefined();
  });
});

describe('shortlist, assignment and scoring', () => {
  it('runs a panel from the shortlist to submitted scores, with every refusal changing nothing', async () => {
    const c = await competition();
    const { ch, staff, judgeA, judgeB, authorJudge, partnerJudge, criteria } = c;
    const [impact, feasibility] = criteria;
    const base = `/challenges/${ch.id}/judging`;

    // Shortlisting waits for voting to close.
    env.clock.set(new Date(Date.now() - 2 * DAY));
    const early = await staff.client.post(`${base}/shortlist/top`, { count: '3' });
    expect(early.status).toBe(403);
    expect(await early.text()).toContain('once voting has closed');
    env.clock.reset();

    // A withdrawn idea cannot be shortlisted: the whole list is refused.
    const refused = await staff.client.post(`${base}/shortlist`, { idea: [c.ideas[3]!.id, c.withdrawn.id] });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('cannot be shortlisted');
    expect(await db().select().from(shortlist).where(eq(shortlist.challengeId, ch.id))).toEqual([]);

    // Top 3 by support (the withdrawn idea's 99 do not count), then one more by hand.
    expect((await staff.client.post(`${base}/shortlist/top`, { count: '3' })).status).toBe(303);
    expect((await staff.client.post(`${base}/shortlist`, { idea: [c.ideas[3]!.id] })).status).toBe(303);
    const listed = (await db().select().from(shortlist).where(eq(shortlist.challengeId, ch.id))).map((s) => s.ideaId).sort();
    expect(listed).toEqual([c.ideas[0]!.id, c.ideas[1]!.id, c.ideas[2]!.id, c.ideas[3]!.id].sort());
    await env.drainJobs();
    const toldAuthors = await db().select().from(notifications).where(eq(notifications.message, 'judging.notify.shortlisted'));
    expect(toldAuthors.map((n) => n.userId).sort()).toEqual([0, 1, 2, 3].map((i) => c.authors[i]!.user.id).sort());
    const shortlistPage = await (await staff.client.get(`${base}/shortlist`)).text();
    expect(shortlistPage).toContain('Shortlisted: 4 ideas');
    expect(shortlistPage).toContain('Idea 5'); // the one candidate left
    expect(shortlistPage).not.toContain('Withdrawn idea');

    // Assigning needs judges.
    expect((await staff.client.post(`${base}/assign`, { mode: 'everyone' })).status).toBe(422);
    for (const j of [judgeA, judgeB, authorJudge, partnerJudge]) await seat(staff, ch.id, j);
    expect((await staff.client.post(`${base}/assign`, { mode: 'balanced', perIdea: '9' })).status).toBe(422);
    expect((await staff.client.post(`${base}/assign`, { mode: 'balanced', perIdea: '' })).status).toBe(422);
    expect(await assignmentsOf(ch.id)).toEqual([]);

    // Each idea to 2 judges, balanced; the author of idea 2 and the partner's member (idea 3) recused automatically.
    expect((await staff.client.post(`${base}/assign`, { mode: 'balanced', perIdea: '2' })).status).toBe(303);
    let rows = await assignmentsOf(ch.id);
    const judgeIds = new Map((await db().select().from(judges).where(eq(judges.challengeId, ch.id))).map((j) => [j.userId, j.id]));
    const recused = rows.filter((r) => r.conflict === 'automatic').map((r) => [r.judgeId, r.ideaId, r.conflictReason]);
    expect(recused).toEqual(
      expect.arrayContaining([
        [judgeIds.get(authorJudge.user.id), c.ideas[1]!.id, 'author'],
        [judgeIds.get(partnerJudge.user.id), c.ideas[2]!.id, 'organisation'],
      ]),
    );
    const scoring = rows.filter((r) => r.conflict !== 'automatic');
    for (const idea of c.ideas.slice(0, 4)) expect(scoring.filter((r) => r.ideaId === idea.id)).toHaveLength(2);
    const loads = [...judgeIds.values()].map((id) => scoring.filter((r) => r.judgeId === id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1); // 8 assignments over 4 judges: 2 each

    // Everyone mode adds the rest (never the recused pairs).
    expect((await staff.client.post(`${base}/assign`, { mode: 'everyone' })).status).toBe(303);
    rows = await assignmentsOf(ch.id);
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.conflict === 'automatic')).toHaveLength(2);

    // Judge A: their list, a conflict question first, then the score form.
    const idA = judgeIds.get(judgeA.user.id)!;
    const list = await (await judgeA.client.get(`/judging/${ch.id}`)).text();
    for (const i of [0, 1, 2, 3]) expect(list).toContain(`Idea ${i + 1}`);
    expect(list).not.toContain('Idea 5');
    expect((await judgeA.client.get(`/judging/${ch.id}/${c.ideas[4]!.id}`)).status).toBe(403); // not shortlisted, not assigned
    const idea1 = c.ideas[0]!.id;
    const ask = await (await judgeA.client.get(`/judging/${ch.id}/${idea1}`)).text();
    expect(ask).toContain('Conflict of interest');
    // Scoring before answering: refused.
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, { version: '0', [`score-${impact!.id}`]: '4' })).status).toBe(403);
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea1}/declare`, { conflict: 'declared', reason: 'short' })).status).toBe(422);
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea1}/declare`, { conflict: 'none' })).status).toBe(303);
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea1}/declare`, { conflict: 'none' })).status).toBe(403); // answered

    // Out of range: nothing stored.
    const bad = await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, { version: '0', [`score-${impact!.id}`]: '6', intent: 'draft' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('within the criterion’s scale');
    const stored = async () => (await db().select().from(judgeAssignments).where(and(eq(judgeAssignments.judgeId, idA), eq(judgeAssignments.ideaId, idea1))))[0]!;
    expect((await stored()).version).toBe(0);

    // A draft, then a second tab still at version 0: refused with a clear message, the first save kept.
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, { version: '0', [`score-${impact!.id}`]: '4', notes: 'Strong evidence', intent: 'draft' })).status).toBe(303);
    expect(await stored()).toMatchObject({ version: 1, state: 'draft', values: { [impact!.id]: 4 }, notes: 'Strong evidence' });
    const stale = await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, { version: '0', [`score-${impact!.id}`]: '2', intent: 'draft' });
    expect(stale.status).toBe(422);
    const staleText = await stale.text();
    expect(staleText).toContain('saved from another tab or window');
    expect(staleText).toContain('name="version" value="1"'); // saving again is a choice, at the current version
    expect((await stored()).values).toEqual({ [impact!.id]: 4 });

    // The rubric is locked from the first score.
    const locked = await staff.client.post(`/challenges/${ch.id}/rubric`, { name: 'Late criterion', weight: '1', scale: '1-5' });
    expect(locked.status).toBe(403);
    expect(await locked.text()).toContain('the rubric can no longer change');

    // Submitting needs every criterion and the required comment.
    const incomplete = await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, { version: '1', [`score-${impact!.id}`]: '4', [`score-${feasibility!.id}`]: '7', intent: 'submit' });
    expect(incomplete.status).toBe(422);
    expect(await incomplete.text()).toContain('This criterion needs a comment');
    expect((await stored()).state).toBe('draft');
    const submitted = await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, {
      version: '1',
      [`score-${impact!.id}`]: '4',
      [`score-${feasibility!.id}`]: '7',
      [`comment-${feasibility!.id}`]: 'The parks team can run it.',
      intent: 'submit',
    });
    expect(submitted.status).toBe(303);
    expect(await stored()).toMatchObject({ state: 'submitted', version: 2, values: { [impact!.id]: 4, [feasibility!.id]: 7 } });
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea1}/score`, { version: '2', [`score-${impact!.id}`]: '1', intent: 'draft' })).status).toBe(403);

    // Staff reopen it; the judge can change it again.
    const judgeBClient = judgeB.client;
    expect((await judgeBClient.post(`${base}/scores/${idA}/${idea1}/reopen`, {})).status).toBe(403); // a judge is not staff
    expect((await staff.client.post(`${base}/scores/${idA}/${idea1}/reopen`, {})).status).toBe(303);
    expect(await stored()).toMatchObject({ state: 'draft', version: 3 });

    // A declared conflict takes the idea off the list; staff see it.
    const idea2 = c.ideas[1]!.id;
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea2}/declare`, { conflict: 'declared', reason: 'I advised the author last year.' })).status).toBe(303);
    expect((await judgeA.client.get(`/judging/${ch.id}/${idea2}`)).status).toBe(403);
    expect((await judgeA.client.post(`/judging/${ch.id}/${idea2}/score`, { version: '0', intent: 'draft' })).status).toBe(403);
    const overview = await (await staff.client.get(base)).text();
    expect(overview).toContain('Declared: I advised the author last year.');
    expect(overview).toContain('Recused automatically: they wrote it');
    // Judges never reach the staff pages, nor each other's.
    expect((await judgeA.client.get(base)).status).toBe(403);
    expect((await judgeA.client.get(`${base}/shortlist`)).status).toBe(403);

    // A judge removed (with a reason) loses the area; their rows stay.
    expect((await staff.client.post(`${base}/judges/${idA}/remove`, { reason: 'too short' })).status).toBe(422);
    expect((await judgeRow(ch.id, judgeA.user.id))!.removedAt).toBeNull();
    expect((await staff.client.post(`${base}/judges/${idA}/remove`, { reason: 'Took a job with one of the entrants.' })).status).toBe(303);
    expect((await judgeRow(ch.id, judgeA.user.id))!.removedReason).toBe('Took a job with one of the entrants.');
    expect((await judgeA.client.get(`/judging/${ch.id}`)).status).toBe(403);
    expect((await stored()).values).toEqual({ [impact!.id]: 4, [feasibility!.id]: 7 });

    // Closing the panel stops every score.
    expect((await staff.client.post(`${base}/close`, {})).status).toBe(303);
    expect((await staff.client.post(`${base}/close`, {})).status).toBe(409);
    const idea3 = c.ideas[2]!.id;
    expect((await judgeB.client.post(`/judging/${ch.id}/${idea3}/declare`, { conflict: 'none' })).status).toBe(403);
    expect((await staff.client.post(`${base}/shortlist`, { idea: [c.ideas[4]!.id] })).status).toBe(403);
    const names = (await db().select({ name: events.name }).from(events).where(eq(events.subjectId, ch.id))).map((e) => e.name);
    for (const n of ['judging.assign', 'judging.conflict', 'judging.score', 'judging.reopen', 'judging.remove', 'judging.close']) expect(names).toContain(n);
  });

  it('blind review hides names in the judging area, and says the idea pages do not', async () => {
    const c = await competition();
    const { ch, staff, judgeB } = c;
    await db().insert(judgingSettings).values({ challengeId: ch.id, blindReview: true });
    await staff.client.post(`/challenges/${ch.id}/judging/shortlist/top`, { count: '2' });
    await seat(staff, ch.id, judgeB);
    await staff.client.post(`/challenges/${ch.id}/judging/assign`, { mode: 'everyone' });
    const list = await (await judgeB.client.get(`/judging/${ch.id}`)).text();
    expect(list).toContain('This review is blind');
    expect(list).toContain('Idea 1');
    expect(list).not.toContain(c.authors[0]!.user.displayName);
    const one = await (await judgeB.client.get(`/judging/${ch.id}/${c.ideas[0]!.id}`)).text();
    expect(one).not.toContain(c.authors[0]!.user.displayName);
    expect(one).toContain('public pages do show who wrote them');
    // A judge's header links to the Judging area.
    expect(one).toContain('<a href="/judging" aria-current="page">Judging</a>');
    expect(await (await c.authors[0]!.client.get('/judging')).text()).not.toContain('<a href="/judging" aria-current="page">Judging</a>');
    // An idea moderators hide leaves the judges' lists, its text with it.
    await db().update(ideas).set({ hiddenAt: new Date(), hiddenRule: 'spam' }).where(eq(ideas.id, c.ideas[1]!.id));
    await renewPages(db());
    expect(await (await judgeB.client.get(`/judging/${ch.id}`)).text()).not.toContain('Idea 2');
    expect((await judgeB.client.get(`/judging/${ch.id}/${c.ideas[1]!.id}`)).status).toBe(403);
  });

  it('marks an idea ineligible with a reason its author sees and is told of', async () => {
    const c = await competition();
    const { ch, staff } = c;
    const target = c.ideas[4]!;
    expect((await staff.client.get(`/challenges/${ch.id}/judging/ineligible/${target.id}`)).status).toBe(200);
    expect((await staff.client.post(`/challenges/${ch.id}/judging/ineligible`, { idea: target.id, reason: 'no' })).status).toBe(422);
    expect(await db().select().from(ineligibleIdeas).where(eq(ineligibleIdeas.ideaId, target.id))).toEqual([]);
    expect((await staff.client.post(`/challenges/${ch.id}/judging/ineligible`, { idea: target.id, reason: 'Entries must be in the borough (rule 2).' })).status).toBe(303);
    expect((await staff.client.post(`/challenges/${ch.id}/judging/ineligible`, { idea: target.id, reason: 'Entries must be in the borough (rule 2).' })).status).toBe(409);
    await env.drainJobs();
    const [told] = await db().select().from(notifications).where(and(eq(notifications.userId, c.authors[4]!.user.id), eq(notifications.message, 'judging.notify.ineligible')));
    expect(told).toBeDefined();
    const own = await (await c.authors[4]!.client.get(`/ideas/${target.id}`)).text();
    expect(own).toContain('Entries must be in the borough (rule 2).');
    expect(await (await new Client(env.app).get(`/ideas/${target.id}`)).text()).not.toContain('rule 2');
    // It cannot be shortlisted now.
    expect((await staff.client.post(`/challenges/${ch.id}/judging/shortlist`, { idea: [target.id] })).status).toBe(422);
    expect((await db().select().from(ideas).where(eq(ideas.id, target.id)))[0]!.status).toBe('submitted');
  });

  it('reminds judges with scores to give, once, by mail and in the app', async () => {
    const c = await competition();
    const { ch, staff, judgeA, judgeB } = c;
    await staff.client.post(`/challenges/${ch.id}/judging/shortlist/top`, { count: '1' });
    await seat(staff, ch.id, judgeA);
    await seat(staff, ch.id, judgeB);
    await staff.client.post(`/challenges/${ch.id}/judging/assign`, { mode: 'everyone' });
    // Judge B has done everything.
    const idea = c.ideas[0]!.id;
    expect((await judgeB.client.post(`/judging/${ch.id}/${idea}/declare`, { conflict: 'declared', reason: 'My sister wrote this idea.' })).status).toBe(303);
    const tooEarly = await remindJudges(env.deps, new Date());
    expect(tooEarly).toBe(0);
    const soon = new Date(ch.judgingCloseAt!.getTime() - 2 * DAY);
    // (Other tests' panels close on the same day: only this one's judges are looked at below.)
    expect(await remindJudges(env.deps, soon)).toBeGreaterThanOrEqual(1);
    expect((await judgeRow(ch.id, judgeA.user.id))!.remindedAt).toEqual(soon);
    expect((await judgeRow(ch.id, judgeB.user.id))!.remindedAt).toBeNull();
    expect(await remindJudges(env.deps, soon)).toBe(0);
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === judgeA.user.email && m.subject.startsWith('Judging closes soon'));
    expect(mail!.text).toContain(`/judging/${ch.id}`);
    const inApp = await db().select().from(notifications).where(and(eq(notifications.message, 'judging.notify.reminder'), eq(notifications.subjectId, ch.id)));
    expect(inApp.map((n) => n.userId)).toEqual([judgeA.user.id]);
  });
});
