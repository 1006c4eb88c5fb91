import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/password.js';
import type { Db } from '../../src/db/client.js';
import { challenges, ideas, invitations, memberships, organisations, users } from '../../src/db/schema/index.js';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}${randomUUID().slice(0, 4)}`;

export function buildUser(overrides: Partial<typeof users.$inferInsert> = {}) {
  const u = unique();
  return { email: `user-${u}@example.org`, displayName: `Test User ${u}`, ...overrides };
}

/** A user row; verified unless told otherwise. Password: PASSWORD. */
export async function createUser(db: Db, overrides: Partial<typeof users.$inferInsert> & { verified?: boolean } = {}) {
  const { verified = true, ...rest } = overrides;
  passwordHash ??= hashPassword(PASSWORD);
  const [row] = await db
    .insert(users)
    .values({ ...buildUser(rest), passwordHash: await passwordHash, emailVerifiedAt: verified ? new Date() : null, ...rest })
    .returning();
  return { ...row!, password: PASSWORD };
}

export function buildOrganisation(overrides: Partial<typeof organisations.$inferInsert> = {}) {
  const u = unique();
  return { kind: 'council' as const, name: `Council ${u}`, slug: `council-${u}`, description: 'A test council.', ...overrides };
}

export async function createOrganisation(db: Db, overrides: Partial<typeof organisations.$inferInsert> = {}) {
  const [row] = await db.insert(organisations).values(buildOrganisation(overrides)).returning();
  return row!;
}

export async function addMember(db: Db, organisationId: string, userId: string, role: 'owner' | 'member' = 'member', title = 'Officer') {
  await db.insert(memberships).values({ organisationId, userId, role, title });
}

// ---- Organisations feature: invitations ----
// (Imports kept with the helpers they serve, so this block can be appended without touching the lines above.)
import { newToken } from '../../src/auth/tokens.js';

/** A pending invitation row (7 days unless told otherwise) and the token its link carries. */
export async function createInvitation(
  db: Db,
  organisationId: string,
  overrides: Partial<Omit<typeof invitations.$inferInsert, 'organisationId' | 'tokenHash'>> = {},
) {
  const { token, hash } = newToken();
  const [row] = await db
    .insert(invitations)
    .values({
      organisationId,
      email: `invitee-${unique()}@example.org`,
      role: 'member',
      title: 'Invited officer',
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      ...overrides,
      tokenHash: hash,
    })
    .returning();
  return { ...row!, token };
}

// ---- Challenges and ideas ----

const DAY = 86_400_000;

/**
 * A published challenge row, open for ideas from yesterday for a week unless told otherwise
 * (pass dates to put it in another phase). Needs an organisation (a council).
 */
export async function createChallenge(db: Db, organisationId: string, overrides: Partial<Omit<typeof challenges.$inferInsert, 'organisationId'>> = {}) {
  const now = Date.now();
  const [row] = await db
    .insert(challenges)
    .values({
      title: `Challenge ${unique()}`,
      summary: 'A test challenge.',
      status: 'published',
      submissionsOpenAt: new Date(now - DAY),
      submissionsCloseAt: new Date(now + 7 * DAY),
      publishedAt: new Date(now - DAY),
      ...overrides,
      organisationId,
    })
    .returning();
  return row!;
}

/**
 * A published idea (status submitted) in a challenge. Counts on the challenge are not touched:
 * tests that check challenges.idea_count go through the submit command instead.
 */
export async function createIdea(db: Db, challengeId: string, authorId: string | null, overrides: Partial<Omit<typeof ideas.$inferInsert, 'challengeId' | 'authorId'>> = {}) {
  const [row] = await db
    .insert(ideas)
    .values({
      title: `Idea ${unique()}`,
      summary: 'A test idea.',
      status: 'submitted',
      publishedAt: new Date(),
      ...overrides,
      challengeId,
      authorId,
    })
    .returning();
  return row!;
}
