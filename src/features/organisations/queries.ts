import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { hashToken } from '../../auth/tokens.js';
import type { Db } from '../../db/client.js';
import { invitations, memberships, organisations, users } from '../../db/schema/index.js';
import { BadRequestError } from '../../lib/errors.js';
import type { OrgKind, OrgRole } from './policy.js';
import { isUuid } from '../../lib/fields.js';
import type { AppContext } from '../../lib/context.js';

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

export type DirectoryCursor = { name: string; id: string };

/** An opaque cursor for "the page after this row". */
export function encodeCursor(c: DirectoryCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor from the URL; a damaged one is a bad request, not a 500. */
export function decodeCursor(raw: string): DirectoryCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && v[0].length <= 200 && isUuid(v[1])) {
      return { name: v[0], id: v[1] };
    }
  } catch {
    /* fall through */
  }
  throw new BadRequestError();
}

export type DirectoryEntry = OrganisationSummary & { id: string; description: string };
export type DirectoryPage = { items: DirectoryEntry[]; next: string | null };

/**
 * One page of organisations ordered by (name, id), after the cursor; one query whatever the
 * page size. `next` is the cursor of the following page, or null on the last one.
 */
export async function listOrganisations(db: Db, params: { kind?: OrgKind | undefined; after?: string | undefined; limit?: number }): Promise<DirectoryPage> {
  const limit = params.limit ?? DIRECTORY_PAGE;
  const after = params.after ? decodeCursor(params.after) : undefined;
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
        after ? sql`(${organisations.name}, ${organisations.id}) > (${after.name}, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
}

export type Organisation = {
  id: string;
  kind: OrgKind;
  name: string;
  slug: string;
  description: string;
  website: string | null;
  verified: boolean;
};

const organisationColumns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  slug: organisations.slug,
  description: organisations.description,
  website: organisations.website,
  verified: organisations.verified,
};

export async function getOrganisationBySlug(db: Db, slug: string): Promise<Organisation | null> {
  const [row] = await db.select(organisationColumns).from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return row ?? null;
}

export async function getOrganisationById(db: Db, id: string): Promise<Organisation | null> {
  const [row] = await db.select(organisationColumns).from(organisations).where(eq(organisations.id, id)).limit(1);
  return row ?? null;
}

// ---- Memberships ----

export type MembershipRow = { organisationId: string; userId: string; role: OrgRole; title: string; listedPublicly: boolean };

/** One person's membership of one organisation, or null. */
export async function getMembership(db: Db, organisationId: string, userId: string): Promise<MembershipRow | null> {
  const [row] = await db
    .select({
      organisationId: memberships.organisationId,
      userId: memberships.userId,
      role: memberships.role,
      title: memberships.title,
      listedPublicly: memberships.listedPublicly,
    })
    .from(memberships)
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
  let memo = c.get('viewerMemberships');
  if (!memo) c.set('viewerMemberships', (memo = new Map()));
  let found = memo.get(organisationId);
  if (!found) memo.set(organisationId, (found = getMembership(c.get('deps').db, organisationId, user.id)));
  return found;
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

export type ManagedMember = MembershipRow & { displayName: string; email: string; since: Date };

/** Everyone in the organisation with their e-mail, owners first (for owners and admins only). */
export function listMembersForManagement(db: Db, organisationId: string, limit = MANAGED_MEMBERS_MAX): Promise<ManagedMember[]> {
  return db
    .select({
      organisationId: memberships.organisationId,
      userId: memberships.userId,
      role: memberships.role,
      title: memberships.title,
      listedPublicly: memberships.listedPublicly,
      displayName: users.displayName,
      email: users.email,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(desc(memberships.role), asc(users.displayName), asc(users.id)) // 'owner' sorts after 'member': desc puts owners first
    .limit(limit);
}

// ---- Invitations ----

export const PENDING_INVITATIONS_MAX = 200;

export type PendingInvitation = { id: string; email: string; role: OrgRole; title: string; expiresAt: Date; createdAt: Date };

/** Invitations not yet accepted, revoked or expired, newest first. */
export function listPendingInvitations(db: Db, organisationId: string, now = new Date(), limit = PENDING_INVITATIONS_MAX): Promise<PendingInvitation[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      title: invitations.title,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
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

/** The invitation a link's token stands for (looked up by its hash), with its organisation. */
export async function getInvitationByToken(db: Db, token: string): Promise<InvitationView | null> {
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      title: invitations.title,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      organisation: { id: organisations.id, name: organisations.name, slug: organisations.slug, kind: organisations.kind, verified: organisations.verified },
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  return row ?? null;
}
