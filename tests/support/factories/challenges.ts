import type { Db } from '../../../src/db/client.js';
import { challenges } from '../../../src/db/schema/index.js';
import { DAY, insertOne, unique } from './common.js';
import { createOrganisation } from './organisations.js';

export type ChallengeOverrides = Partial<Omit<typeof challenges.$inferInsert, 'organisationId'>>;

/**
 * A published challenge, open for ideas from yesterday for a week unless told otherwise (pass
 * dates to put it in another phase).
 */
export function buildChallenge(organisationId: string, overrides: ChallengeOverrides = {}) {
  const now = Date.now();
  return {
    title: `Challenge ${unique()}`,
    summary: 'A test challenge.',
    status: 'published' as const,
    submissionsOpenAt: new Date(now - DAY),
    submissionsCloseAt: new Date(now + 7 * DAY),
    publishedAt: new Date(now - DAY),
    ...overrides,
    organisationId,
  };
}

/** A challenge row (see buildChallenge). Needs an organisation (a council). */
export async function createChallenge(db: Db, organisationId: string, overrides: ChallengeOverrides = {}) {
  return insertOne(db, challenges, buildChallenge(organisationId, overrides));
}

/** A challenge row (see buildChallenge) of a new council of its own. */
export async function createCouncilChallenge(db: Db, overrides: ChallengeOverrides = {}) {
  const council = await createOrganisation(db, { kind: 'council' });
  return createChallenge(db, council.id, overrides);
}

/**
 * A competition whose vote closed yesterday (issue 13): submissions from 30 to 10 days ago, voting
 * from 9 days ago until yesterday, the judging closing in 10 days and results in 20.
 */
export async function createCompetitionChallenge(db: Db, organisationId: string, overrides: ChallengeOverrides = {}) {
  const now = Date.now();
  return createChallenge(db, organisationId, {
    submissionsOpenAt: new Date(now - 30 * DAY),
    submissionsCloseAt: new Date(now - 10 * DAY),
    votingOpenAt: new Date(now - 9 * DAY),
    votingCloseAt: new Date(now - DAY),
    judgingCloseAt: new Date(now + 10 * DAY),
    resultsAt: new Date(now + 20 * DAY),
    ...overrides,
  });
}
