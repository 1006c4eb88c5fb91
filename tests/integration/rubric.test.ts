/**
 * The judging rubric (issue 13, point 1) through the routes: the council's staff set it; it is
 * public on the challenge page; once submissions are open every change needs a reason, is kept in
 * the challenge's history and told to its followers; bad input and other people change nothing.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { challengeRevisions, challenges, events, ideas, judgingSettings, notifications, rubricCriteria } from '../../src/db/schema/index.js';
import { Client } from '../support/app.js';
import { createChallenge, createChallengeFollow, createOrganisation, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

const IMPACT = { name: 'Impact on residents', nameFr: 'Effet pour les habitants', description: 'How many people it helps, and how much.', descriptionFr: '', guidance: 'Look for evidence.', guidanceFr: '', weight: '3', scale: '1-5' };
const COST = { name: 'Value for money', nameFr: '', description: '', descriptionFr: '', guidance: '', guidanceFr: '', weight: '1', scale: '0-10', commentRequired: 'yes' };
const criteriaOf = (challengeId: string) => db().select().from(rubricCriteria).where(eq(rubricCriteria.challengeId, challengeId)).orderBy(rubricCriteria.position);

/** A council's challenge: a draft, or published with submissions opening in a week (or open since yesterday). */
async function challenge(state: 'draft' | 'upcoming' | 'open') {
  const council = await createOrganisation(db(), { kind: 'council' });
  const now = Date.now();
  const opens = state === 'open' ? now - DAY : now + 7 * DAY;
  const ch = await createChallenge(db(), council.id, {
    status: state === 'draft' ? 'draft' : 'published',
    submissionsOpenAt: new Date(opens),
    submissionsCloseAt: new Date(opens + 20 * DAY),
  });
  return { council, ch, staff: await staffOf(council) };
}

describe('the rubric, before entrants can act on it', () => {
  it('staff add, change and remove criteria freely; the challenge page shows them with their shares', async () => {
    const { ch, staff } = await challenge('upcoming');
    expect((await staff.client.get(`/challenges/${ch.id}/rubric`)).status).toBe(200);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric`, IMPACT)).status).toBe(303);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric`, COST)).status).toBe(303);
    let rows = await criteriaOf(ch.id);
    expect(rows.map((r) => [r.position, r.name, r.nameFr, r.weight, r.scaleMin, r.scaleMax, r.commentRequired])).toEqual([
      [1, 'Impact on residents', 'Effet pour les habitants', 3, 1, 5, false],
      [2, 'Value for money', null, 1, 0, 10, true],
    ]);

    // Everyone sees it, with each criterion's share of the weights (3 of 4: 75 %; 1 of 4: 25 %), not the judges' guidance.
    const visitor = new Client(env.app);
    const page = await (await visitor.get(`/challenges/${ch.id}`)).text();
    expect(page).toContain('How ideas will be judged');
    expect(page).toContain('Impact on residents');
    expect(page).toContain('75% of the score, scored from 1 to 5');
    expect(page).toContain('25% of the score, scored from 0 to 10');
    expect(page).not.toContain('Look for evidence.');
    const fr = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/challenges/${ch.id}`)).text();
    expect(fr).toContain('Effet pour les habitants');
    expect(fr).toContain('75\u00a0% de la note');
    expect(fr).toContain('<span lang="en">Value for money</span>'); // no French name: marked as English

    // Change, then remove the first: the second moves up. No reason needed, no history kept yet.
    const [impact] = rows;
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/${impact!.id}`, { ...IMPACT, weight: '2' })).status).toBe(303);
    expect((await criteriaOf(ch.id))[0]!.weight).toBe(2);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/${impact!.id}/remove`, {})).status).toBe(303);
    rows = await criteriaOf(ch.id);
    expect(rows.map((r) => [r.position, r.name])).toEqual([[1, 'Value for money']]);
    expect(await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, ch.id))).toEqual([]);
    // The anonymous page cache shows the change at once.
    expect(await (await visitor.get(`/challenges/${ch.id}`)).text()).not.toContain('Impact on residents');
    expect(await db().select({ n: events.name }).from(events).where(and(eq(events.entityId, ch.id), eq(events.name, 'rubric.change')))).toHaveLength(4);
  });
});

describe('the rubric once submissions are open', () => {
  it('asks why, keeps the rubric as it was in the challenge’s history, and tells its followers', async () => {
    const { ch, staff } = await challenge('open');
    const follower = await person();
    await createChallengeFollow(db(), follower.user.id, ch.id);
    const page = await (await staff.client.get(`/challenges/${ch.id}/rubric`)).text();
    expect(page).toContain('each change needs a reason');

    const missing = await staff.client.post(`/challenges/${ch.id}/rubric`, IMPACT);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Say why the rubric changes');
    expect(await criteriaOf(ch.id)).toEqual([]);

    expect((await staff.client.post(`/challenges/${ch.id}/rubric`, { ...IMPACT, reason: 'We forgot the main criterion.' })).status).toBe(303);
    const [revision] = await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, ch.id));
    expect(revision!.before).toEqual({ rubric: '', rubricReason: 'We forgot the main criterion.' });
    const [impact] = await criteriaOf(ch.id);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/${impact!.id}/remove`, {})).status).toBe(422);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/${impact!.id}/remove`, { reason: 'Merged into another.' })).status).toBe(303);
    const history = await (await staff.client.get(`/challenges/${ch.id}/history`)).text();
    expect(history).toContain('Judging rubric');
    expect(history).toContain('1. Impact on residents (3, 1–5)');
    expect(history).toContain('Merged into another.');

    await env.drainJobs();
    const told = await db().select({ message: notifications.message }).from(notifications).where(eq(notifications.userId, follower.user.id));
    expect(told.map((n) => n.message)).toEqual(['judging.notify.rubricChanged', 'judging.notify.rubricChanged']);
  });
});

describe('bad input and other people', () => {
  it('refuses, changing nothing', async () => {
    const { ch, staff } = await challenge('upcoming');
    for (const [form, message] of [
      [{ ...IMPACT, name: '' }, 'validation.required'],
      [{ ...IMPACT, weight: '0' }, 'Enter a whole number from 1 to 100'],
      [{ ...IMPACT, weight: '101' }, 'Enter a whole number from 1 to 100'],
      [{ ...IMPACT, weight: '2.5' }, 'Enter a whole number from 1 to 100'],
      [{ ...IMPACT, scale: '1-100' }, ''],
      [{ ...IMPACT, name: 'x'.repeat(121) }, ''],
    ] as const) {
      const res = await staff.client.post(`/challenges/${ch.id}/rubric`, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      if (message && !message.startsWith('validation.')) expect(await res.text()).toContain(message);
    }
    expect(await criteriaOf(ch.id)).toEqual([]);

    // At most 12.
    for (let i = 0; i < 12; i++) expect((await staff.client.post(`/challenges/${ch.id}/rubric`, { ...IMPACT, name: `Criterion ${i}` })).status).toBe(303);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric`, IMPACT)).status).toBe(422);
    expect(await criteriaOf(ch.id)).toHaveLength(12);

    // Someone else: a resident, another council's staff (403); an anonymous visitor (sign in); an unknown criterion (404).
    const [first] = await criteriaOf(ch.id);
    const resident = await person();
    const other = await staffOf(await createOrganisation(db(), { kind: 'council' }));
    for (const who of [resident, other]) {
      expect((await who.client.get(`/challenges/${ch.id}/rubric`)).status).toBe(403);
      expect((await who.client.post(`/challenges/${ch.id}/rubric/${first!.id}`, { ...IMPACT, weight: '9' })).status).toBe(403);
      expect((await who.client.post(`/challenges/${ch.id}/rubric/${first!.id}/remove`, {})).status).toBe(403);
    }
    expect((await new Client(env.app).get(`/challenges/${ch.id}/rubric`)).status).toBe(303);
    expect((await staff.client.get(`/challenges/${ch.id}/rubric/00000000-0000-4000-8000-00000000abcd`)).status).toBe(404);
    // A criterion of another challenge, through this one's address.
    const elsewhere = await challenge('upcoming');
    await elsewhere.staff.client.post(`/challenges/${elsewhere.ch.id}/rubric`, IMPACT);
    const [theirs] = await criteriaOf(elsewhere.ch.id);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/${theirs!.id}/remove`, {})).status).toBe(404);
    expect(await criteriaOf(elsewhere.ch.id)).toHaveLength(1);
    expect((await criteriaOf(ch.id))[0]!.weight).toBe(3);

    // An admin may; nobody may once the challenge is archived.
    const admin = await person({ isAdmin: true });
    expect((await admin.client.get(`/challenges/${ch.id}/rubric`)).status).toBe(200);
    await db().update(challenges).set({ status: 'archived', archivedAt: new Date() }).where(eq(challenges.id, ch.id));
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/${first!.id}/remove`, {})).status).toBe(403);
    expect(await criteriaOf(ch.id)).toHaveLength(12);
  });

  it('a draft’s rubric is for its staff to prepare: no reason, no history', async () => {
    const { ch, staff } = await challenge('draft');
    expect((await staff.client.post(`/challenges/${ch.id}/rubric`, IMPACT)).status).toBe(303);
    expect(await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, ch.id))).toEqual([]);
    expect((await (await person()).client.get(`/challenges/${ch.id}/rubric`)).status).toBe(404); // a draft does not exist for others
  });
});

describe('entrants confirm the rules, when the challenge asks', () => {
  const submit = async (client: Client, challengeId: string, extra: Record<string, string> = {}) => {
    const submissionKey = await client.submissionKey(`/challenges/${challengeId}/ideas/new`);
    return client.post(`/challenges/${challengeId}/ideas/new`, { title: 'A pocket park', summary: 'Trees and benches.', description: 'On the corner.', submissionKey, intent: 'publish', ...extra });
  };

  it('is a setting of the challenge form; the idea form then asks, refuses without it, and keeps it with the idea', async () => {
    const { ch, staff } = await challenge('open');
    expect(await (await staff.client.get(`/challenges/${ch.id}/edit`)).text()).toContain('name="confirmRules"');
    const entrant = await person();
    expect(await (await entrant.client.get(`/challenges/${ch.id}/ideas/new`)).text()).not.toContain('name="rulesConfirmed"');
    expect((await submit(entrant.client, ch.id)).status).toBe(303); // not asked: nothing to confirm

    await db().update(challenges).set({ confirmRules: true }).where(eq(challenges.id, ch.id));
    const form = await (await entrant.client.get(`/challenges/${ch.id}/ideas/new`)).text();
    expect(form).toContain('name="rulesConfirmed"');
    expect(form).toContain('I have read the challenge’s rules and how ideas will be judged.');
    const before = await db().select({ id: ideas.id }).from(ideas).where(eq(ideas.challengeId, ch.id));
    const refused = await submit(entrant.client, ch.id);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Confirm that you have read the rules');
    expect(await db().select({ id: ideas.id }).from(ideas).where(eq(ideas.challengeId, ch.id))).toHaveLength(before.length);

    const res = await submit(entrant.client, ch.id, { rulesConfirmed: 'yes' });
    expect(res.status).toBe(303);
    const id = /\/ideas\/([0-9a-f-]{36})/.exec(res.headers.get('Location') ?? '')![1]!;
    expect((await db().select({ at: ideas.rulesConfirmedAt }).from(ideas).where(eq(ideas.id, id)))[0]!.at).not.toBeNull();
  });
});

describe('the judging method', () => {
  it('staff set the people’s choice weight, normalisation and blind review; the challenge page says it in words', async () => {
    const { ch, staff } = await challenge('upcoming');
    await db().update(challenges).set({ votingOpenAt: new Date(Date.now() + 30 * DAY), votingCloseAt: new Date(Date.now() + 40 * DAY) }).where(eq(challenges.id, ch.id));
    await staff.client.post(`/challenges/${ch.id}/rubric`, IMPACT);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/method`, { peopleWeight: '30', normalisation: 'z', blindReview: 'yes' })).status).toBe(303);
    const [settings] = await db().select().from(judgingSettings).where(eq(judgingSettings.challengeId, ch.id));
    expect(settings).toMatchObject({ peopleWeight: 30, normalisation: 'z', blindReview: true, publishPanel: false });
    const page = await (await new Client(env.app).get(`/challenges/${ch.id}`)).text();
    expect(page).toContain('The final score is 70% the judges’ panel and 30% the people’s choice (supports).');
    expect(page).toContain('z-score');
    expect(page).toContain('Judges review ideas without authors’ names');
    // Out of range, or a people's choice without a vote: refused, nothing changed.
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/method`, { peopleWeight: '101', normalisation: 'none' })).status).toBe(422);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/method`, { peopleWeight: '10', normalisation: 'sometimes' })).status).toBe(422);
    const noVote = await challenge('upcoming');
    const refused = await noVote.staff.client.post(`/challenges/${noVote.ch.id}/rubric/method`, { peopleWeight: '10', normalisation: 'none' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Without a public vote, the people’s choice cannot count');
    expect(await db().select().from(judgingSettings).where(eq(judgingSettings.challengeId, noVote.ch.id))).toEqual([]);
    expect((await db().select().from(judgingSettings).where(eq(judgingSettings.challengeId, ch.id)))[0]!.peopleWeight).toBe(30);
    // Someone else: 403.
    expect((await (await person()).client.post(`/challenges/${ch.id}/rubric/method`, { peopleWeight: '0', normalisation: 'none' })).status).toBe(403);
  });

  it('once submissions are open, a change asks why and keeps the method as it was in the history', async () => {
    const { ch, staff } = await challenge('open');
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/method`, { peopleWeight: '0', normalisation: 'minmax' })).status).toBe(422);
    expect((await staff.client.post(`/challenges/${ch.id}/rubric/method`, { peopleWeight: '0', normalisation: 'minmax', reason: 'Judges differ a lot.' })).status).toBe(303);
    const [revision] = await db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, ch.id));
    expect(revision!.before).toEqual({ judgingMethod: "people's choice 0%, normalisation none, blind review no, panel published no", rubricReason: 'Judges differ a lot.' });
  });
});
