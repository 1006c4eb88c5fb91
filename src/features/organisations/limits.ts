import { rateLimit } from '../../lib/rate-limit.js';

/** Invitations sent, per person (each is a mail to someone else). */
export const invitationLimit = rateLimit('invitation', { points: 20, duration: 60 * 60 });
/** Other changes to organisations and memberships (create, edit, revoke, roles, removal, accepting an invitation), per person. */
export const organisationLimit = rateLimit('organisation', { points: 60, duration: 10 * 60 });
