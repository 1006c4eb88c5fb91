/**
 * Hidden support counts (issue 10, point 6; docs/decisions/0041): while a challenge hides its
 * counts and voting has not closed, nothing a person who is not its council's staff can see
 * changes with a count — in particular the response commitment ("committed to respond by",
 * "Awaiting a response", "Overdue"), which tells which ideas reached its threshold and when.
 * Staff and admins see everything; everyone sees it once voting has closed. And "hide counts"
 * cannot be switched off during the vote.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { challengeRevisions, challenges, ideas, notifications, users } from '../../src/db/schema/index.js';
import { Client, HX } from '../support/app.js';
import { createChallenge, createIdea, createVote, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { env, db, world, person } = useTestEnv();

/** A page as it reads, with what differs on every request taken out: nonces, CSRF tokens, submission keys. */
const stable = (html: string) =>
  html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/(name="_csrf" value=")[^"]*"/g, '$1"')
    .replace(/(X-CSRF-Token(?:&quot;|"):(?:&quot;|"))[^&"]*/g, '$1')
    .replace(/(name="submissionKey" value=")[^"]*"/g, '$1"');

const ideaRow = async (id: string) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const challengeRow = async (id: string) => (await db().select().from(challenges).where(eq(challenges.id, id)))[0]!;
const revisionCount = async (id: string) => (await db().select({ n: count() }).from(challengeRevisions).where(eq(challengeRevisions.challengeId, id)))[0]!.n;
const noticesOf = async (userIds: string[]) => (await db().select({ n: count() }).from(notifications).where(inArray(notifications.userId, userIds)))[0]!.n;

/** The challenge page's response record. */
const recordOf = (html: string) => /<section id="response-record"[\s\S]*?<\/section>/.exec(unescapeHtml(html))?.[0] ?? '';

const COMMITTED = /committed to respond by|s’est engagé à répondre/;
const OVERDUE = /overdue since|en retard depuis/i;

/**
 * A council's challenge in its voting week that hides counts, with the rule "respond within 14
 * days to ideas with at least 3 supports", and three ideas by `author`; `supporter` supports the
 * first and `follower` follows it and the challenge. Everyone acts through the routes.
 */
async function hiddenWorld() {
  const w = await world({ extra: ['author', 'supporter', 'follower'] });
  const now = env.clock.now().getTime();
  const challenge = await createChallenge(db(), w.council.id, {
    hideCounts: true,
    responseDays: 14,
    responseThreshold: 3,
    voteBudget: 5,
    submissionsOpenAt: new Date(now - 20 * DAY),
    submissionsCloseAt: new Date(now - 2 * DAY),
    votingOpenAt: new Date(now - DAY),
    votingCloseAt: new Date(now + 7 * DAY),
  });
  const idea = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Rain gardens on every corner' });
  const other = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Rain barrels for allotments' });
  const third = await createIdea(db(), challenge.id, w.users.author.id, { title: 'Rain shelters at bus stops' });
  expect((await (await w.as('supporter')).post(`/ideas/${idea.id}/support`)).status).toBe(303);
  const follower = await w.as('follower');
  expect((await follower.post(`/ideas/${idea.id}/follow`)).status).toBe(303);
  expect((await follower.post(`/challenges/${challenge.id}/follow`)).status).toBe(303);
  return { ...w, challenge, idea, other, third };
}
type HiddenWorld = Awaited<ReturnType<typeof hiddenWorld>>;

/** Everything a viewer can read about the challenge and its ideas: pages, htmx fragments, and their own pages when signed in. */
function paths(w: HiddenWorld, own: string | null): [string, Record<string, string>?][] {
  const ch = `/challenges/${w.challenge.id}`;
  const list: [string, Record<string, string>?][] = [
    [ch],
    [`${ch}?sort=supported`],
    [`${ch}?sort=trending`],
    [`${ch}?sort=newest`],
    [`${ch}/ideas?sort=newest`, HX],
    [`${ch}/ideas?sort=supported`, HX],
    [`${ch}/ideas?sort=trending`, HX],
    [`${ch}/ideas/similar?title=${encodeURIComponent('Rain gardens')}`, HX],
    [`/ideas/${w.idea.id}`],
    [`/ideas/${w.other.id}`],
    [`/people/${w.users.author.id}`],
    ['/challenges'],
    [`/organisations/${w.council.slug}`],
    ['/'],
  ];
  if (own) {
    for (const p of ['/notifications', '/following', '/account/ideas', '/account/responses', `/people/${own}`, `/people/${own}?section=supports`]) list.push([p]);
  }
  return list;
}

/** Where two readings of a page first differ, with some context (a whole page is too long to read in a failure). */
function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `before: …${a.slice(Math.max(0, i - 150), i + 150)}…\nafter:  …${b.slice(Math.max(0, i - 150), i + 150)}…`;
}

/** Every reading of `before` is the same in `after`. */
function expectSame(before: Map<string, string>, after: Map<string, string>, who: string) {
  for (const [path, html] of before) expect(firstDifference(html, after.get(path) ?? ''), `${who}: ${path}`).toBeNull();
}

/** Every path as the client reads it now (each must answer 200). */
async function snapshot(client: Client, list: [string, Record<string, string>?][]): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const [path, headers] of list) {
    const res = await client.get(path, headers);
    expect(res.status, path).toBe(200);
    pages.set(`${headers ? 'htmx ' : ''}${path}`, stable(await res.text()));
  }
  return pages;
}

/** The people who are not the council's staff, each with the paths they read. */
async function outsiders(w: HiddenWorld) {
  const people = [
    { who: 'a visitor', client: await w.as('anonymous'), own: null },
    { who: 'a visitor reading French', client: new Client(env.app, { 'Accept-Language': 'fr' }), own: null },
    { who: 'a supporter of the idea', client: await w.as('supporter'), own: w.users.supporter.id },
    { who: 'its author', client: await w.as('author'), own: w.users.author.id },
    { who: 'a follower', client: await w.as('follower'), own: w.users.follower.id },
    { who: 'a citizen', client: await w.as('citizen'), own: w.users.citizen.id },
    { who: 'a partner', client: await w.as('partner'), own: w.users.partner.id },
    { who: 'another council’s staff', client: await w.as('otherStaff'), own: w.users.otherStaff.id },
  ];
  // A first page for each takes the flash messages of what they did while the world was made.
  for (const p of people) expect((await p.client.get('/privacy')).status).toBe(200);
  return people;
}

describe('while counts are hidden, reaching the response threshold changes nothing anyone but staff can see', () => {
  it('every page, fragment, notice and personal page reads the same before and after an idea reaches the threshold; staff see it', async () => {
    const w = await hiddenWorld();
    const people = await outsiders(w);
    const staff = await w.as('member');
    const admin = await w.as('admin');
    const voters = [await person(), await person()];
    // Two supports of three: the idea is one short of the threshold.
    const below = await voters[0]!.client.post(`/ideas/${w.idea.id}/support`, { returnTo: `/challenges/${w.challenge.id}` }, HX);
    expect(below.status).toBe(200);
    expect((await ideaRow(w.idea.id)).responseDueAt).toBeNull();

    await env.drainJobs();
    const before = new Map<string, Map<string, string>>();
    for (const p of people) before.set(p.who, await snapshot(p.client, paths(w, p.own)));
    const noticesBefore = await noticesOf([w.users.author.id, w.users.follower.id, w.users.supporter.id]);
    const staffBefore = { record: recordOf(await (await staff.get(`/challenges/${w.challenge.id}`)).text()), idea: await (await staff.get(`/ideas/${w.idea.id}`)).text() };
    expect(staffBefore.record).toMatch(/<dt>Awaiting a response<\/dt><dd>0<\/dd>/);
    expect(staffBefore.idea).not.toMatch(COMMITTED);

    // The third support: the idea reaches the threshold, and the council's 14 days start.
    const crossing = await voters[1]!.client.post(`/ideas/${w.idea.id}/support`, { returnTo: `/challenges/${w.challenge.id}` }, HX);
    expect(crossing.status).toBe(200);
    const due = (await ideaRow(w.idea.id)).responseDueAt;
    expect(due).not.toBeNull();
    // The voter who pushed it over is told exactly what the one before was told.
    expect(stable(await crossing.text())).toBe(stable(await below.text()));
    await env.drainJobs();

    for (const p of people) {
      const after = await snapshot(p.client, paths(w, p.own));
      expectSame(before.get(p.who)!, after, p.who);
    }
    // Nobody was notified of it.
    expect(await noticesOf([w.users.author.id, w.users.follower.id, w.users.supporter.id])).toBe(noticesBefore);

    // The council's staff and admins see the commitment at once.
    for (const client of [staff, admin]) {
      expect(recordOf(await (await client.get(`/challenges/${w.challenge.id}`)).text())).toMatch(/<dt>Awaiting a response<\/dt><dd>1<\/dd>/);
      expect(await (await client.get(`/ideas/${w.idea.id}`)).text()).toMatch(COMMITTED);
    }
    expect((await (await staff.get('/account/responses')).text())).toContain(`href="/ideas/${w.idea.id}#responses"`);
  }, 180_000);

  it('an overdue commitment stays out of sight too: no "Overdue" count or list, no "overdue since" on the idea', async () => {
    const w = await hiddenWorld();
    const people = await outsiders(w);
    const staff = await w.as('owner');
    const before = new Map<string, Map<string, string>>();
    for (const p of people) before.set(p.who, await snapshot(p.client, paths(w, p.own)));

    // As if the idea had reached the threshold long ago under a short rule: its answer is two days late.
    await db().update(ideas).set({ supportCount: 3, responseDueAt: new Date(env.clock.now().getTime() - 2 * DAY) }).where(eq(ideas.id, w.other.id));

    for (const p of people) {
      const after = await snapshot(p.client, paths(w, p.own));
      expectSame(before.get(p.who)!, after, p.who);
    }
    const record = recordOf(await (await staff.get(`/challenges/${w.challenge.id}`)).text());
    expect(record).toMatch(/<dt>Overdue<\/dt><dd>1<\/dd>/);
    expect(record).toContain(`<a href="/ideas/${w.other.id}">${w.other.title}</a>`);
    expect(await (await staff.get(`/ideas/${w.other.id}`)).text()).toContain('Response overdue since');
  }, 180_000);

  it('the record says the rule, and that the ideas that reached it are shown when voting closes, in English and French', async () => {
    const w = await hiddenWorld();
    const en = recordOf(await (await w.as('anonymous')).get(`/challenges/${w.challenge.id}`).then((r) => r.text()));
    expect(en).toContain('The council responds within 14 days to ideas with at least 3 supports.');
    expect(en).toContain('This challenge hides support counts until voting closes, so which ideas have reached this threshold is shown then.');
    expect(en).not.toMatch(/Awaiting a response|Overdue/);
    const fr = recordOf(await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/challenges/${w.challenge.id}`).then((r) => r.text()));
    expect(fr).toContain('Le conseil répond sous 14 jours aux idées qui ont au moins 3 soutiens.');
    expect(fr).toContain('Ce défi masque les nombres de soutiens jusqu’à la clôture du vote\u202f: les idées qui ont atteint ce seuil seront indiquées à ce moment-là.');
    expect(fr).not.toMatch(/En attente de réponse|En retard/);
  });

  it('without JavaScript, the support that reaches the threshold is answered like any other', async () => {
    const w = await hiddenWorld();
    await createVote(db(), w.third, (await person()).user.id);
    await db().update(ideas).set({ supportCount: 1 }).where(eq(ideas.id, w.third.id));
    const answers: { location: string | null; page: string }[] = [];
    for (const voter of [await person(), await person()]) {
      const res = await voter.client.post(`/ideas/${w.third.id}/support`, { returnTo: `/ideas/${w.third.id}` });
      expect(res.status).toBe(303);
      const location = res.headers.get('Location');
      const page = await (await voter.client.get(location!)).text();
      // The page is the voter's own (their name in the header): compare what it says about the idea.
      const flash = /<div class="flash[^"]*" role="[a-z]+">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
      expect(flash).toContain('Supports left: 4 of 5.');
      answers.push({ location, page: stable(/<main[\s\S]*<\/main>/.exec(page)?.[0] ?? '') });
    }
    expect((await ideaRow(w.third.id)).responseDueAt).not.toBeNull();
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('once voting closes, the commitment is shown to everyone', () => {
  it('the idea page, the record and its overdue list appear, in English and French', async () => {
    const w = await hiddenWorld();
    for (const v of [await person(), await person()]) expect((await v.client.post(`/ideas/${w.idea.id}/support`)).status).toBe(303);
    expect((await ideaRow(w.idea.id)).responseDueAt).not.toBeNull();
    await db().update(ideas).set({ supportCount: 3, responseDueAt: new Date(env.clock.now().getTime() - 2 * DAY) }).where(eq(ideas.id, w.other.id));
    const anon = await w.as('anonymous');
    expect(await (await anon.get(`/ideas/${w.idea.id}`)).text()).not.toMatch(COMMITTED);

    // A day after voting closed (the commitment made while it was hidden is now overdue for the other idea, still running for this one).
    env.clock.advance(8 * DAY);
    onTestFinished(() => env.clock.reset());
    expect(await (await anon.get(`/ideas/${w.idea.id}`)).text()).toMatch(COMMITTED);
    expect(await (await anon.get(`/ideas/${w.other.id}`)).text()).toMatch(OVERDUE);
    const record = recordOf(await (await anon.get(`/challenges/${w.challenge.id}`)).text());
    expect(record).toMatch(/<dt>Awaiting a response<\/dt><dd>2<\/dd>/);
    expect(record).toMatch(/<dt>Overdue<\/dt><dd>1<\/dd>/);
    expect(record).toContain(`<a href="/ideas/${w.other.id}">${w.other.title}</a>`);
    expect(record).not.toContain('hides support counts');
    const fr = new Client(env.app, { 'Accept-Language': 'fr' });
    const frRecord = recordOf(await (await fr.get(`/challenges/${w.challenge.id}`)).text());
    expect(frRecord).toMatch(/<dt>En attente de réponse<\/dt><dd>2<\/dd>/);
    expect(frRecord).toContain('Réponses en retard');
    expect(unescapeHtml(await (await fr.get(`/ideas/${w.idea.id}`)).text())).toContain('Le conseil s’est engagé à répondre d’ici le');
  });

  it('closing the challenge early reveals it at once', async () => {
    const w = await hiddenWorld();
    for (const v of [await person(), await person()]) expect((await v.client.post(`/ideas/${w.idea.id}/support`)).status).toBe(303);
    const anon = await w.as('anonymous');
    expect(await (await anon.get(`/ideas/${w.idea.id}`)).text()).not.toMatch(COMMITTED);
    expect((await (await w.as('owner')).post(`/challenges/${w.challenge.id}/close`)).status).toBe(303);
    expect(await (await anon.get(`/ideas/${w.idea.id}`)).text()).toMatch(COMMITTED);
    expect(recordOf(await (await anon.get(`/challenges/${w.challenge.id}`)).text())).toMatch(/<dt>Awaiting a response<\/dt><dd>1<\/dd>/);
  });
});

// ---- The setting ----

/** The edit form's fields as the browser would send them (text, numbers, dates, ticked boxes, textareas). */
function formFields(html: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const had = fields[name];
    fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  const form = /<form method="post" action="\/challenges\/[^"]+\/edit"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  for (const tag of form.match(/<input [^>]*>/g) ?? []) {
    const attr = (a: string) => new RegExp(`\\s${a}="([^"]*)"`).exec(tag)?.[1];
    const name = attr('name');
    if (!name || name === '_csrf' || tag.includes(' disabled')) continue;
    if (attr('type') === 'checkbox') {
      if (/\schecked(="")?/.test(tag)) add(name, attr('value') ?? 'on');
    } else add(name, unescapeHtml(attr('value') ?? ''));
  }
  for (const m of form.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1]!, unescapeHtml(m[2]!));
  return fields;
}

/** A challenge hiding counts, with the dates given (relative to now, in days). */
async function settingWorld(dates: { votingOpen: number; votingClose: number }, supported: boolean) {
  const w = await world({ extra: ['author'] });
  const now = env.clock.now().getTime();
  // Whole minutes, as the form's date fields carry them.
  const minute = (days: number) => new Date(Math.floor((now + days * DAY) / 60_000) * 60_000);
  const challenge = await createChallenge(db(), w.council.id, {
    hideCounts: true,
    submissionsOpenAt: minute(-20),
    submissionsCloseAt: minute(-2),
    votingOpenAt: minute(dates.votingOpen),
    votingCloseAt: minute(dates.votingClose),
  });
  const idea = await createIdea(db(), challenge.id, w.users.author.id);
  if (supported) {
    await createVote(db(), idea, w.users.citizen.id);
    await db().update(ideas).set({ supportCount: 1 }).where(eq(ideas.id, idea.id));
  }
  return { ...w, challenge, idea };
}

describe('"hide support counts" during the vote', () => {
  it('cannot be switched off while voting is open: 422 with the reason by the field, in English and French, and nothing stored', async () => {
    const w = await settingWorld({ votingOpen: -1, votingClose: 7 }, true);
    await db().update(users).set({ locale: 'fr' }).where(eq(users.id, w.users.member.id));
    for (const [who, message] of [
      ['owner', 'Support counts stay hidden until voting closes: switching this off during the vote would reveal every count at once.'],
      ['member', 'Les nombres de soutiens restent masqués jusqu’à la clôture du vote\u202f: désactiver ce réglage pendant le vote les révélerait tous d’un coup.'],
    ] as const) {
      const staff = await w.as(who);
      const form = formFields(await (await staff.get(`/challenges/${w.challenge.id}/edit`)).text());
      expect(form['hideCounts']).toBe('on'); // sent by the locked control
      const { hideCounts: _h, ...off } = form;
      const res = await staff.post(`/challenges/${w.challenge.id}/edit`, { ...off, title: 'A new title' });
      expect(res.status, who).toBe(422);
      const html = unescapeHtml(await res.text());
      expect(html).toContain('class="error-summary"');
      expect(html).toContain('href="#hideCounts"');
      expect(html).toContain(message);
      // The box is shown as it is stored: ticked and locked.
      expect(html).toMatch(/<input type="checkbox" id="hideCounts" checked="" disabled=""/);
      const row = await challengeRow(w.challenge.id);
      expect(row.hideCounts).toBe(true);
      expect(row.title).toBe(w.challenge.title);
      expect(await revisionCount(w.challenge.id)).toBe(0);
      // The counts stay hidden.
      expect(await (await w.as('anonymous')).get(`/ideas/${w.idea.id}`).then((r) => r.text())).not.toMatch(/\d+ supporters?/);
    }
  });

  it('the form shows it locked and why, and a save that keeps it on goes through', async () => {
    const w = await settingWorld({ votingOpen: -1, votingClose: 7 }, false);
    const owner = await w.as('owner');
    const html = unescapeHtml(await (await owner.get(`/challenges/${w.challenge.id}/edit`)).text());
    expect(html).toContain('<input type="hidden" name="hideCounts" value="on"/>');
    expect(html).toMatch(/<input type="checkbox" id="hideCounts" checked="" disabled="" aria-describedby="hideCounts-hint hideCounts-locked"\/>/);
    expect(html).toContain('<p class="hint setting-locked" id="hideCounts-locked">Locked during the vote: switching it off would reveal every count at once. You can change it once voting has closed.</p>');
    await db().update(users).set({ locale: 'fr' }).where(eq(users.id, w.users.member.id));
    const fr = unescapeHtml(await (await (await w.as('member')).get(`/challenges/${w.challenge.id}/edit`)).text());
    expect(fr).toContain('Verrouillé pendant le vote\u202f: le désactiver révélerait tous les nombres d’un coup. Vous pourrez le modifier une fois le vote clos.');

    const res = await owner.post(`/challenges/${w.challenge.id}/edit`, { ...formFields(html), title: 'Shadier high streets' });
    expect(res.status).toBe(303);
    expect(await challengeRow(w.challenge.id)).toMatchObject({ title: 'Shadier high streets', hideCounts: true });
  });

  it('cannot be switched off by moving the vote later once people have supported ideas', async () => {
    const w = await settingWorld({ votingOpen: 3, votingClose: 10 }, true);
    const owner = await w.as('owner');
    const html = await (await owner.get(`/challenges/${w.challenge.id}/edit`)).text();
    expect(html).toContain('id="hideCounts-locked"');
    const { hideCounts: _h, ...off } = formFields(html);
    expect((await owner.post(`/challenges/${w.challenge.id}/edit`, off)).status).toBe(422);
    expect((await challengeRow(w.challenge.id)).hideCounts).toBe(true);
  });

  it('can be switched off before voting opens (nothing to reveal yet) and once voting has closed', async () => {
    for (const dates of [
      { votingOpen: 3, votingClose: 10 },
      { votingOpen: -9, votingClose: -1 },
    ]) {
      const w = await settingWorld(dates, dates.votingClose < 0);
      const owner = await w.as('owner');
      const html = await (await owner.get(`/challenges/${w.challenge.id}/edit`)).text();
      expect(html).not.toContain('id="hideCounts-locked"');
      const { hideCounts: _h, ...off } = formFields(html);
      expect((await owner.post(`/challenges/${w.challenge.id}/edit`, off)).status).toBe(303);
      expect((await challengeRow(w.challenge.id)).hideCounts).toBe(false);
    }
  });

  it('can be switched on during the vote: from then on counts and the commitment are hidden', async () => {
    const w = await settingWorld({ votingOpen: -1, votingClose: 7 }, true);
    await db().update(challenges).set({ hideCounts: false, responseDays: 14, responseThreshold: 1 }).where(eq(challenges.id, w.challenge.id));
    await db().update(ideas).set({ responseDueAt: new Date(env.clock.now().getTime() + 14 * DAY) }).where(eq(ideas.id, w.idea.id));
    const anon = await w.as('anonymous');
    expect(await (await anon.get(`/ideas/${w.idea.id}`)).text()).toMatch(COMMITTED);
    const owner = await w.as('owner');
    const form = formFields(await (await owner.get(`/challenges/${w.challenge.id}/edit`)).text());
    expect(form['hideCounts']).toBeUndefined();
    expect((await owner.post(`/challenges/${w.challenge.id}/edit`, { ...form, hideCounts: 'on' })).status).toBe(303);
    expect((await challengeRow(w.challenge.id)).hideCounts).toBe(true);
    expect(await (await anon.get(`/ideas/${w.idea.id}`)).text()).not.toMatch(COMMITTED);
    expect(recordOf(await (await anon.get(`/challenges/${w.challenge.id}`)).text())).not.toContain('Awaiting a response');
  });

  it('is refused for staff of another council and for citizens as before (403), changing nothing', async () => {
    const w = await settingWorld({ votingOpen: -1, votingClose: 7 }, true);
    for (const who of ['otherStaff', 'citizen'] as const) {
      const res = await (await w.as(who)).post(`/challenges/${w.challenge.id}/edit`, { title: 'x', summary: 'y' });
      expect(res.status, who).toBe(403);
    }
    expect(await challengeRow(w.challenge.id)).toMatchObject({ hideCounts: true, title: w.challenge.title });
  });
});
