import { and, eq, isNull } from 'drizzle-orm';
import { invitations } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canManageMembers } from '../policy.js';
import { getMembership } from '../queries.js';

/**
 * Who may: a platform admin or an owner of the organisation (canManageMembers).
 * Invariants: only a pending invitation (not accepted, not already revoked) can be revoked;
 * the check and the change are one conditional UPDATE, so a concurrent acceptance wins or loses cleanly.
 * Throws: NotFoundError (no such invitation in this organisation); ForbiddenError;
 * ConflictError('orgs.invitation.notPending').
 */
export async function revokeInvitation(deps: Deps, actor: Actor, organisationId: string, invitationId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [inv] = await tx
      .select({ id: invitations.id, organisationId: invitations.organisationId })
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, organisationId)))
      .limit(1);
    if (!inv) throw new NotFoundError('invitation');
    const decision = canManageMembers(actor, { id: inv.organisationId }, await getMembership(tx, inv.organisationId, actor?.id));
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const revoked = await tx
      .update(invitations)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (revoked.length === 0) throw new ConflictError('orgs.invitation.notPending');
    await recordEvent(tx, { actorId: actor!.id, name: 'invitation.revoke', entityType: 'invitation', entityId: inv.id, payload: { organisationId: inv.organisationId } }, deps.clock.now());
  });
}
