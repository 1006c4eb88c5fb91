import { count, eq, inArray } from 'drizzle-orm';
import { hashPassword, passwordProblem, randomPassword } from '../auth/password.js';
import type { Db } from '../db/client.js';
import { memberships, moderationItems, users } from '../db/schema/index.js';
import { changeChallengeState, createChallenge, listTopics, type ChallengeInput } from '../features/challenges/index.js';
import { postComment } from '../features/comments/index.js';
import { followSubject } from '../features/follows/index.js';
import { submitIdea } from '../features/ideas/index.js';
import { createOrganisation, inviteMember } from '../features/organisations/index.js';
import { decideItem } from '../features/moderation/index.js';
import {
  acceptJudgeInvitation,
  addAward,
  addCriterion,
  announceResults,
  assignShortlist,
  declareConflict,
  inviteJudge,
  saveScore,
  setMethod,
  setNextSteps,
  shortlistIdeas,
  shortlistTop,
  listCriteriaForDemo,
} from '../features/judging/index.js';
import { postResponse } from '../features/responses/index.js';
import { castVote, NO_ORIGIN } from '../features/votes/index.js';
import { translator } from '../i18n/index.js';
import { settableClock } from '../lib/clock.js';
import type { Deps } from '../lib/deps.js';
import { newSubmissionKey } from '../lib/idempotency.js';

/**
 * The demo's accounts. They share one password: DEMO_PASSWORD when set (development and tests),
 * otherwise one generated when the demo is seeded, printed once and stored only as its hash.
 * Their addresses are public (here and in the README), so while they exist the server listens
 * on loopback only unless HOST says otherwise (listenHost in src/config.ts).
 */
export const DEMO_ACCOUNTS = [
  { email: 'admin@commonwise.example', displayName: 'Alex Morgan', role: 'Platform admin', isAdmin: true },
  { email: 'priya.shah@riverside.example', displayName: 'Priya Shah', role: 'Riverside Council — Digital engagement officer (owner)', isAdmin: false },
  { email: 'tom.okafor@riverside.example', displayName: 'Tom Okafor', role: 'Riverside Council — Climate programme lead', isAdmin: false },
  { email: 'marie.dubois@greenlink.example', displayName: 'Marie Dubois', role: 'GreenLink Community Trust — Partnerships manager (owner)', isAdmin: false },
  { email: 'sam.taylor@example.org', displayName: 'Sam Taylor', role: 'Citizen', isAdmin: false },
  { email: 'lea.martin@example.org', displayName: 'Léa Martin', role: 'Citizen (French)', isAdmin: false },
  { email: 'noah.williams@example.org', displayName: 'Noah Williams', role: 'Citizen', isAdmin: false },
  { email: 'amira.hassan@example.org', displayName: 'Amira Hassan', role: 'Citizen (no supports left in "Loneliness")', isAdmin: false },
] as const;

async function isEmpty(db: Db) {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Whether demo content is present: any of the demo's accounts exists (removing them removes the demo's way in). */
export async function demoContentPresent(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.email, DEMO_ACCOUNTS.map((a) => a.email)))
    .limit(1);
  return row !== undefined;
}

/**
 * Seeds the demo once, into an empty database; returns false when there was already data. The
 * accounts' password is DEMO_PASSWORD when set (it must pass the password rule), otherwise a
 * random one, written to standard output this once and never stored in clear.
 */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (!(await isEmpty(deps.db))) return false;
  const given = deps.config.demoPassword;
  if (given !== undefined) {
    const problem = await passwordProblem(given);
    if (problem) throw new Error(`DEMO_PASSWORD is not accepted: ${translator('en')(problem)}. Choose another, or unset it to have one generated.`);
  }
  const password = given ?? randomPassword();
  await seedDemo(deps, password);
  deps.logger.info('demo content created; its accounts are listed on standard output', {
    accounts: DEMO_ACCOUNTS.map((a) => a.email),
    passwordSource: given !== undefined ? 'DEMO_PASSWORD' : 'generated, shown once on standard output',
  });
  const list = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(34)} ${a.role}`).join('\n');
  const secret = given !== undefined ? 'Their password is the one DEMO_PASSWORD sets.' : `Their password, generated now and shown only this once (keep it):\n\n    ${password}`;
  process.stdout.write(`\nDemo accounts:\n${list}\n\n${secret}\n\n`);
  return true;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A demo challenge: its form's fields (topics by slug) and its ideas as [title, summary]. */
type ChallengeSpec = Omit<ChallengeInput, 'topics' | 'selfSupport' | 'hideCounts' | 'confirmRules' | 'premoderation' | 'commentPolicyFr'> & {
  topics: string[];
  ideas: [title: string, summary: string][];
};

/**
 * The demo: Riverside Council (its owner Priya Shah and Tom Okafor), the partner GreenLink
 * Community Trust (Marie Dubois), residents, and three challenges in different phases relative
 * to now (open for ideas, voting, results) with their ideas, supports, a response rule with one
 * overdue and one answered idea, official responses with status changes, a threaded
 * discussion, follows and a pending invitation.
 *
 * The content is made by the commands people use (createChallenge, submitIdea, castVote,
 * postResponse, postComment, followSubject, inviteMember …), each at its moment in the story:
 * the steps run in time order with the clock set to that moment, so every phase check passes
 * as it did then, and every maintained count (ideas.support_count, recent_support,
 * comment_count, response_due_at, responded_at, challenges.idea_count, participant_count,
 * challenge_voters.votes_used) is the commands' own work. Timestamps the database writes
 * itself keep its clock: the vote rows (and so the trending count), follows and audit rows
 * are dated when the demo was seeded.
 *
 * Set-up is not content: the accounts and the memberships are rows (a command would make an
 * account through a mailed confirmation link, and a membership through a mailed invitation).
 * The organisations are created by the demo's platform admin with createOrganisation.
 *
 * All of it is one transaction (each command's own transaction nests in it as a savepoint):
 * a failure leaves the database empty, so the next start seeds it again.
 * Sam Taylor, whom the e2e journeys sign in as, has ideas but no supports, comments or follows.
 */
export async function seedDemo(deps: Deps, password: string = randomPassword()): Promise<void> {
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  // Stopped at each step's moment: the story's dates are exactly the ones written below.
  const clock = settableClock({ now: () => now });
  await deps.db.transaction(async (tx) => {
    const d: Deps = { ...deps, db: tx, clock };
    const people = await seedAccounts(tx, passwordHash, now);
    const spammer = await seedSpammer(tx, passwordHash, now);
    const orgs = await seedOrganisations(d, people);
    const steps: Step[] = [];
    const ids = demoChallenges(steps, now, orgs.council, people);
    demoEngagement(steps, now, people, ids);
    demoModeration(steps, now, people, spammer, ids);
    demoJudging(steps, now, people, ids);
    // One pending invitation (sent now), so the council's members page shows one; its mail is
    // the one message the demo leaves queued (see README).
    steps.push({
      at: now,
      run: (d) => inviteMember(d, { ...people.priya, displayName: 'Priya Shah', locale: 'en' }, orgs.council, { email: 'jo.bennett@riverside.example', role: 'member', title: 'Parks and open spaces officer' }),
    });
    // Array.prototype.sort is stable: steps at the same moment keep the order they were listed in.
    steps.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const step of steps) {
      clock.set(step.at);
      await step.run(d);
    }
  });
}

/** Something that happens in the story at a moment (the clock is set to `at` before it runs). */
type Step = { at: Date; run: (d: Deps) => Promise<unknown> };

type DemoActor = { id: string; isAdmin: boolean; emailVerified: true };
type People = Record<'alex' | 'priya' | 'tom' | 'marie' | 'sam' | 'lea' | 'noah' | 'amira', DemoActor>;

/**
 * The demo accounts, confirmed, with the one password (its hash), as rows (see seedDemo). They
 * joined when the story began (before its first idea), so they are old enough for their reports
 * to count towards an automatic hold.
 */
async function seedAccounts(tx: Db, passwordHash: string, now: Date): Promise<People> {
  const joined = new Date(now.getTime() - 120 * DAY); // before the oldest challenge of the story (its ideas opened 90 days ago)
  const created = await tx
    .insert(users)
    .values(
      DEMO_ACCOUNTS.map((a) => ({
        email: a.email,
        displayName: a.displayName,
        passwordHash,
        isAdmin: a.isAdmin,
        emailVerifiedAt: joined,
        createdAt: joined,
        locale: a.email.startsWith('lea.') ? ('fr' as const) : ('en' as const),
        bio: '',
      })),
    )
    .returning({ id: users.id, email: users.email, isAdmin: users.isAdmin });
  const who = (prefix: string): DemoActor => {
    const u = created.find((x) => x.email.startsWith(prefix))!;
    return { id: u.id, isAdmin: u.isAdmin, emailVerified: true };
  };
  return {
    alex: who('admin@'),
    priya: who('priya.'),
    tom: who('tom.'),
    marie: who('marie.'),
    sam: who('sam.'),
    lea: who('lea.'),
    noah: who('noah.'),
    amira: who('amira.'),
  };
}

/** The council and the partner, created by the platform admin; their staff as membership rows. */
async function seedOrganisations(d: Deps, people: People): Promise<{ council: string; partner: string }> {
  const council = await createOrganisation(d, people.alex, {
    kind: 'council',
    name: 'Riverside Council',
    slug: 'riverside-council',
    description:
      'Riverside Council serves 180,000 residents along the Wend valley. We use Commonwise to open our hardest problems to residents, businesses and partners.',
    website: 'https://riverside.example',
    verified: true,
  });
  const partner = await createOrganisation(d, people.alex, {
    kind: 'partner',
    name: 'GreenLink Community Trust',
    slug: 'greenlink-community-trust',
    description: 'A charity that helps neighbourhood groups plant, grow and look after green spaces across the region.',
    website: 'https://greenlink.example',
    verified: true,
  });
  await d.db.insert(memberships).values([
    { organisationId: council.id, userId: people.priya.id, role: 'owner', title: 'Digital engagement officer' },
    { organisationId: council.id, userId: people.tom.id, role: 'member', title: 'Climate programme lead' },
    { organisationId: partner.id, userId: people.marie.id, role: 'owner', title: 'Partnerships manager' },
  ]);
  return { council: council.id, partner: partner.id };
}

/**
 * Three Riverside challenges in different phases relative to now (open for ideas, voting,
 * results), with topics and a French version for the first: Priya drafts each an hour before
 * publishing it, a day before it opens for ideas; the ideas come one a day from the day after
 * it opens, going round the authors Sam, Léa and Marie. Returns the ids of the challenges and
 * ideas by title, filled in as the steps run.
 */
function demoChallenges(steps: Step[], now: Date, councilId: string, people: People): Map<string, string> {
  const ids = new Map<string, string>();
  const at = (days: number, hour = 9) => {
    const d = new Date(now.getTime() + days * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const authors = [people.sam, people.lea, people.marie];

  const specs: ChallengeSpec[] = [
    {
      title: 'Greener high streets',
      summary: 'How could we bring more plants, shade and places to rest to Riverside’s three high streets?',
      brief:
        '## The problem\n\nOur high streets get **hot** in summer and flood in heavy rain. Shops say people stay less long than they used to.\n\n## What we are looking for\n\n- ideas we could pilot on one street within a year\n- ways for traders and residents to look after planting\n\nWe can offer space on the pavement, a small budget and the help of our parks team.',
      titleFr: 'Des rues commerçantes plus vertes',
      summaryFr: 'Comment apporter plus de plantes, d’ombre et de lieux de repos aux trois rues commerçantes de Riverside ?',
      briefFr:
        '## Le problème\n\nNos rues commerçantes sont **chaudes** en été et inondées lors des fortes pluies.\n\n## Ce que nous cherchons\n\n- des idées à tester dans une rue en moins d’un an\n- des façons pour commerçants et habitants d’entretenir les plantations',
      rules: 'Open to anyone who lives, works or studies in Riverside. Ideas must be possible on public land.',
      prize: 'Up to £15,000 and support from the parks team to pilot the winning idea.',
      submissionsOpenAt: at(-10),
      submissionsCloseAt: at(3, 17),
      votingOpenAt: at(4),
      votingCloseAt: at(18, 17),
      judgingCloseAt: at(30),
      resultsAt: at(35),
      voteBudget: 5,
      responseDays: null,
      responseThreshold: null,
      commentPolicy: '',
      topics: ['environment', 'green-spaces', 'economy'],
      ideas: [
        ['Planters that catch the rain', 'Raised planters fed by shop gutters, looked after by traders.'],
        ['Parklets outside cafés', 'Swap two parking spaces per street for seating and trees.'],
        ['A high street tree library', 'Residents sponsor a tree and name it.'],
      ],
    },
    {
      title: 'Loneliness among older residents',
      summary: 'How can neighbours, groups and services help older people who live alone feel less isolated?',
      brief:
        'One in four residents over 75 told our survey they can go a week without speaking to anyone.\n\nWe want ideas that neighbours, community groups and local services could run **together**.',
      titleFr: null,
      summaryFr: null,
      briefFr: null,
      rules: 'Open to residents, community groups and partner organisations.',
      prize: 'Funding for two community pilots (up to £8,000 each).',
      submissionsOpenAt: at(-40),
      submissionsCloseAt: at(-10, 17),
      votingOpenAt: at(-8),
      votingCloseAt: at(6, 17),
      judgingCloseAt: at(20),
      resultsAt: at(25),
      voteBudget: 3,
      responseDays: 5,
      responseThreshold: 3,
      commentPolicy: 'Be kind: many people taking part are older residents or care for one. Do not share anyone’s address or health details.',
      topics: ['older-people', 'community', 'health'],
      ideas: [
        ['Tea and tech afternoons', 'Young volunteers help with phones and tablets over tea in libraries.'],
        ['A knock-on-the-door rota', 'Neighbours sign up to check in on each other once a week.'],
        ['Bus buddies', 'Volunteers travel with people who no longer feel confident on the bus.'],
        ['Lunch clubs in pubs', 'Quiet weekday lunchtimes turned into shared meals.'],
      ],
    },
    {
      title: 'Which open data should we publish first?',
      summary: 'Tell us which council data would be most useful to you, and what you would build with it.',
      brief: 'We hold data on bins, planning, parking, street works and more. We can open a few data sets a year: help us choose which first.',
      titleFr: null,
      summaryFr: null,
      briefFr: null,
      rules: 'Open to everyone.',
      prize: 'The top three data sets will be published with an open licence.',
      submissionsOpenAt: at(-90),
      submissionsCloseAt: at(-60, 17),
      votingOpenAt: at(-55),
      votingCloseAt: at(-40, 17),
      judgingCloseAt: at(-30),
      resultsAt: at(-20),
      voteBudget: 5,
      responseDays: null,
      responseThreshold: null,
      commentPolicy: '',
      topics: ['digital'],
      ideas: [
        ['Bin collection days as open data', 'So apps and smart speakers can remind people.'],
        ['Live street works map', 'Helps delivery firms and cyclists plan routes.'],
        ['Planning applications as open data', 'Every application, its documents and its decision, updated daily.'],
      ],
    },
  ];

  let vocabulary: { id: number; slug: string }[] | undefined;
  for (const spec of specs) {
    const { ideas, topics: slugs, ...fields } = spec;
    const publishAt = new Date(spec.submissionsOpenAt.getTime() - DAY);
    steps.push({
      at: new Date(publishAt.getTime() - HOUR),
      run: async (d) => {
        vocabulary ??= await listTopics(d.db);
        const topics = slugs.map((slug) => vocabulary!.find((t) => t.slug === slug)!.id);
        const input: ChallengeInput = { ...fields, selfSupport: false, hideCounts: false, confirmRules: false, premoderation: 'off', commentPolicyFr: null, topics };
        const { id } = await createChallenge(d, people.priya, { id: councilId, kind: 'council' }, { ...input, submissionKey: newSubmissionKey() });
        ids.set(spec.title, id);
      },
    });
    steps.push({ at: publishAt, run: (d) => changeChallengeState(d, people.priya, ids.get(spec.title)!, 'publish') });
    ideas.forEach(([title, summary], i) => {
      steps.push({
        at: new Date(spec.submissionsOpenAt.getTime() + (i + 1) * DAY),
        run: async (d) => {
          const input = { title, summary, description: summary, topics: [], organisationId: null, publish: true, submissionKey: newSubmissionKey() };
          ids.set(title, (await submitIdea(d, authors[i % authors.length]!, ids.get(spec.title)!, input)).id);
        },
      });
    });
  }
  return ids;
}

type ResponseStatus = Parameters<typeof postResponse>[3]['responseStatus'];

/**
 * Supports, a response rule with one answered and one overdue idea, official responses with
 * status changes, a threaded discussion and a few follows, each at its moment.
 * Sam Taylor, whom the e2e journeys sign in as, has no supports, comments or follows here.
 */
function demoEngagement(steps: Step[], now: Date, people: People, ids: Map<string, string>) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const idea = (title: string) => ids.get(title)!;
  const { lea, marie, noah, amira, priya, tom } = people;

  // Supports: [idea, voter, days ago]. "Loneliness" (budget 3, respond within 5 days from 3
  // supports) is voting now: "Tea and tech" reaches 3 supports 7.1 days ago, so its answer was
  // due 2.1 days ago (overdue); "knock-on-the-door" reaches 3 supports 3 days ago, and Tom
  // answers it yesterday. Amira uses her 3 supports there.
  const votes: [string, DemoActor, number][] = [
    ['Tea and tech afternoons', lea, 7.5],
    ['Tea and tech afternoons', marie, 7.2],
    ['Tea and tech afternoons', noah, 7.1],
    ['Tea and tech afternoons', amira, 2],
    ['A knock-on-the-door rota', marie, 6],
    ['A knock-on-the-door rota', noah, 5],
    ['A knock-on-the-door rota', amira, 3],
    ['Bus buddies', lea, 4],
    ['Bus buddies', noah, 1],
    ['Lunch clubs in pubs', amira, 1],
    ['Bin collection days as open data', lea, 54],
    ['Bin collection days as open data', marie, 50],
    ['Bin collection days as open data', noah, 48],
    ['Bin collection days as open data', amira, 45],
    ['Live street works map', marie, 53],
    ['Live street works map', noah, 47],
    ['Planning applications as open data', lea, 52],
    ['Planning applications as open data', noah, 49],
  ];
  for (const [title, voter, days] of votes) steps.push({ at: ago(days), run: (d) => castVote(d, voter, idea(title), NO_ORIGIN) });

  // Official responses, under the staff member's name and membership title.
  const respond = (title: string, who: DemoActor & { displayName: string }, days: number, body: string, to: ResponseStatus, reason: string) =>
    steps.push({
      at: ago(days),
      run: (d) => postResponse(d, who, idea(title), { responseBody: body, responseStatus: to, responseReason: reason, submissionKey: newSubmissionKey() }),
    });
  const TOM = { ...tom, displayName: 'Tom Okafor' };
  const PRIYA = { ...priya, displayName: 'Priya Shah' };
  respond(
    'A knock-on-the-door rota',
    TOM,
    1,
    'Thank you — our community safety team already runs a similar scheme in two wards. We are looking at whether it could cover the whole borough.',
    'under_consideration',
    'Being assessed with the community safety team.',
  );
  respond('Bin collection days as open data', PRIYA, 25, 'The most supported idea by far. We will publish collection days for every street.', 'accepted', 'Most supported, and cheap to publish.');
  respond(
    'Bin collection days as open data',
    PRIYA,
    10,
    'Work has started: the data set goes live on our open data portal in the spring, with an open licence.',
    'in_progress',
    'Publication scheduled.',
  );
  respond(
    'Live street works map',
    PRIYA,
    24,
    'Street works data is already published nationally (see the Street Manager service), so we will link to it rather than publish our own copy.',
    'not_taken_forward',
    'Already available from a national source.',
  );

  // A threaded discussion on "Planters that catch the rain", and one comment on "Parklets".
  const posted = new Map<string, string>();
  const comment = (key: string, title: string, who: DemoActor, hours: number, body: string, parent?: string) =>
    steps.push({
      at: new Date(now.getTime() - hours * HOUR),
      run: async (d) => {
        const { id } = await postComment(d, who, idea(title), { body, parentId: parent ? posted.get(parent)! : null, submissionKey: newSubmissionKey() });
        posted.set(key, id);
      },
    });
  comment('first', 'Planters that catch the rain', lea, 50, 'J’adore cette idée. Who would water them in a dry August?');
  comment('staff', 'Planters that catch the rain', tom, 30, 'Good question: the planters would hold about two weeks of water, and the parks team would top them up in long dry spells.', 'first');
  comment('greenlink', 'Planters that catch the rain', marie, 20, 'GreenLink volunteers could help too — we already look after **twelve** community beds nearby.', 'staff');
  comment('parklets', 'Parklets outside cafés', noah, 12, 'Please keep enough pavement for wheelchairs and buggies.');

  // Follows.
  const follow = (who: DemoActor, kind: 'idea' | 'challenge', title: string, days: number) =>
    steps.push({ at: ago(days), run: (d) => followSubject(d, who, { kind, id: ids.get(title)! }) });
  follow(lea, 'challenge', 'Loneliness among older residents', 9);
  follow(noah, 'challenge', 'Greener high streets', 8);
  follow(lea, 'idea', 'A knock-on-the-door rota', 6);
  follow(marie, 'idea', 'Planters that catch the rain', 5);
}

/**
 * The account of the moderation story: not one of the demo's (it is not listed), created three
 * hours before the seeding, confirmed; the demo's password opens it (to try an appeal as its owner).
 */
export const DEMO_SPAMMER = { email: 'best.deals@spam.example', displayName: 'Best Deals 4U' } as const;

async function seedSpammer(tx: Db, passwordHash: string, now: Date): Promise<DemoActor> {
  const created = new Date(now.getTime() - 3 * HOUR);
  const [row] = await tx
    .insert(users)
    .values({ ...DEMO_SPAMMER, passwordHash, emailVerifiedAt: created, createdAt: created, locale: 'en', bio: '' })
    .returning({ id: users.id });
  return { id: row!.id, isAdmin: false, emailVerified: true };
}

/**
 * The moderation story: a new account posts two comments with links; both wait for a moderator
 * (a new account's links: src/features/moderation/hold.ts). The platform admin hides the second
 * under rule 1 (spam) an hour ago; the first still waits in the queue (`/moderation`, "Awaiting
 * approval"), and this month's public log counts the one hidden.
 */
function demoModeration(steps: Step[], now: Date, people: People, spammer: DemoActor, ids: Map<string, string>) {
  const at = (hours: number) => new Date(now.getTime() - hours * HOUR);
  const posted = new Map<string, string>();
  const spam = (key: string, title: string, hours: number, body: string) =>
    steps.push({
      at: at(hours),
      run: async (d) => posted.set(key, (await postComment(d, spammer, ids.get(title)!, { body, parentId: null, submissionKey: newSubmissionKey() })).id),
    });
  spam('bus', 'Bus buddies', 2.5, 'Cheap coach tickets for everyone, today only: https://deals.example/coach');
  spam('tablets', 'Tea and tech afternoons', 2, 'Win a free tablet now at www.deals.example');
  steps.push({
    at: at(1),
    run: async (d) => {
      const [item] = await d.db.select({ id: moderationItems.id }).from(moderationItems).where(eq(moderationItems.targetId, posted.get('tablets')!)).limit(1);
      const alex = { id: people.alex.id, platform: true, organisations: new Set<string>() };
      await decideItem(d, alex, item!.id, { action: 'hide', seen: 'held', rule: 'spam', note: 'Advertising from an account made today.', message: '' });
    },
  });
}

/**
 * Competitions (issue 13). "Which open data should we publish first?" ran its judging to the end:
 * a rubric and a people's-choice weight of 30 % set before it opened; the three most supported
 * ideas shortlisted the day after voting closed; a panel of three — Tom (council), Marie (the
 * partner: recused automatically from the idea she wrote) and Noah (a resident, who declares a
 * conflict on the street works map) — scores them; Priya gives the awards and announces them on
 * the results date, then says what happens next. "Loneliness among older residents" is judging
 * while its vote goes on: a blind review, three ideas shortlisted by hand, Tom has submitted one
 * score and saved a draft, Marie has not started.
 */
function demoJudging(steps: Step[], now: Date, people: People, ids: Map<string, string>) {
  // Counted back from 09:00 UTC today, the hour the challenges' dates are set at (demoChallenges),
  // not from the moment the demo is made: otherwise, seeded before 09:00 UTC, the rubric (an hour
  // before publishing) would come before the challenge it belongs to exists.
  const base = new Date(now);
  base.setUTCHours(9, 0, 0, 0);
  const ago = (days: number) => new Date(base.getTime() - days * DAY);
  /** 09:00 UTC that day, as the challenges' dates are (demoChallenges). */
  const onDay = (daysAgo: number) => {
    const d = ago(daysAgo);
    d.setUTCHours(9, 0, 0, 0);
    return d;
  };
  const idea = (title: string) => ids.get(title)!;
  const { priya, tom, marie, noah } = people;
  const email = (prefix: string) => DEMO_ACCOUNTS.find((a) => a.email.startsWith(prefix))!.email;
  const judges = [
    { who: tom, email: email('tom.') },
    { who: marie, email: email('marie.') },
    { who: noah, email: email('noah.') },
  ];
  const criterion = (name: string, nameFr: string, weight: number, scale: '1-5' | '0-10', commentRequired: boolean, description: string) => ({
    name,
    nameFr,
    description,
    descriptionFr: null,
    guidance: '',
    guidanceFr: null,
    weight,
    scale,
    commentRequired: commentRequired ? ('yes' as const) : undefined,
    reason: '',
  });
  const seat = (challenge: string, days: number, panel: typeof judges) => {
    for (const [i, j] of panel.entries())
      steps.push({
        at: new Date(ago(days).getTime() + i * HOUR),
        run: async (d) => {
          const { id } = await inviteJudge(d, priya, ids.get(challenge)!, { email: j.email });
          await acceptJudgeInvitation(d, { ...j.who, email: j.email }, id, { confidentiality: true });
        },
      });
  };
  /** A judge's score: "none" declared, then values per criterion (in rubric order), submitted or left as a draft. */
  const score = (challenge: string, who: DemoActor, title: string, days: number, values: number[], comments: string[], submit: boolean) =>
    steps.push({
      at: ago(days),
      run: async (d) => {
        const criteria = await listCriteriaForDemo(d.db, ids.get(challenge)!);
        await declareConflict(d, who, ids.get(challenge)!, idea(title), { conflict: 'none', reason: '' });
        const fields: Record<string, string> = {};
        criteria.forEach((c, i) => {
          fields[`score-${c.id}`] = String(values[i]);
          if (comments[i]) fields[`comment-${c.id}`] = comments[i]!;
        });
        await saveScore(d, who, ids.get(challenge)!, idea(title), { version: 0, intent: submit ? 'submit' : 'draft', notes: '', fields });
      },
    });

  // "Which open data…": opens for ideas 90 days ago (drafted 91 days ago, an hour before publishing).
  const OPEN = 'Which open data should we publish first?';
  steps.push({
    at: new Date(ago(91).getTime() - HOUR / 2),
    run: async (d) => {
      const ch = ids.get(OPEN)!;
      await addCriterion(d, priya, ch, criterion('Useful to residents', 'Utile aux habitants', 3, '1-5', false, 'How many people would use it, and how often.'));
      await addCriterion(d, priya, ch, criterion('Cost to publish', 'Coût de publication', 1, '0-10', true, 'Cheap to publish and keep up to date scores high.'));
      await setMethod(d, priya, ch, { peopleWeight: 30, normalisation: 'none', blindReview: false, publishPanel: true, reason: '' });
    },
  });
  steps.push({ at: ago(39), run: (d) => shortlistTop(d, priya, ids.get(OPEN)!, { count: 3 }) });
  seat(OPEN, 38.9, judges);
  steps.push({ at: ago(38.5), run: (d) => assignShortlist(d, priya, ids.get(OPEN)!, { mode: 'everyone', perIdea: 0 }) });
  const BINS = 'Bin collection days as open data';
  const WORKS = 'Live street works map';
  const PLANNING = 'Planning applications as open data';
  score(OPEN, tom, BINS, 37, [5, 9], ['', 'Already in our collection system.'], true);
  score(OPEN, tom, WORKS, 36.9, [3, 6], ['', 'Duplicates a national source.'], true);
  score(OPEN, tom, PLANNING, 36.8, [4, 5], ['', 'Documents need redacting first.'], true);
  score(OPEN, marie, BINS, 35, [4, 8], ['', 'A weekly export would do.'], true);
  score(OPEN, marie, WORKS, 34.9, [3, 7], ['', 'Mostly a link to the national map.'], true);
  steps.push({
    at: ago(34),
    run: (d) => declareConflict(d, noah, ids.get(OPEN)!, idea(WORKS), { conflict: 'declared', reason: 'I drive for a delivery firm that would use this map every day.' }),
  });
  score(OPEN, noah, BINS, 33.9, [5, 8], ['', 'Cheap, and every household benefits.'], true);
  score(OPEN, noah, PLANNING, 33.8, [4, 4], ['', 'Large, but worth it.'], true);
  steps.push({
    at: ago(22),
    run: async (d) => {
      const ch = ids.get(OPEN)!;
      const award = (ideaTitle: string, kind: 'place' | 'mention' | 'people', place: number | null, citation: string, citationFr: string | null, prize: string) =>
        addAward(d, priya, ch, { idea: idea(ideaTitle), kind, place, citation, citationFr, prize, prizeFr: null, reason: '' });
      await award(BINS, 'place', 1, 'Useful to **every household**, cheap to publish, and the most supported idea by far.', 'Utile à **chaque foyer**, peu coûteux à publier, et de loin l’idée la plus soutenue.', 'Published first, with an open licence');
      await award(PLANNING, 'place', 2, 'Planning decisions shape every street: the panel found the data worth the work of redacting it.', null, 'Published next, with an open licence');
      await award(WORKS, 'mention', null, 'A good idea that a national service already covers: we will link to it instead.', null, '');
    },
  });
  // On the results date, as the challenge promised.
  steps.push({ at: onDay(20), run: (d) => announceResults(d, priya, ids.get(OPEN)!, { confirm: true }) });
  steps.push({
    at: new Date(onDay(20).getTime() + HOUR),
    run: (d) => setNextSteps(d, priya, ids.get(OPEN)!, { body: 'Bin collection days go live on our open data portal in the spring. Planning applications follow in the autumn, once documents can be redacted automatically.', bodyFr: null }),
  });
  steps.push({
    at: ago(10),
    run: (d) =>
      setNextSteps(d, priya, ids.get(OPEN)!, {
        body: 'Work has started: bin collection days go live on our open data portal in March, with an open licence. Planning applications follow in the autumn.',
        bodyFr: 'Le travail a commencé\u202f: les jours de collecte seront publiés sur notre portail de données ouvertes en mars, sous licence ouverte. Les demandes de permis suivront à l’automne.',
      }),
  });

  // "Loneliness…": opens for ideas 40 days ago; submissions closed 10 days ago, voting goes on.
  const LONELY = 'Loneliness among older residents';
  steps.push({
    at: new Date(ago(41).getTime() - HOUR / 2),
    run: async (d) => {
      const ch = ids.get(LONELY)!;
      await addCriterion(d, priya, ch, criterion('Reaches the most isolated', 'Touche les plus isolés', 2, '1-5', false, 'People who live alone and rarely go out.'));
      await addCriterion(d, priya, ch, criterion('Can start within six months', 'Peut démarrer en six mois', 1, '1-5', false, ''));
      await setMethod(d, priya, ch, { peopleWeight: 25, normalisation: 'none', blindReview: true, publishPanel: false, reason: '' });
    },
  });
  steps.push({ at: ago(9), run: (d) => shortlistIdeas(d, priya, ids.get(LONELY)!, { idea: [idea('Tea and tech afternoons'), idea('A knock-on-the-door rota'), idea('Bus buddies')] }) });
  seat(LONELY, 8.9, judges.slice(0, 2));
  steps.push({ at: ago(8.5), run: (d) => assignShortlist(d, priya, ids.get(LONELY)!, { mode: 'everyone', perIdea: 0 }) });
  score(LONELY, tom, 'Tea and tech afternoons', 2, [4, 5], [], true);
  score(LONELY, tom, 'A knock-on-the-door rota', 1, [5, 3], [], false);
}
