import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { memberships } from '../../../db/schema/index.js';
import type { OrgRole } from '../policy.js';

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
