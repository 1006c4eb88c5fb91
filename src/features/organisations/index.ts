import { defineFeature } from '../../http/feature.js';
import { invitationLimit, organisationLimit } from './limits.js';
import { invitationMailJob } from './mail.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { organisationRoutes } from './routes.js';

/**
 * Organisations (councils and partners), their people and invitations — and the one membership
 * lookup and staff check every other feature uses.
 */
export const organisations = defineFeature({
  name: 'organisations',
  routes: organisationRoutes,
  messages: { en, fr },
  rateLimits: [invitationLimit, organisationLimit],
  jobs: { 'organisations.invitation-mail': invitationMailJob },
});

export { canAcceptInvitation, invitationState, type InvitationActor } from './policy.js';
export { INVITATION_DAYS } from './commands/invite-member.js';
export { canEditOrganisation, canManageMembers, isStaffOf, isStaffOrAdmin, type MembershipRef, type OrgKind, type OrgRef } from './policy.js';
export {
  getMembership,
  getOrganisationBySlug,
  listMemberOrganisations,
  listOrganisationsForHome,
  listPublicMembers,
  requestViewer,
  viewersOf,
  viewerIsStaffOrAdmin,
  viewerMembership,
  type MembershipRow,
  type Organisation,
  type OrganisationSummary,
  type PartnerOrg,
  type PublicMember,
} from './queries.js';
export { isSlug } from './schemas.js';
export { createOrganisation } from './commands/create-organisation.js';
export { inviteMember } from './commands/invite-member.js';
