import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships, organisations, users } from '../../db/schema/index.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { isStaffOf, type OrgKind, type OrgRole } from './policy.js';
import { requestMemo, type AppContext } from '../../http/context.js';
import type { Viewer } from '../../lib/subjects.js';

export type OrganisationSummary = { name: string; slug: string; kind: 'council' | 'partner'; verified: boolean };

/** A few organisations for the home page, councils first. */
export function listOrganisationsForHome(db: Db, limit = 6): Promise<OrganisationSummary[]> {
  return db
    .select({ name: organisations.name, slug: organisations.slug, kind: organisations.kind, verified: organisations.verified })
    .from(organisations)
    .orderBy(asc(organisations.kind), desc(organisations.verified), asc(organisations.name))
    .limit(limit);
}

// ---- Directory (keyset pagination on organisations_name_idx (name, id)) ----

export const DIRECTORY_PAGE = 20;

export type DirectoryEntry = OrganisationSummary & { id: string; description: string };
export type DirectoryPage = { items: DirectoryEntry[]; next: string | null };

/**
 * One page of organisations ordered by (name, id), after the cursor; one query whatever the
 * page size. `next` is the cursor of the following page, or null on the last one.
 */
export async function listOrganisations(db: Db, params: { kind?: OrgKind | undefined; after?: string | undefined; limit?: number }): Promise<DirectoryPage> {
  const limit = params.limit ?? DIRECTORY_PAGE;
  const after = params.after ? decodeCursor(params.after, ['text', 'uuid']) : undefined;
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      slug: organisations.slug,
      kind: organisations.kind,
      verified: organisations.verified,
      description: organisations.description,
    })
    .from(organisations)
    .where(
      and(
        params.kind ? eq(organisations.kind, params.kind) : undefined,
        after ? sql`(${organisations.name}, ${organisations.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(limit + 1);
  return page(rows, limit, (r) => [r.name, r.id], (r) => r);
}

export type Organisation = {
  id: string;
  kind: OrgKind;
  name: string;
  slug: string;
  description: string;
  website: string | null;
  verified: boolean;
  /** Its staff must use a second factor. */
  requireSecondFactor: boolean;
};

const organisationColumns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  slug: organisations.slug,
  description: organisations.description,
  website: organisations.website,
  verified: organisations.verified,
  requireSecondFactor: organisations.requireSecondFactor,
};

export async function getOrganisationBySlug(db: Db, slug: string): Promise<Organisation | null> {
  const [row] = await db.select(organisationColumns).from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return row ?? null;
}

// ---- Memberships: the one lookup behind every staff check ----

const membershipColumns = {
  organisationId: memberships.organisationId,
  userId: memberships.userId,
  role: memberships.role,
  title: memberships.title,
  listedPublicly: memberships.listedPublicly,
};

export type MembershipRow = { organisationId: string; userId: string; role: OrgRole; title: string; listedPublicly: boolean; kind: OrgKind };

/**
 * One person's membership of one organisation (with the organisation's kind), or null — also
 * for no person at all. Pass the command's transaction to read it inside the transaction.
 */
export async function getMembership(db: Db, organisationId: string, userId: string | null | undefined): Promise<MembershipRow | null> {
  if (!userId) return null;
  const [row] = await db
    .select({ ...membershipColumns, kind: organisations.kind })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}

/**
 * The signed-in viewer's membership of an organisation, looked up once per request: the
 * challenge or idea page, its ideas list and its responses section each need it and ask
 * independently. None for an anonymous visitor.
 */
export function viewerMembership(c: AppContext, organisationId: string): Promise<MembershipRow | null> {
  const user = c.get('user');
  if (!user) return Promise.resolve(null);
  return requestMemo(c, `membership:${organisationId}`, () => getMembership(c.get('deps').db, organisationId, user.id));
}

// ---- Viewers (who may see which subject: src/lib/subjects.ts) ----

/** People as subject viewers: whether each is a platform admin and which organisations they are staff of. Two queries. */
export async function viewersOf(db: Db, userIds: readonly string[]): Promise<Map<string, NonNullable<Viewer>>> {
  const ids = [...new Set(userIds)];
  const viewers = new Map<string, NonNullable<Viewer>>();
  if (ids.length === 0) return viewers;
  const people = await db.select({ id: users.id, isAdmin: users.isAdmin }).from(users).where(inArray(users.id, ids));
  const staff = await db.select({ userId: memberships.userId, organisationId: memberships.organisationId }).from(memberships).where(inArray(memberships.userId, ids));
  for (const p of people) viewers.set(p.id, { id: p.id, isAdmin: p.isAdmin, staffOf: new Set() });
  for (const m of staff) (viewers.get(m.userId)?.staffOf as Set<string> | undefined)?.add(m.organisationId);
  return viewers;
}

/** The signed-in person as a subject viewer, once per request (null for an anonymous visitor). */
export function requestViewer(c: AppContext): Promise<Viewer> {
  const user = c.get('user');
  if (!user) return Promise.resolve(null);
  return requestMemo(c, 'viewer', async () => {
    const rows = await c.get('deps').db.select({ organisationId: memberships.organisationId }).from(memberships).where(eq(memberships.userId, user.id));
    return { id: user.id, isAdmin: user.isAdmin, staffOf: new Set(rows.map((r) => r.organisationId)) };
  });
}

// ---- The organisations a person belongs to (e.g. to submit an idea on behalf of one) ----

export type PartnerOrg = { organisationId: string; name: string; kind: 'council' | 'partner' };

export function listMemberOrganisations(db: Db, userId: string): Promise<PartnerOrg[]> {
  return db
    .select({ organisationId: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name))
    .limit(100);
}

/**
 * Whether the signed-in viewer is the organisation's staff or a platform admin (isStaffOrAdmin),
 * looking the membership up only when it decides: never for a visitor or an admin.
 */
export async function viewerIsStaffOrAdmin(c: AppContext, organisationId: string): Promise<boolean> {
  const user = c.get('user');
  if (!user) return false;
  return user.isAdmin || isStaffOf(organisationId, await viewerMembership(c, organisationId));
}

/** The most people an organisation page lists; staff lists are short, but the query stays bounded. */
export const PUBLIC_MEMBERS_MAX = 200;

export type PublicMember = { displayName: string; title: string };

/** People who chose to be listed, by name and title (never e-mail); suspended accounts are left out. */
export function listPublicMembers(db: Db, organisationId: string, limit = PUBLIC_MEMBERS_MAX): Promise<PublicMember[]> {
  return db
    .select({ displayName: users.displayName, title: memberships.title })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.listedPublicly, true), isNull(users.suspendedAt)))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit);
}

export const MANAGED_MEMBERS_MAX = 500;

export type ManagedMember = Omit<MembershipRow, 'kind'> & { displayName: string; email: string; since: Date };

/** Everyone in the organisation with their e-mail, owners first (for owners and admins only). */
export function listMembersForManagement(db: Db, organisationId: string, limit = MANAGED_MEMBERS_MAX): Promise<ManagedMember[]> {
  return db
    .select({ ...membershipColumns, displayName: users.displayName, email: users.email, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(desc(memberships.role), asc(users.displayName), asc(users.id)) // 'owner' sorts after 'member': desc puts owners first
    .limit(limit);
}

/** One member with their name (the removal's confirmation names them), or null. */
export async function getMemberWithName(db: Db, organisationId: string, userId: string): Promise<{ userId: string; role: OrgRole; displayName: string } | null> {
  const [row] = await db
    .select({ userId: memberships.userId, role: memberships.role, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}

// ---- Invitations ----

export const PENDING_INVITATIONS_MAX = 200;

const invitationColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  title: invitations.title,
  expiresAt: invitations.expiresAt,
};

export type PendingInvitation = { id: string; email: string; role: OrgRole; title: string; expiresAt: Date; createdAt: Date };

/** Invitations not yet accepted, revoked or expired, newest first. */
export function listPendingInvitations(db: Db, organisationId: string, now: Date, limit = PENDING_INVITATIONS_MAX): Promise<PendingInvitation[]> {
  return db
    .select({ ...invitationColumns, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
    .limit(limit);
}

export type InvitationView = {
  id: string;
  email: string;
  role: OrgRole;
  title: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  organisation: { id: string; name: string; slug: string; kind: OrgKind; verified: boolean };
};

/** An invitation by its id (its link names it), with its organisation. */
export async function getInvitationById(db: Db, id: string): Promise<InvitationView | null> {
  const [row] = await db
    .select({
      ...invitationColumns,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      organisation: { id: organisations.id, name: organisations.name, slug: organisations.slug, kind: organisations.kind, verified: organisations.verified },
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(eq(invitations.id, id))
    .limit(1);
  return row ?? null;
}
