import { allow, deny, unconfirmed, type Actor, type Decision } from '../../lib/policy.js';

export type OrgRole = 'owner' | 'member';
export const ORG_ROLES = ['owner', 'member'] as const satisfies readonly OrgRole[];
export const ORG_KINDS = ['council', 'partner'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** The organisation a check is about (only its id matters to the rules). */
export type OrgRef = { id: string };
/**
 * The actor's membership as loaded by the caller; null when they have none. Its
 * organisationId is compared with the subject's, so a membership of another organisation
 * grants nothing here.
 */
export type MembershipRef = { organisationId: string; role: OrgRole } | null;

/**
 * Staff of an organisation: an owner or member of this very organisation. A membership of
 * another organisation (another council, a partner) grants nothing here.
 */
export function isStaffOf(organisationId: string, membership: MembershipRef): boolean {
  return membership !== null && membership.organisationId === organisationId;
}

/** Staff of the organisation, or a platform admin: who runs its challenges and sees what it hides from the public. */
export function isStaffOrAdmin(actor: Actor, organisationId: string, membership: MembershipRef): boolean {
  return actor !== null && (actor.isAdmin || isStaffOf(organisationId, membership));
}

function roleIn(org: OrgRef, membership: MembershipRef): OrgRole | null {
  return membership && membership.organisationId === org.id ? membership.role : null;
}

/** Platform admin, or an owner of this organisation. */
function adminOrOwner(actor: Actor, org: OrgRef, membership: MembershipRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (actor.isAdmin) return allow;
  return roleIn(org, membership) === 'owner' ? allow : deny('orgs.policy.ownersOnly');
}

/** Only platform admins create organisations (they vouch for who is behind an official account). */
export function canCreateOrganisation(actor: Actor): Decision {
  if (!actor) return deny('auth.signInRequired');
  return actor.isAdmin ? allow : deny('orgs.policy.adminOnly');
}

/** Name, description and website: platform admin or an owner of the organisation. */
export function canEditOrganisation(actor: Actor, org: OrgRef, membership: MembershipRef): Decision {
  return adminOrOwner(actor, org, membership);
}

/**
 * Kind, web address (slug) and the verified badge say who the organisation officially is:
 * only a platform admin changes them.
 */
export function canEditOrganisationIdentity(actor: Actor): Decision {
  if (!actor) return deny('auth.signInRequired');
  return actor.isAdmin ? allow : deny('orgs.policy.identityAdminOnly');
}

/** See the member list with e-mail addresses, pending invitations; change others' roles; remove people. */
export function canManageMembers(actor: Actor, org: OrgRef, membership: MembershipRef): Decision {
  return adminOrOwner(actor, org, membership);
}

/** Invite people by e-mail: platform admin or an owner. */
export function canInvite(actor: Actor, org: OrgRef, membership: MembershipRef): Decision {
  return adminOrOwner(actor, org, membership);
}

/**
 * Change a membership. Admins and owners may change anything (the last-owner rule is the
 * command's, as it needs a count); a member may change their own title and listing, not their role.
 */
export function canUpdateMembership(
  actor: Actor,
  org: OrgRef,
  membership: MembershipRef,
  target: { userId: string; role: OrgRole },
  change: { role: OrgRole },
): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (adminOrOwner(actor, org, membership).ok) return allow;
  if (actor.id !== target.userId || roleIn(org, membership) === null) return deny('orgs.policy.ownersOnly');
  return change.role === target.role ? allow : deny('orgs.policy.ownRoleOnly');
}

/** Remove someone: admins and owners may remove anyone (but see the last-owner rule); anyone may leave. */
export function canRemoveMember(actor: Actor, org: OrgRef, membership: MembershipRef, target: { userId: string }): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (adminOrOwner(actor, org, membership).ok) return allow;
  return actor.id === target.userId && roleIn(org, membership) !== null ? allow : deny('orgs.policy.ownersOnly');
}

/** Whoever accepts must be signed in with a confirmed address. */
export type InvitationActor = (NonNullable<Actor> & { email: string }) | null;

/**
 * The invitation went to one e-mail address: only the account with that (confirmed) address
 * may accept it. The refusal never names the address, since the link may have been forwarded.
 */
export function canAcceptInvitation(actor: InvitationActor, invitation: { email: string }): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (actor.email.toLowerCase() !== invitation.email.toLowerCase()) return deny('orgs.invitation.wrongAccount');
  if (!actor.emailVerified) return unconfirmed;
  return allow;
}

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/** Where an invitation stands at `now`. Only a pending one can be accepted or revoked. */
export function invitationState(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  return inv.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}
