/**
 * Competitions (issue 13, points 5–8) through the routes: the scoreboard and its CSV, ties broken
 * with a reason, awards, the one announcement (twice, or two staff at once: refused), corrections,
 * "what happens next", the public results page in English and French and its JSON, notifications,
 * and the results page's constant number of queries.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { awards, events, ideas, judgeAssignments, judges, judgingSettings, notifications, resultCorrections, rubricCriteria, shortlist } from '../../src/db/schema/index.js';
import { Client } from '../support/app.js';
import { createChallengeFollow, createCompetitionChallenge, createIdea, createOrganisation, DAY, renewPages } from '../support/factories.js';
import { useTestEnv, type Person } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

/**
 * A competition whose panel of two judges has scored four shortlisted ideas (one criterion, 0–10,
 * weight 1, so a value v scores 10 × v): judge 1 gives A 8, B 6, C 6, D 2; judge 2 gives A 9, B 7,
 * C 7, D 3. Panels: A 85, B 65, C 65, D 25 — B and C tie. Supports A 10, B 40, C 20, D 0; w = 0.
 */
async function scored(options: { peopleWeight?: number; publishPanel?: boolean } = {}) {
  const council = await createOrganisation(db(), { kind: 'council' });
  const ch = await createCompetitionChallenge(db(), council.id);
  const staff = await staffOf(council, 'owner');
  const authors: Person[] = [];
  const list = [];
  for (const [i, supports] of [10, 40, 20, 0].entries()) {
    authors.push(await person());
    list.push(await createIdea(db(), ch.id, authors[i]!.user.id, { title: `Idea ${'ABCD'[i]}`, supportCount: supports }));
  }
  const [criterion] = await db().insert(rubricCriteria).values({ challengeId: ch.id, position: 1, name: 'Overall', nameFr: 'Ensemble', weight: 1, scaleMin: 0, scaleMax: 10 }).returning();
  await db().insert(judgingSettings).values({ challengeId: ch.id, peopleWeight: options.peopleWeight ?? 0, publishPanel: options.publishPanel ?? false });
  await db().insert(shortlist).values(list.map((i) => ({ ideaId: i.id, challengeId: ch.id })));
  const panel: Person[] = [await person(), await person()];
  const marks = [
    [8, 6, 6, 2],
    [9, 7, 7, 3],
  ];
  for (const [j, p] of panel.entries()) {
    const [judge] = await db().insert(judges).values({ challengeId: ch.id, userId: p.user.id, confidentialityAt: new Date() }).returning();
    await db().insert(judgeAssignments).values(list.map((idea, i) => ({ judgeId: judge!.id, ideaId: idea.id, challengeId: ch.id, conflict: 'none' as const, state: 'submitted' as const, values: { [criterion!.id]: marks[j]![i]! }, version: 1, submittedAt: new Date() })));
  }
  return { council, ch, staff, authors, ideas: list, panel, criterion: criterion! };
}

const award = (ideaId: string, extra: Record<string, string> = {}) => ({ idea: ideaId, kind: 'place', place: '1', citation: 'For *bold* thinking.', citationFr: 'Pour une pensée *audacieuse*.', prize: '£5,000', prizeFr: '5\u00a0000\u00a0£', ...extra });

describe('the scoreboard', () => {
  it('shows the panel’s numbers to staff only, exports them anonymised and formula-safe, and breaks ties with a reason', async () => {
    const { ch, staff, ideas: [a, b, c, d], panel } = await scored();
    const base = `/challenges/${ch.id}/judging`;
    const page = await (await staff.client.get(`${base}/scoreboard`)).text();
    expect(page).toContain('8 of 8 scores submitted');
    expect(page).toContain('85.00');
    expect(page).toContain('2 (tie)');
    expect(page).toContain('Ties to break');
    // Judges and residents never see it.
    expect((await panel[0]!.client.get(`${base}/scoreboard`)).status).toBe(403);
    expect((await new Client(env.app).get(`${base}/scoreboard`)).status).toBe(303);

    // The CSV: judges by number, never by name; a title that looks like a formula is defused.
    await db().update(ideas).set({ title: '=HYPERLINK("http://x")' }).where(eq(ideas.id, d!.id));
    await renewPages(db()); // as a command changing a title would (the staff's pages are kept while nothing changes)
    const csv = await staff.client.get(`${base}/scoreboard.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('rank,idea,idea_id,supports,panel_score,people_score,final_score,judge,Overall');
    expect(text).toContain(`1,Idea A,${a!.id},10,85.00,25.00,85.00,Judge 1,8`);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toContain(panel[0]!.user.displayName);

    // Breaking the tie: a place each, and a reason; a stale tie is refused.
    const tie = [b!.id, c!.id].join(',');
    expect((await staff.client.post(`${base}/ties`, { tie, [`place-${b!.id}`]: '1', [`place-${c!.id}`]: '1', reason: 'C is cheaper to run.' })).status).toBe(422);
    expect((await staff.client.post(`${base}/ties`, { tie: [a!.id, b!.id].join(','), [`place-${a!.id}`]: '1', [`place-${b!.id}`]: '2', reason: 'Not a tie at all.' })).status).toBe(409);
    expect((await staff.client.post(`${base}/ties`, { tie, [`place-${b!.id}`]: '2', [`place-${c!.id}`]: '1', reason: 'C is cheaper to run.' })).status).toBe(303);
    const after = await (await staff.client.get(`${base}/scoreboard`)).text();
    expect(after).not.toContain('Ties to break');
    expect(after).toContain('“Idea C” placed 2 after a tie: C is cheaper to run.');
  });
});

describe('awards and the announcement', () => {
  it('announces once, publishes the results in English and French with the method, and tells followers and winners', async () => {
    const { ch, staff, ideas: [a, b, c], authors, panel } = await scored({ peopleWeight: 20, publishPanel: true });
    const base = `/challenges/${ch.id}/judging`;
    const follower = await person();
    await createChallengeFollow(db(), follower.user.id, ch.id);

    // Before the announcement: the date and the method, never a score.
    const visitor = new Client(env.app);
    const before = await (await visitor.get(`/challenges/${ch.id}/results`)).text();
    expect(before).toContain('The results are expected on');
    expect(before).toContain('No scores are published before the announcement');
    expect(before).not.toContain('Idea A');
    expect((await (await visitor.get(`/challenges/${ch.id}/results.json`)).json()).results).toBeNull();

    // With w = 0.2: finals A 0.8 × 85 + 0.2 × 25 = 73; B 0.8 × 65 + 0.2 × 100 = 72; C 0.8 × 65 + 0.2 × 50 = 62; D 0.8 × 25 = 20. No tie.
    const board = await (await staff.client.get(`${base}/scoreboard`)).text();
    expect(board).toContain('73.00');
    expect(board).toContain('72.00');

    // Awards: bad input changes nothing.
    expect((await staff.client.post(`${base}/awards`, award(a!.id, { place: '0' }))).status).toBe(422);
    expect((await staff.client.post(`${base}/awards`, award(a!.id, { citation: '' }))).status).toBe(422);
    expect(await db().select().from(awards).where(eq(awards.challengeId, ch.id))).toEqual([]);
    // Announcing needs an award.
    const none = await staff.client.post(`${base}/announce`, { confirm: 'yes' });
    expect(none.status).toBe(409);
    expect((await staff.client.post(`${base}/awards`, award(a!.id))).status).toBe(303);
    expect((await staff.client.post(`${base}/awards`, award(b!.id))).status).toBe(422); // 1st place taken
    expect((await staff.client.post(`${base}/awards`, award(b!.id, { place: '2', citation: 'Loved by residents.', citationFr: '', prizeFr: '' }))).status).toBe(303);
    expect((await staff.client.post(`${base}/awards`, award(c!.id, { kind: 'mention', place: '', citation: 'A brave pilot.' }))).status).toBe(303);
    // Nothing public yet.
    expect(await (await visitor.get(`/challenges/${ch.id}/results`)).text()).not.toContain('For <em>bold</em> thinking');

    // The confirmation is required; then one announcement only.
    expect((await staff.client.get(`${base}/announce`)).status).toBe(200);
    expect((await staff.client.post(`${base}/announce`, {})).status).toBe(422);
    expect((await db().select().from(judgingSettings).where(eq(judgingSettings.challengeId, ch.id)))[0]!.announcedAt).toBeNull();
    const other = await staffOf({ id: ch.organisationId });
    const [first, second] = await Promise.all([staff.client.post(`${base}/announce`, { confirm: 'yes' }), other.client.post(`${base}/announce`, { confirm: 'yes' })]);
    expect([first.status, second.status].sort()).toEqual([303, 403]);
    expect((await staff.client.post(`${base}/announce`, { confirm: 'yes' })).status).toBe(403);
    expect((await db().select().from(events).where(and(eq(events.subjectId, ch.id), eq(events.name, 'judging.announce'))))).toHaveLength(1);
    // The panel is closed by it: no more scoring, shortlisting or ties.
    expect((await staff.client.post(`${base}/close`, {})).status).toBe(403);

    // The results page: winners with citations, method in words, score table, participation — through the page cache at once.
    const page = await (await visitor.get(`/challenges/${ch.id}/results`)).text();
    expect(page).toContain('Winners');
    expect(page).toContain('1st place: <a href="/ideas/' + a!.id + '">Idea A</a>');
    expect(page).toContain('For <em>bold</em> thinking.');
    expect(page).toContain('Prize: £5,000');
    expect(page).toContain('2 judges scored the shortlisted ideas against 1 criteria');
    expect(page).toContain('The final score is 80% the panel’s and 20% the people’s choice');
    expect(page).toContain(`The panel: ${[panel[0]!.user.displayName, panel[1]!.user.displayName].sort().join(', ')}.`);
    expect(page).toContain('73.00');
    expect(page).toContain('Participation');
    const fr = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/challenges/${ch.id}/results`)).text();
    expect(fr).toContain('1re place');
    expect(fr).toContain('Pour une pensée <em>audacieuse</em>.');
    expect(fr).toContain('Dotation\u202f: 5\u00a0000\u00a0£');
    expect(fr).toContain('<div class="prose markdown" lang="en"><p>Loved by residents.</p>'); // no French citation: marked as English
    const json = await (await visitor.get(`/challenges/${ch.id}/results.json`)).json();
    expect(json.results.awards.map((w: { kind: string; place: number | null }) => [w.kind, w.place])).toEqual([
      ['place', 1],
      ['place', 2],
      ['mention', null],
    ]);
    expect(json.results.table.map((r: { title: string; final: number }) => [r.title, r.final])).toEqual([
      ['Idea A', 73],
      ['Idea B', 72],
      ['Idea C', 62],
      ['Idea D', 20],
    ]);
    expect(json.results.method.judges).toBe(2);
    expect(JSON.stringify(json)).not.toContain(panel[0]!.user.email);

    // Notifications: the winners' authors and the challenge's followers.
    await env.drainJobs();
    const toldA = await db().select().from(notifications).where(and(eq(notifications.userId, authors[0]!.user.id), eq(notifications.message, 'judging.notify.awardedPlace')));
    expect(toldA[0]!.params).toEqual({ place: 1 });
    const toldC = await db().select().from(notifications).where(and(eq(notifications.userId, authors[2]!.user.id), eq(notifications.message, 'judging.notify.awardedMention')));
    expect(toldC).toHaveLength(1);
    const toldFollower = await db().select().from(notifications).where(and(eq(notifications.userId, follower.user.id), eq(notifications.message, 'judging.notify.announced')));
    expect(toldFollower).toHaveLength(1);
    const open = await follower.client.get(`/notifications/${toldFollower[0]!.id}`);
    expect(open.headers.get('location')).toBe(`/challenges/${ch.id}/results`);
  });

  it('after the announcement, changes are corrections with a reason, shown on the results page', async () => {
    const { ch, staff, ideas: [a, b] } = await scored();
    const base = `/challenges/${ch.id}/judging`;
    await staff.client.post(`${base}/awards`, award(a!.id));
    // Break the B/C tie properly, then announce.
    const board = await (await staff.client.get(`${base}/scoreboard`)).text();
    const m = /name="tie" value="([^"]+)"/.exec(board)!;
    const [x, y] = m[1]!.split(',');
    expect((await staff.client.post(`${base}/ties`, { tie: m[1]!, [`place-${x}`]: '1', [`place-${y}`]: '2', reason: 'Order of submission.' })).status).toBe(303);
    expect((await staff.client.post(`${base}/announce`, { confirm: 'yes' })).status).toBe(303);

    // Supports set aside after the announcement: a correction recomputes with a reason.
    expect((await staff.client.post(`${base}/corrections`, {})).status).toBe(422);
    await db().update(ideas).set({ supportCount: 5 }).where(eq(ideas.id, b!.id));
    await renewPages(db());
    expect((await staff.client.post(`${base}/corrections`, { reason: 'Supports set aside after the announcement (a burst of new accounts).' })).status).toBe(303);
    // Changing an award without a reason: refused; with one: a correction.
    const [given] = await db().select().from(awards).where(eq(awards.challengeId, ch.id));
    expect((await staff.client.post(`${base}/awards/${given!.id}`, award(a!.id, { citation: 'Changed.' }))).status).toBe(422);
    expect((await db().select().from(awards).where(eq(awards.id, given!.id)))[0]!.citation).toBe('For *bold* thinking.');
    expect((await staff.client.post(`${base}/awards/${given!.id}`, award(a!.id, { citation: 'Changed.', reason: 'A typo in the citation.' }))).status).toBe(303);
    expect(await db().select().from(resultCorrections).where(eq(resultCorrections.challengeId, ch.id))).toHaveLength(2);

    // What happens next, with its history.
    expect((await staff.client.post(`${base}/next-steps`, { body: '' })).status).toBe(422);
    expect((await staff.client.post(`${base}/next-steps`, { body: 'The parks team pilots Idea A from March.' })).status).toBe(303);
    expect((await staff.client.post(`${base}/next-steps`, { body: 'The pilot starts in April, in two parks.', bodyFr: 'L’essai commence en avril, dans deux parcs.' })).status).toBe(303);

    const page = await (await new Client(env.app).get(`/challenges/${ch.id}/results`)).text();
    expect(page).toContain('Corrections since the announcement');
    expect(page).toContain('Supports set aside after the announcement (a burst of new accounts).');
    expect(page).toContain('Changed.');
    expect(page).toContain('The pilot starts in April, in two parks.');
    expect(page).toContain('1 earlier version');
    expect(page).toContain('The parks team pilots Idea A from March.');
    expect(page).toContain('Tie broken by the council between');
    const json = await (await new Client(env.app).get(`/challenges/${ch.id}/results.json`)).json();
    expect(json.corrections).toHaveLength(2);
    expect(json.results.table.find((r: { ideaId: string }) => r.ideaId === b!.id).supports).toBe(5);
  });

  it('renders the results page at a constant number of queries whatever the number of ideas and judges', async () => {
    const small = await scored();
    await small.staff.client.post(`/challenges/${small.ch.id}/judging/awards`, award(small.ideas[0]!.id));
    const tieOf = async (ch: { id: string }, s: Person) => {
      const board = await (await s.client.get(`/challenges/${ch.id}/judging/scoreboard`)).text();
      const m = /name="tie" value="([^"]+)"/.exec(board);
      if (m) {
        const [x, y] = m[1]!.split(',');
        await s.client.post(`/challenges/${ch.id}/judging/ties`, { tie: m[1]!, [`place-${x}`]: '1', [`place-${y}`]: '2', reason: 'Order of submission.' });
      }
    };
    await tieOf(small.ch, small.staff);
    expect((await small.staff.client.post(`/challenges/${small.ch.id}/judging/announce`, { confirm: 'yes' })).status).toBe(303);

    const big = await scored();
    for (let i = 0; i < 30; i++) {
      const extra = await createIdea(db(), big.ch.id, big.authors[0]!.user.id, { title: `Extra ${i}`, supportCount: 100 + i });
      await db().insert(shortlist).values({ ideaId: extra.id, challengeId: big.ch.id });
    }
    for (let j = 0; j < 5; j++) {
      const p = await person();
      await db().insert(judges).values({ challengeId: big.ch.id, userId: p.user.id, confidentialityAt: new Date() });
    }
    await big.staff.client.post(`/challenges/${big.ch.id}/judging/awards`, award(big.ideas[0]!.id));
    await tieOf(big.ch, big.staff);
    expect((await big.staff.client.post(`/challenges/${big.ch.id}/judging/announce`, { confirm: 'yes' })).status).toBe(303);

    // A signed-in reader (past the anonymous page cache) both times.
    const reader = await person();
    const count = (id: string) => env.countQueries(async () => expect((await reader.client.get(`/challenges/${id}/results`)).status).toBe(200));
    expect(await count(big.ch.id)).toBe(await count(small.ch.id));
  });
});
