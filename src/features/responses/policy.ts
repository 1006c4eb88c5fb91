import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import type { MembershipRef, OrgRef } from '../organisations/index.js';


/** The statuses council staff move an idea to with an official response (never back to "submitted"). */
export const STAFF_STATUSES = ['under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward'] as const satisfies readonly IdeaStatus[];
export type StaffStatus = (typeof STAFF_STATUSES)[number];
export const isStaffStatus = (s: string): s is StaffStatus => (STAFF_STATUSES as readonly string[]).includes(s);

/**
 * Official responses speak for the council that posed the challenge, under a person's own name
 * and role: only its staff (an owner or member of THAT organisation) answer or change an
 * idea's status. Platform admins are not council staff, and a membership of another council or
 * of a partner organisation grants nothing here.
 */
export function canRespond(actor: Actor, challengeOrg: OrgRef, membership: MembershipRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (membership === null || membership.organisationId !== challengeOrg.id) return deny('responses.policy.staffOnly');
  return allow;
}

/**
 * Which ideas take an answer: published ones, in any published status. Drafts are private to
 * their author; a withdrawn idea is no longer on the table.
 */
export function canRespondTo(idea: { status: IdeaStatus }): Decision {
  if (idea.status === 'draft') return deny('responses.policy.draft');
  if (idea.status === 'withdrawn') return deny('responses.policy.withdrawn');
  return allow;
}
