import { and, eq, isNull } from 'drizzle-orm';
import { invitations, memberships, organisations, users } from '../../../db/schema/index.js';
import type { Locale } from '../../../i18n/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canInvite } from '../policy.js';
import type { InviteInput } from '../schemas.js';
import { enqueueInvitationMail } from '../mail.js';
import { getMembership } from '../queries.js';

export const INVITATION_DAYS = 7;

export type Inviter = (NonNullable<Actor> & { displayName: string; locale?: Locale }) | null;

/**
 * Who may: a platform admin or an owner of the organisation (canInvite).
 * Invariants: the invitation works for 7 days, once, and only for the signed-in account of the
 * invited address, confirmed (its link names it by id: decision 0068). Its mail is queued, with
 * its id only, in the same transaction, and rendered when sent, in the inviter's language
 * (invitationMailJob). Inviting the same address again replaces (revokes) its earlier pending
 * invitations, so only the newest one works.
 * Throws: NotFoundError; ForbiddenError; InvalidInputError({ email: 'orgs.invite.alreadyMember' }).
 */
export async function inviteMember(deps: Deps, actor: Inviter, organisationId: string, input: InviteInput): Promise<{ id: string }> {
  const result = await deps.db.transaction(async (tx) => {
    const [org] = await tx.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId)).limit(1);
    if (!org) throw new NotFoundError('organisation');
    const decision = canInvite(actor, org, await getMembership(tx, org.id, actor?.id));
    if (!decision.ok) throw new ForbiddenError(decision.reason);

    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, org.id), eq(users.email, input.email)))
      .limit(1);
    if (member) throw new InvalidInputError({ email: 'orgs.invite.alreadyMember' });

    const now = deps.clock.now();
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.organisationId, org.id), eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });

    const [row] = await tx
      .insert(invitations)
      .values({
        organisationId: org.id,
        email: input.email,
        role: input.role,
        title: input.title,
        invitedBy: actor!.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      })
      .returning({ id: invitations.id });

    await enqueueInvitationMail(tx, row!.id);
    await recordEvent(tx, {
      actorId: actor!.id,
      name: 'invitation.create',
      entityType: 'invitation',
      entityId: row!.id,
      payload: { organisationId: org.id, role: input.role, replaced: replaced.map((r) => r.id) },
    }, deps.clock.now());
    return { id: row!.id };
  });
  deps.nudgeJobs();
  return result;
}
