import { count, eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password.js';
import { newToken } from '../auth/tokens.js';
import type { Db } from '../db/client.js';
import {
  challengeFollows,
  challenges,
  challengeTopics,
  challengeVoters,
  comments,
  ideaFollows,
  ideaResponses,
  ideas,
  ideaVotes,
  invitations,
  memberships,
  organisations,
  topics,
  users,
} from '../db/schema/index.js';
import { renderMarkdown } from '../lib/markdown.js';
import type { Deps } from '../lib/deps.js';

/** Public demo sign-in details: printed in the start-up log, only ever used on demo data. */
export const DEMO_PASSWORD = 'riverside-demo-2026';
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

/** Seeds the demo once, into an empty database; returns false when there was already data. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (!(await isEmpty(deps.db))) return false;
  await seedDemo(deps.db);
  deps.logger.info('demo content created; sign in with any of these accounts', {
    password: DEMO_PASSWORD,
    accounts: DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`),
  });
  process.stdout.write(
    `\nDemo accounts (password for all: ${DEMO_PASSWORD}):\n` + DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(34)} ${a.role}`).join('\n') + '\n\n',
  );
  return true;
}

export async function seedDemo(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  await db.transaction(async (tx) => {
    const created = await tx
      .insert(users)
      .values(
        DEMO_ACCOUNTS.map((a) => ({
          email: a.email,
          displayName: a.displayName,
          passwordHash,
          isAdmin: a.isAdmin,
          emailVerifiedAt: now,
          locale: a.email.startsWith('lea.') ? ('fr' as const) : ('en' as const),
          bio: '',
        })),
      )
      .returning({ id: users.id, email: users.email });
    const id = (email: string) => created.find((u) => u.email === email)!.id;
    const [council, partner] = await tx
      .insert(organisations)
      .values([
        {
          kind: 'council',
          name: 'Riverside Council',
          slug: 'riverside-council',
          description:
            'Riverside Council serves 180,000 residents along the Wend valley. We use Commonwise to open our hardest problems to residents, businesses and partners.',
          website: 'https://riverside.example',
          verified: true,
        },
        {
          kind: 'partner',
          name: 'GreenLink Community Trust',
          slug: 'greenlink-community-trust',
          description: 'A charity that helps neighbourhood groups plant, grow and look after green spaces across the region.',
          website: 'https://greenlink.example',
          verified: true,
        },
      ])
      .returning({ id: organisations.id });
    await tx.insert(memberships).values([
      { organisationId: council!.id, userId: id('priya.shah@riverside.example'), role: 'owner', title: 'Digital engagement officer' },
      { organisationId: council!.id, userId: id('tom.okafor@riverside.example'), role: 'member', title: 'Climate programme lead' },
      { organisationId: partner!.id, userId: id('marie.dubois@greenlink.example'), role: 'owner', title: 'Partnerships manager' },
    ]);
    // One pending invitation, so the council's members page shows one. Nobody holds its link
    // (only the hash of a random token is stored); invite someone from that page to get a working one.
    await tx.insert(invitations).values({
      organisationId: council!.id,
      email: 'jo.bennett@riverside.example',
      role: 'member',
      title: 'Parks and open spaces officer',
      tokenHash: newToken().hash,
      invitedBy: id('priya.shah@riverside.example'),
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
    });
    const ideaIds = await seedDemoChallenges(tx, now, council!.id, id);
    await seedDemoEngagement(tx, now, council!.id, id, ideaIds);
  });
}

const DAY = 86_400_000;

/**
 * Three Riverside challenges in different phases relative to now (open for ideas, voting,
 * results), with topics, a French version for the first, and a few published ideas each
 * (idea_count kept equal to the number of published ideas).
 */
async function seedDemoChallenges(tx: Db, now: Date, councilId: string, id: (email: string) => string): Promise<Map<string, string>> {
  const ideaIds = new Map<string, string>();
  const at = (days: number, hour = 9) => {
    const d = new Date(now.getTime() + days * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const vocabulary = await tx.select({ id: topics.id, slug: topics.slug }).from(topics);
  const topic = (slug: string) => vocabulary.find((t) => t.slug === slug)!.id;
  const priya = id('priya.shah@riverside.example');
  const authors = [id('sam.taylor@example.org'), id('lea.martin@example.org'), id('marie.dubois@greenlink.example')];

  const specs = [
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
      topics: ['digital'],
      ideas: [
        ['Bin collection days as open data', 'So apps and smart speakers can remind people.'],
        ['Live street works map', 'Helps delivery firms and cyclists plan routes.'],
      ],
    },
  ];

  for (const [n, spec] of specs.entries()) {
    const [row] = await tx
      .insert(challenges)
      .values({
        organisationId: councilId,
        status: 'published',
        title: spec.title,
        summary: spec.summary,
        brief: spec.brief,
        briefHtml: renderMarkdown(spec.brief),
        rules: spec.rules,
        prize: spec.prize,
        titleFr: spec.titleFr,
        summaryFr: spec.summaryFr,
        briefFr: spec.briefFr,
        briefFrHtml: spec.briefFr === null ? null : renderMarkdown(spec.briefFr),
        submissionsOpenAt: spec.submissionsOpenAt,
        submissionsCloseAt: spec.submissionsCloseAt,
        votingOpenAt: spec.votingOpenAt,
        votingCloseAt: spec.votingCloseAt,
        judgingCloseAt: spec.judgingCloseAt,
        resultsAt: spec.resultsAt,
        voteBudget: spec.voteBudget,
        responseDays: 'responseDays' in spec ? spec.responseDays : null,
        responseThreshold: 'responseThreshold' in spec ? spec.responseThreshold : null,
        commentPolicy: 'commentPolicy' in spec ? spec.commentPolicy : '',
        publishedAt: new Date(spec.submissionsOpenAt.getTime() - DAY - n),
        ideaCount: spec.ideas.length,
        participantCount: Math.min(spec.ideas.length, authors.length), // ideas go round the authors in turn
        createdBy: priya,
      })
      .returning({ id: challenges.id });
    await tx.insert(challengeTopics).values(spec.topics.map((slug) => ({ challengeId: row!.id, topicId: topic(slug) })));
    const inserted = await tx
      .insert(ideas)
      .values(
      spec.ideas.map(([title, summary], i) => {
        const publishedAt = new Date(spec.submissionsOpenAt.getTime() + (i + 1) * DAY);
        return {
          challengeId: row!.id,
          authorId: authors[i % authors.length]!,
          status: 'submitted' as const,
          title: title!,
          summary: summary!,
          description: summary!,
          descriptionHtml: renderMarkdown(summary!),
          createdAt: publishedAt,
          publishedAt,
        };
      }),
      )
      .returning({ id: ideas.id, title: ideas.title, challengeId: ideas.challengeId });
    for (const i of inserted) ideaIds.set(i.title, i.id);
    ideaIds.set(spec.title, row!.id);
  }
  return ideaIds;
}

/**
 * Supports, a response rule with one answered and one overdue idea, official responses with
 * status changes, a threaded discussion and a few follows — written as rows, with every
 * maintained count (support_count, recent_support, challenge_voters, comment_count,
 * response_due_at) equal to what the commands would have left (a test reconciles them).
 * Sam Taylor, whom the e2e journeys sign in as, has no supports, comments or follows here.
 */
async function seedDemoEngagement(tx: Db, now: Date, councilId: string, id: (email: string) => string, ids: Map<string, string>) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const idea = (title: string) => ids.get(title)!;
  const [lea, marie, noah, amira, priya, tom] = ['lea.martin@example.org', 'marie.dubois@greenlink.example', 'noah.williams@example.org', 'amira.hassan@example.org', 'priya.shah@riverside.example', 'tom.okafor@riverside.example'].map(id) as [string, string, string, string, string, string];

  // Supports: [idea, voter, days ago]. "Loneliness" (budget 3, respond within 5 days from 3 supports) is voting now.
  const votes: [string, string, number][] = [
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
  ];
  const challengeOf = new Map((await tx.select({ id: ideas.id, challengeId: ideas.challengeId }).from(ideas)).map((r) => [r.id, r.challengeId]));
  await tx.insert(ideaVotes).values(votes.map(([t, userId, d]) => ({ ideaId: idea(t), userId, challengeId: challengeOf.get(idea(t))!, createdAt: ago(d) })));
  const used = new Map<string, { challengeId: string; userId: string; votesUsed: number }>();
  for (const [t, userId] of votes) {
    const key = `${challengeOf.get(idea(t))}:${userId}`;
    const row = used.get(key) ?? { challengeId: challengeOf.get(idea(t))!, userId, votesUsed: 0 };
    row.votesUsed++;
    used.set(key, row);
  }
  await tx.insert(challengeVoters).values([...used.values()]);
  for (const t of new Set(votes.map(([t]) => t))) {
    const mine = votes.filter(([x]) => x === t);
    await tx
      .update(ideas)
      .set({ supportCount: mine.length, recentSupport: mine.filter(([, , d]) => d < 7).length })
      .where(eq(ideas.id, idea(t)));
  }

  // The response rule: "Tea and tech" reached 3 supports 7 days ago (due 5 days later, so 2 days ago: overdue);
  // "knock-on-the-door" reached 3 supports 3 days ago and Tom answered it yesterday.
  await tx.update(ideas).set({ responseDueAt: ago(2.1) }).where(eq(ideas.id, idea('Tea and tech afternoons')));
  const respond = async (t: string, who: { userId: string; name: string; title: string }, days: number, body: string, from: string, to: string | null, reason = '') => {
    await tx.insert(ideaResponses).values({
      ideaId: idea(t),
      authorId: who.userId,
      authorName: who.name,
      roleTitle: who.title,
      organisationId: councilId,
      body,
      bodyHtml: renderMarkdown(body),
      statusFrom: from as 'submitted',
      statusTo: to as 'submitted' | null,
      reason,
      createdAt: ago(days),
    });
  };
  const TOM = { userId: tom, name: 'Tom Okafor', title: 'Climate programme lead' };
  const PRIYA = { userId: priya, name: 'Priya Shah', title: 'Digital engagement officer' };
  await respond(
    'A knock-on-the-door rota',
    TOM,
    1,
    'Thank you — our community safety team already runs a similar scheme in two wards. We are looking at whether it could cover the whole borough.',
    'submitted',
    'under_consideration',
    'Being assessed with the community safety team.',
  );
  await tx.update(ideas).set({ status: 'under_consideration', respondedAt: ago(1) }).where(eq(ideas.id, idea('A knock-on-the-door rota')));
  await respond('Bin collection days as open data', PRIYA, 25, 'The most supported idea by far. We will publish collection days for every street.', 'submitted', 'accepted', 'Most supported, and cheap to publish.');
  await respond(
    'Bin collection days as open data',
    PRIYA,
    10,
    'Work has started: the data set goes live on our open data portal in the spring, with an open licence.',
    'accepted',
    'in_progress',
    'Publication scheduled.',
  );
  await respond(
    'Live street works map',
    PRIYA,
    24,
    'Street works data is already published nationally (see the Street Manager service), so we will link to it rather than publish our own copy.',
    'submitted',
    'not_taken_forward',
    'Already available from a national source.',
  );
  await tx.update(ideas).set({ status: 'in_progress', respondedAt: ago(25) }).where(eq(ideas.id, idea('Bin collection days as open data')));
  await tx.update(ideas).set({ status: 'not_taken_forward', respondedAt: ago(24) }).where(eq(ideas.id, idea('Live street works map')));

  // A threaded discussion on "Planters that catch the rain", and one comment on "Parklets".
  const comment = async (t: string, authorId: string, body: string, hours: number, parent?: { id: string; threadId: string; depth: number }) => {
    const [row] = await tx
      .insert(comments)
      .values({
        ideaId: idea(t),
        authorId,
        parentId: parent?.id ?? null,
        threadId: parent?.threadId ?? sql`gen_random_uuid()`,
        depth: parent ? parent.depth + 1 : 0,
        body,
        bodyHtml: renderMarkdown(body),
        createdAt: new Date(now.getTime() - hours * 3_600_000),
      })
      .returning({ id: comments.id, threadId: comments.threadId, depth: comments.depth });
    if (!parent) await tx.update(comments).set({ threadId: row!.id }).where(eq(comments.id, row!.id));
    return { id: row!.id, threadId: parent ? row!.threadId : row!.id, depth: row!.depth };
  };
  const first = await comment('Planters that catch the rain', lea, 'J’adore cette idée. Who would water them in a dry August?', 50);
  const staff = await comment('Planters that catch the rain', tom, 'Good question: the planters would hold about two weeks of water, and the parks team would top them up in long dry spells.', 30, first);
  await comment('Planters that catch the rain', marie, 'GreenLink volunteers could help too — we already look after **twelve** community beds nearby.', 20, staff);
  await comment('Parklets outside cafés', noah, 'Please keep enough pavement for wheelchairs and buggies.', 12);
  await tx.update(ideas).set({ commentCount: 3 }).where(eq(ideas.id, idea('Planters that catch the rain')));
  await tx.update(ideas).set({ commentCount: 1 }).where(eq(ideas.id, idea('Parklets outside cafés')));

  // Follows.
  await tx.insert(challengeFollows).values([
    { userId: lea, challengeId: ids.get('Loneliness among older residents')!, createdAt: ago(9) },
    { userId: noah, challengeId: ids.get('Greener high streets')!, createdAt: ago(8) },
  ]);
  await tx.insert(ideaFollows).values([
    { userId: lea, ideaId: idea('A knock-on-the-door rota'), createdAt: ago(6) },
    { userId: marie, ideaId: idea('Planters that catch the rain'), createdAt: ago(5) },
  ]);
}
