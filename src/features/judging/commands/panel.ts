import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { judgeInvitations, judges, users } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { BadRequestError, ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import type { Actor } from '../../../lib/policy.js';
import { canAcceptInvitation, INVITATION_DAYS, invitationState, type InvitationActor } from '../../organisations/index.js';
import { enqueueJudgeInvitationMail } from '../mail.js';
import type { AcceptInput, InviteJudgeInput, RemoveJudgeInput } from '../schemas.js';
import { judgingEvent, staffJudging } from './support.js';

/**
 * Invite a judge by e-mail (issue 13, point 2): the organisations' invitation flow, scoped to one
 * challenge. Who may: staffJudging (the council's staff or an admin, before the announcement).
 * The invitation is stored sealed and its mail queued in the same transaction (the mail job makes
 * the link when it sends it); inviting the same address again replaces its pending invitation.
 * An account with that address also sees it in its Judging area (the event's subscriber tells it).
 * Throws: InvalidInputError({ email: 'judging.invite.alreadyJudge' }) for someone on the panel.
 */
export async function inviteJudge(deps: Deps, actor: Actor, challengeId: string, input: InviteJudgeInput): Promise<{ id: string }> {
  const result = await staffJudging(deps, actor, challengeId, async ({ tx, challenge, now, actorId }) => {
    const [onPanel] = await tx
      .select({ id: judges.id })
      .from(judges)
      .innerJoin(users, eq(users.id, judges.userId))
      .where(and(eq(judges.challengeId, challenge.id), eq(users.email, input.email), isNull(judges.removedAt)))
      .limit(1);
    if (onPanel) throw new InvalidInputError({ email: 'judging.invite.alreadyJudge' });
    await tx
      .update(judgeInvitations)
      .set({ revokedAt: now })
      .where(and(eq(judgeInvitations.challengeId, challenge.id), eq(judgeInvitations.email, input.email), isNull(judgeInvitations.acceptedAt), isNull(judgeInvitations.revokedAt)));
    const [row] = await tx
      .insert(judgeInvitations)
      .values({ challengeId: challenge.id, email: input.email, invitedBy: actorId, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) })
      .returning({ id: judgeInvitations.id });
    await enqueueJudgeInvitationMail(tx, row!.id);
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.invite', { invitationId: row!.id }, { type: 'judge_invitation', id: row!.id });
    return { id: row!.id };
  });
  deps.nudgeJobs();
  return result;
}

/** Withdraw a pending invitation (staffJudging). Throws NotFoundError for another challenge's or one no longer pending. */
export async function revokeJudgeInvitation(deps: Deps, actor: Actor, challengeId: string, invitationId: string): Promise<void> {
  if (!isUuid(invitationId)) throw new NotFoundError('invitation');
  await staffJudging(deps, actor, challengeId, async ({ tx, challenge, now, actorId }) => {
    const revoked = await tx
      .update(judgeInvitations)
      .set({ revokedAt: now })
      .where(and(eq(judgeInvitations.id, invitationId.toLowerCase()), eq(judgeInvitations.challengeId, challenge.id), isNull(judgeInvitations.acceptedAt), isNull(judgeInvitations.revokedAt), gt(judgeInvitations.expiresAt, now)))
      .returning({ id: judgeInvitations.id });
    if (revoked.length === 0) throw new NotFoundError('invitation');
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.revoke', { invitationId: revoked[0]!.id }, { type: 'judge_invitation', id: revoked[0]!.id });
  });
}

/**
 * Join a challenge's panel (point 2). Who may: the signed-in account whose confirmed address the
 * invitation went to (canAcceptInvitation), having accepted the confidentiality statement
 * (InvalidInputError otherwise). Single use: the claim is a conditional UPDATE in the transaction
 * that adds the judge, so of two concurrent acceptances one succeeds. A judge staff removed who
 * is invited again rejoins (their earlier scores stay theirs).
 * Throws: BadRequestError('judging.invitation.invalid') for an unknown, expired, revoked or used
 * invitation; ForbiddenError for the wrong account; ConflictError('judging.invite.alreadyJudge').
 */
export async function acceptJudgeInvitation(deps: Deps, actor: InvitationActor, invitationId: string, input: AcceptInput): Promise<{ challengeId: string }> {
  if (!isUuid(invitationId)) throw new BadRequestError('judging.invitation.invalid');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [inv] = await tx
      .select()
      .from(judgeInvitations)
      .where(eq(judgeInvitations.id, invitationId.toLowerCase()))
      .limit(1);
    if (!inv || invitationState(inv, now) !== 'pending') throw new BadRequestError('judging.invitation.invalid');
    const decision = canAcceptInvitation(actor, inv);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    if (!input.confidentiality) throw new InvalidInputError({ confidentiality: 'judging.invitation.confidentialityRequired' });
    const userId = actor!.id;
    const claimed = await tx
      .update(judgeInvitations)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(and(eq(judgeInvitations.id, inv.id), isNull(judgeInvitations.acceptedAt), isNull(judgeInvitations.revokedAt), gt(judgeInvitations.expiresAt, now)))
      .returning({ id: judgeInvitations.id });
    if (claimed.length === 0) throw new BadRequestError('judging.invitation.invalid');
    const [joined] = await tx
      .insert(judges)
      .values({ challengeId: inv.challengeId, userId, confidentialityAt: now })
      .onConflictDoUpdate({
        target: [judges.challengeId, judges.userId],
        set: { confidentialityAt: now, removedAt: null, removedBy: null, removedReason: null },
        setWhere: sql`${judges.removedAt} IS NOT NULL`,
      })
      .returning({ id: judges.id });
    // Already on the panel: throwing rolls the claim back, the invitation stays usable.
    if (!joined) throw new ConflictError('judging.invite.alreadyJudge');
    await judgingEvent(tx, now, userId, inv.challengeId, 'judging.join', { invitationId: inv.id, judgeId: joined.id }, { type: 'judge', id: joined.id });
    return { challengeId: inv.challengeId };
  });
}

/**
 * Remove a judge from the panel, with a reason (staffJudging). Their scores stay in the record
 * and leave the totals (aggregate's `removed`); their assignments leave their Judging area.
 * Throws NotFoundError for another challenge's judge or one already removed.
 */
export async function removeJudge(deps: Deps, actor: Actor, challengeId: string, judgeId: string, input: RemoveJudgeInput): Promise<void> {
  if (!isUuid(judgeId)) throw new NotFoundError('judge');
  await staffJudging(deps, actor, challengeId, async ({ tx, challenge, now, actorId }) => {
    const removed = await tx
      .update(judges)
      .set({ removedAt: now, removedBy: actorId, removedReason: input.reason })
      .where(and(eq(judges.id, judgeId.toLowerCase()), eq(judges.challengeId, challenge.id), isNull(judges.removedAt)))
      .returning({ id: judges.id });
    if (removed.length === 0) throw new NotFoundError('judge');
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.remove', { judgeId: removed[0]!.id }, { type: 'judge', id: removed[0]!.id });
  });
}
