import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';
import type { ChallengeStatus } from '../challenges/index.js';
import { isStaffOrAdmin, type MembershipRef } from '../organisations/index.js';

/** What the rubric rules need of a challenge. */
export type RubricChallengeRef = { organisationId: string; status: ChallengeStatus; submissionsOpenAt: Date };

/**
 * Set the judging rubric: staff of the challenge's council (or a platform admin), while the
 * challenge is a draft or published (an archived one is frozen). Locked from the first score
 * (`scored`): judges must all be judged against the same rubric.
 */
export function canManageRubric(actor: Actor, challenge: RubricChallengeRef, membership: MembershipRef, scored = false): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (!isStaffOrAdmin(actor, challenge.organisationId, membership)) return deny('challenges.policy.staffOnly');
  if (challenge.status === 'archived') return deny('challenges.policy.archived');
  if (scored) return deny('judging.policy.rubricLocked');
  return allow;
}

/**
 * A change once entrants can see the rubric and act on it — the challenge published and its
 * submissions open — needs a reason, is kept in the challenge's history and told to its followers.
 */
export const rubricChangeIsPublic = (challenge: RubricChallengeRef, now: Date): boolean => challenge.status === 'published' && now >= challenge.submissionsOpenAt;
