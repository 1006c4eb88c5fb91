import { pageScope } from '../../../lib/page-versions.js';
import { and, eq } from 'drizzle-orm';
import { memberships } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canRemoveMember } from '../policy.js';
import { getMembership } from '../queries.js';
import { lockOwners } from './support.js';

/**
 * Who may: a platform admin or an owner of the organisation, for anyone; a member for
 * themselves (leaving) (canRemoveMember).
 * Invariants: the last owner cannot be removed and cannot leave (owner rows are locked, so two
 * owners removing each other cannot both succeed). The person's past contributions stay.
 * Throws: NotFoundError (no such membership); ForbiddenError; ConflictError('orgs.members.lastOwner').
 */
export async function removeMember(deps: Deps, actor: Actor, organisationId: string, userId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [target] = await tx
      .select({ role: memberships.role, title: memberships.title })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
      .limit(1);
    if (!target) throw new NotFoundError('membership');
    const decision = canRemoveMember(actor, { id: organisationId }, await getMembership(tx, organisationId, actor?.id), { userId });
    if (!decision.ok) throw new ForbiddenError(decision.reason);

    if (target.role === 'owner') {
      const owners = await lockOwners(tx, organisationId);
      if (owners.includes(userId) && owners.length <= 1) throw new ConflictError('orgs.members.lastOwner');
    }
    const removed = await tx
      .delete(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
      .returning({ userId: memberships.userId });
    if (removed.length === 0) throw new NotFoundError('membership'); // removed concurrently
    await recordEvent(tx, {
      actorId: actor!.id,
      name: actor!.id === userId ? 'membership.leave' : 'membership.remove',
      entityType: 'membership',
      entityId: userId,
      payload: { organisationId, role: target.role },
      pages: [pageScope.site],
    }, deps.clock.now());
  });
}
