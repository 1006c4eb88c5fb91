import { pageScope } from '../../../lib/page-versions.js';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { invitations, memberships } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { BadRequestError, ConflictError, ForbiddenError } from '../../../lib/errors.js';
import { canAcceptInvitation, invitationState, type InvitationActor, type OrgRole } from '../policy.js';
import { isUuid } from '../../../lib/fields.js';
import { getInvitationById } from '../queries.js';

/**
 * Who may: the signed-in account whose confirmed e-mail address the invitation was sent to
 * (canAcceptInvitation).
 * Invariants: single use and atomic — the invitation is marked accepted by a conditional UPDATE
 * (still pending, not expired) in the same transaction that creates the membership, so of two
 * concurrent acceptances exactly one succeeds, and a failure leaves neither change.
 * Throws: BadRequestError('orgs.invitation.invalid') for an unknown, expired, revoked or used
 * invitation; ForbiddenError(reason) for the wrong account; ConflictError('orgs.invitation.alreadyMember').
 * Returns the organisation's id, slug and name, and the role the person now holds.
 */
export async function acceptInvitation(deps: Deps, actor: InvitationActor, invitationId: string): Promise<{ organisationId: string; slug: string; name: string; role: OrgRole }> {
  if (!isUuid(invitationId)) throw new BadRequestError('orgs.invitation.invalid');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const inv = await getInvitationById(tx, invitationId.toLowerCase());
    if (!inv || invitationState(inv, now) !== 'pending') throw new BadRequestError('orgs.invitation.invalid');
    const decision = canAcceptInvitation(actor, inv);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const userId = actor!.id;

    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .returning({ id: invitations.id });
    if (claimed.length === 0) throw new BadRequestError('orgs.invitation.invalid');

    const created = await tx
      .insert(memberships)
      .values({ organisationId: inv.organisation.id, userId, role: inv.role, title: inv.title, listedPublicly: true })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    // Throwing rolls back the claim above: the invitation stays usable (e.g. after leaving).
    if (created.length === 0) throw new ConflictError('orgs.invitation.alreadyMember');

    await recordEvent(tx, {
      actorId: userId,
      name: 'invitation.accept',
      entityType: 'invitation',
      entityId: inv.id,
      payload: { organisationId: inv.organisation.id, role: inv.role },
      pages: [pageScope.site],
    }, deps.clock.now());
    return { organisationId: inv.organisation.id, slug: inv.organisation.slug, name: inv.organisation.name, role: inv.role };
  });
}
