import { pageScope } from '../../../lib/page-versions.js';
import { and, eq } from 'drizzle-orm';
import { memberships } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canUpdateMembership, type OrgRole } from '../policy.js';
import { getMembership } from '../queries.js';
import { lockOwners } from './support.js';

export type UpdateMembershipInput = {
  /** Absent: keep the current role (a member's own form has no role field). */
  role?: OrgRole | undefined;
  title: string;
  listedPublicly: boolean;
};

/**
 * Who may: a platform admin or an owner of the organisation, for anyone; a member for their own
 * title and public listing only (canUpdateMembership).
 * Invariants: an organisation with owners never loses its last one — demoting the only owner
 * is refused (owner rows are locked, so two owners demoting each other cannot both succeed).
 * Throws: NotFoundError (no such membership); ForbiddenError; ConflictError('orgs.members.lastOwner').
 */
export async function updateMembership(deps: Deps, actor: Actor, organisationId: string, userId: string, input: UpdateMembershipInput): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [target] = await tx
      .select({ role: memberships.role, title: memberships.title, listedPublicly: memberships.listedPublicly })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
      .limit(1);
    if (!target) throw new NotFoundError('membership');
    const role = input.role ?? target.role;
    const decision = canUpdateMembership(actor, { id: organisationId }, await getMembership(tx, organisationId, actor?.id), { userId, role: target.role }, { role });
    if (!decision.ok) throw new ForbiddenError(decision.reason);

    if (target.role === 'owner' && role !== 'owner') {
      const owners = await lockOwners(tx, organisationId);
      if (!owners.includes(userId)) throw new ConflictError(); // changed under us since we read it
      if (owners.length <= 1) throw new ConflictError('orgs.members.lastOwner');
    }
    await tx
      .update(memberships)
      .set({ role, title: input.title, listedPublicly: input.listedPublicly })
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
    await recordEvent(tx, {
      actorId: actor!.id,
      name: 'membership.update',
      entityType: 'membership',
      entityId: userId,
      payload: { organisationId, from: { role: target.role, listedPublicly: target.listedPublicly }, to: { role, listedPublicly: input.listedPublicly }, titleChanged: target.title !== input.title },
      pages: [pageScope.site],
    }, deps.clock.now());
  });
}
