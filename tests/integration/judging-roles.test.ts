/**
 * Who reaches what in a competition's judging (issue 13, "Rules and bad input"): every judging
 * route, as each role — a resident, the idea's author, a judge assigned the idea, a judge not
 * assigned it, a judge with a conflict on it, staff of the challenge's council, staff of another
 * council, partner staff, an admin — with the status each must get. The forms are sent so that
 * they change nothing (refused first for who, then for what), and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { awards, judgeAssignments, judgeInvitations, judges, rubricCriteria, shortlist, tieBreaks, nextSteps, ineligibleIdeas } from '../../src/db/schema/index.js';
import { Client } from '../support/app.js';
import { addMember, createCompetitionChallenge, createIdea, createOrganisation, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

type Who = 'anonymous' | 'resident' | 'author' | 'judge assigned' | 'judge not assigned' | 'judge with a conflict' | 'staff' | 'other council staff' | 'partner staff' | 'admin';
const WHO: Who[] = ['anonymous', 'resident', 'author', 'judge assigned', 'judge not assigned', 'judge with a conflict', 'staff', 'other council staff', 'partner staff', 'admin'];
const signIn = 303;
/** Staff of this council and admins: `yes`; signed-in others: 403; anonymous: to sign in. */
const staffOnly = (yes: number): Record<Who, number> => ({
  anonymous: signIn,
  resident: 403,
  author: 403,
  'judge assigned': 403,
  'judge not assigned': 403,
  'judge with a conflict': 403,
  staff: yes,
  'other council staff': 403,
  'partner staff': 403,
  admin: yes,
});
const everyone = (status: number): Record<Who, number> => Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, number>;

describe('judging: route × role matrix', () => {
  it('every judging route answers each role as the policy says, and the forms change nothing', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const otherCouncil = await createOrganisation(db(), { kind: 'council' });
    const partner = await createOrganisation(db(), { kind: 'partner' });
    const ch = await createCompetitionChallenge(db(), council.id);
    const author = await person();
    const x = await createIdea(db(), ch.id, author.user.id, { title: 'Idea X', supportCount: 5 });
    const y = await createIdea(db(), ch.id, (await person()).user.id, { title: 'Idea Y', supportCount: 3 });
    await db().insert(rubricCriteria).values({ challengeId: ch.id, position: 1, name: 'Overall', weight: 1, scaleMin: 1, scaleMax: 5 });
    await db().insert(shortlist).values([x, y].map((i) => ({ ideaId: i.id, challengeId: ch.id })));
    const seat = async () => {
      const p = await person();
      const [j] = await db().insert(judges).values({ challengeId: ch.id, userId: p.user.id, confidentialityAt: new Date() }).returning();
      return { ...p, judgeId: j!.id };
    };
    const assigned = await seat();
    const notAssigned = await seat();
    const conflicted = await seat();
    await db().insert(judgeAssignments).values([
      { judgeId: assigned.judgeId, ideaId: x.id, challengeId: ch.id, conflict: 'none' },
      { judgeId: notAssigned.judgeId, ideaId: y.id, challengeId: ch.id, conflict: 'none' },
      { judgeId: conflicted.judgeId, ideaId: x.id, challengeId: ch.id, conflict: 'declared', conflictReason: 'My neighbour wrote it.' },
    ]);
    const [given] = await db().insert(awards).values({ challengeId: ch.id, ideaId: x.id, kind: 'place', place: 1, citation: 'Well done.' }).returning();
    const partnerStaff = await person();
    await addMember(db(), partner.id, partnerStaff.user.id, 'owner');
    const clients: Record<Who, Client> = {
      anonymous: new Client(env.app),
      resident: (await person()).client,
      author: author.client,
      'judge assigned': assigned.client,
      'judge not assigned': notAssigned.client,
      'judge with a conflict': conflicted.client,
      staff: (await staffOf(council, 'owner')).client,
      'other council staff': (await staffOf(otherCouncil, 'owner')).client,
      'partner staff': partnerStaff.client,
      admin: (await person({ isAdmin: true })).client,
    };
    const base = `/challenges/${ch.id}/judging`;
    const judgesOnly = (assignedStatus: number, others: number): Record<Who, number> => ({
      ...staffOnly(403),
      'judge assigned': assignedStatus,
      'judge not assigned': others,
      'judge with a conflict': others,
    });
    const gets: [string, Record<Who, number>][] = [
      [base, staffOnly(200)],
      [`${base}/shortlist`, staffOnly(200)],
      [`${base}/scoreboard`, staffOnly(200)],
      [`${base}/scoreboard.csv`, staffOnly(200)],
      [`${base}/scoreboard/${x.id}`, staffOnly(200)],
      [`${base}/awards`, staffOnly(200)],
      [`${base}/awards/${given!.id}`, staffOnly(200)],
      [`${base}/announce`, staffOnly(200)],
      [`${base}/ineligible/${x.id}`, staffOnly(200)],
      [`${base}/judges/${assigned.judgeId}/remove`, staffOnly(200)],
      ['/judging', { ...everyone(200), anonymous: signIn }],
      [`/judging/${ch.id}`, judgesOnly(200, 200)],
      [`/judging/${ch.id}/${x.id}`, judgesOnly(200, 403)],
      ['/judge-invitations/00000000-0000-4000-8000-000000000000', everyone(400)],
      [`/challenges/${ch.id}/results`, everyone(200)],
      [`/challenges/${ch.id}/results.json`, everyone(200)],
    ];
    const wrong: string[] = [];
    for (const [url, expected] of gets)
      for (const who of WHO) {
        const status = (await clients[who].get(url)).status;
        if (status !== expected[who]) wrong.push(`GET ${url} as ${who}: ${status}, expected ${expected[who]}`);
      }
    expect(wrong).toEqual([]);

    // Nobody but staff sees scores, notes or progress: a judge's page shows only their own work.
    const judgePage = await (await assigned.client.get(`/judging/${ch.id}`)).text();
    expect(judgePage).not.toContain('Idea Y');

    const tables = async () =>
      JSON.stringify([
        await db().select().from(judgeAssignments).where(eq(judgeAssignments.challengeId, ch.id)),
        await db().select().from(judges).where(eq(judges.challengeId, ch.id)),
        await db().select().from(judgeInvitations).where(eq(judgeInvitations.challengeId, ch.id)),
        await db().select().from(shortlist).where(eq(shortlist.challengeId, ch.id)),
        await db().select().from(awards).where(eq(awards.challengeId, ch.id)),
        await db().select().from(tieBreaks).where(eq(tieBreaks.challengeId, ch.id)),
        await db().select().from(nextSteps).where(eq(nextSteps.challengeId, ch.id)),
        await db().select().from(ineligibleIdeas).where(eq(ineligibleIdeas.challengeId, ch.id)),
      ]);
    const before = await tables();
    const unknown = crypto.randomUUID();
    const posts: [string, Record<string, string>, Record<Who, number>][] = [
      [`${base}/invite`, { email: 'not an address' }, staffOnly(422)],
      [`${base}/invitations/${unknown}/revoke`, {}, staffOnly(404)],
      [`${base}/judges/${assigned.judgeId}/remove`, { reason: '' }, staffOnly(422)],
      [`${base}/assign`, { mode: '' }, staffOnly(422)],
      [`${base}/shortlist`, {}, staffOnly(422)],
      [`${base}/shortlist/top`, { count: '0' }, staffOnly(422)],
      [`${base}/shortlist/${unknown}/remove`, {}, staffOnly(404)],
      [`${base}/ineligible`, { idea: x.id, reason: '' }, staffOnly(422)],
      [`${base}/scores/${assigned.judgeId}/${x.id}/reopen`, {}, staffOnly(404)],
      [`${base}/ties`, { tie: 'nonsense', reason: '' }, staffOnly(422)],
      [`${base}/awards`, { idea: x.id, kind: 'place', place: '2', citation: '' }, staffOnly(422)],
      [`${base}/awards/${given!.id}`, { idea: x.id, kind: 'place', place: 'first', citation: 'x' }, staffOnly(422)],
      [`${base}/announce`, {}, staffOnly(422)],
      [`${base}/corrections`, { reason: 'Nothing announced yet.' }, staffOnly(403)],
      [`${base}/next-steps`, { body: '' }, staffOnly(422)],
      [`/judging/invitations/${unknown}/accept`, { confidentiality: 'yes' }, { ...everyone(400), anonymous: signIn }],
      [`/judging/${ch.id}/${x.id}/declare`, { conflict: 'none' }, judgesOnly(403, 403)],
      [`/judging/${ch.id}/${x.id}/score`, { version: 'not a number' }, judgesOnly(422, 403)],
      // A stale version (another tab saved since): refused with the form again.
      [`/judging/${ch.id}/${y.id}/score`, { version: '5' }, { ...judgesOnly(403, 422), 'judge with a conflict': 403 }],
      [`${base}/awards/${unknown}/remove`, {}, staffOnly(404)],
      ['/judge-invitations/00000000-0000-4000-8000-000000000000/accept', { confidentiality: 'yes' }, { ...everyone(400), anonymous: signIn }],
      // Last, as it changes the challenge's judging state (not the tables compared): staff close the panel, the admin finds it closed.
      [`${base}/close`, {}, { ...staffOnly(303), admin: 409 }],
    ];
    for (const [url, form, expected] of posts)
      for (const who of WHO) {
        const status = (await clients[who].post(url, form)).status;
        if (status !== expected[who]) wrong.push(`POST ${url} as ${who}: ${status}, expected ${expected[who]}`);
      }
    expect(wrong).toEqual([]);
    expect(await tables()).toBe(before);
  });
});
