import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { memberships } from '../../../db/schema/index.js';
import type { MembershipRef, OrgRole } from '../policy.js';

/**
 * True when `err` (or what it wraps: drizzle puts the driver's error in `cause`) is a unique
 * violation, optionally of one named constraint. postgres.js and PGlite both carry SQLSTATE in `code`.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (o.code === '23505') {
      const name = o.constraint_name ?? o.constraint;
      return constraint === undefined || name === undefined || name === constraint;
    }
    e = o.cause;
  }
  return false;
}

/** The actor's membership of one organisation, read inside the command's transaction. */
export async function actorMembership(tx: Db, organisationId: string, userId: string | undefined): Promise<MembershipRef> {
  if (!userId) return null;
  const [row] = await tx
    .select({ organisationId: memberships.organisationId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}

/**
 * Locks the organisation's owner rows (in a fixed order, so two commands cannot deadlock) and
 * returns their user ids. Two owners demoting each other at once: the second waits, then
 * sees only one owner left and is refused.
 */
export async function lockOwners(tx: Db, organisationId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'owner' satisfies OrgRole)))
    .orderBy(asc(memberships.userId))
    .for('update');
  return rows.map((r) => r.userId);
}
