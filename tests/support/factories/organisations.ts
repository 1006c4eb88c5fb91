import type { Db } from '../../../src/db/client.js';
import { invitations, memberships, organisations } from '../../../src/db/schema/index.js';
import { DAY, insertOne, unique } from './common.js';

export type Organisation = typeof organisations.$inferSelect;

export function buildOrganisation(overrides: Partial<typeof organisations.$inferInsert> = {}) {
  const u = unique();
  return { kind: 'council' as const, name: `Council ${u}`, slug: `council-${u}`, description: 'A test council.', ...overrides };
}

/** An organisation row: a council unless told otherwise. */
export async function createOrganisation(db: Db, overrides: Partial<typeof organisations.$inferInsert> = {}) {
  return insertOne(db, organisations, buildOrganisation(overrides));
}

export async function addMember(db: Db, organisationId: string, userId: string, role: 'owner' | 'member' = 'member', title = 'Officer') {
  await insertOne(db, memberships, { organisationId, userId, role, title });
}

export function buildInvitation(organisationId: string, overrides: Partial<Omit<typeof invitations.$inferInsert, 'organisationId' | 'tokenHash'>> = {}) {
  return {
    organisationId,
    email: `invitee-${unique()}@example.org`,
    role: 'member' as const,
    title: 'Invited officer',
    expiresAt: new Date(Date.now() + 7 * DAY),
    ...overrides,
  };
}

/** A pending invitation row (7 days unless told otherwise); its link is /invitations/<id>. */
export function createInvitation(db: Db, organisationId: string, overrides: Parameters<typeof buildInvitation>[1] = {}) {
  return insertOne(db, invitations, buildInvitation(organisationId, overrides));
}
