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

/** Where a challenge's judging stands: closed early by staff, announced. */
export type JudgingState = { panelClosedAt: Date | null; announcedAt: Date | null };

/** The panel takes scores until staff close it, the challenge's judging close date, or the announcement. */
export const panelOpen = (challenge: { judgingCloseAt: Date | null }, state: JudgingState, now: Date): boolean =>
  state.panelClosedAt === null && state.announcedAt === null && (challenge.judgingCloseAt === null || now < challenge.judgingCloseAt);

/**
 * See and run a challenge's judging (panel, shortlist, assignment, progress, scoreboard, awards):
 * staff of the challenge's own council, or a platform admin for support. Nobody else sees
 * scores, notes or progress before the announcement.
 */
export function canManageJudging(actor: Actor, challenge: { organisationId: string }, membership: MembershipRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (!isStaffOrAdmin(actor, challenge.organisationId, membership)) return deny('challenges.policy.staffOnly');
  return allow;
}

/**
 * Change a challenge's results (awards, corrections, next steps): as canManageJudging, while the
 * challenge is published — after the announcement too (a change then is a recorded correction).
 */
export function canChangeResults(actor: Actor, challenge: { organisationId: string; status: ChallengeStatus }, membership: MembershipRef): Decision {
  const manage = canManageJudging(actor, challenge, membership);
  if (!manage.ok) return manage;
  if (challenge.status === 'archived') return deny('challenges.policy.archived');
  if (challenge.status === 'draft') return deny('judging.policy.draft');
  return allow;
}

/** Change the judging itself (panel, shortlist, scores, ties, announcing): as canChangeResults, until the announcement. */
export function canChangeJudging(actor: Actor, challenge: { organisationId: string; status: ChallengeStatus }, membership: MembershipRef, state: JudgingState): Decision {
  const results = canChangeResults(actor, challenge, membership);
  if (!results.ok) return results;
  if (state.announcedAt) return deny('judging.policy.announced');
  return allow;
}

/**
 * Shortlisting waits for the ideas to be in (submissions closed). By hand, staff may shortlist
 * while the public still votes (judges can start); "top N by support" waits, with a vote, for
 * voting to close: the counts are frozen then.
 */
export function canShortlist(phase: { submissionsOpen: boolean; votingClosed: boolean }, challenge: { votingOpenAt: Date | null; submissionsCloseAt: Date }, now: Date, how: 'hand' | 'top'): Decision {
  if (phase.submissionsOpen || now < challenge.submissionsCloseAt) return deny('judging.shortlist.tooEarly');
  if (how === 'top' && challenge.votingOpenAt !== null && !phase.votingClosed) return deny('judging.shortlist.votingOpen');
  return allow;
}

/** A judge's assignment as the scoring rules see it. */
export type AssignmentRef = { conflict: 'none' | 'declared' | 'automatic' | null; state: 'todo' | 'draft' | 'submitted' };

/**
 * Score an assigned idea: a judge still on the panel, the panel open, the conflict question
 * answered "none" (a declared or automatic conflict removes the idea from their list), and not
 * yet submitted (only staff reopen a submitted score).
 */
export function canScore(judge: { removedAt: Date | null } | null, assignment: AssignmentRef | null, open: boolean): Decision {
  if (!judge || judge.removedAt) return deny('judging.policy.notJudge');
  if (!assignment) return deny('judging.policy.notAssigned');
  if (assignment.conflict === 'declared' || assignment.conflict === 'automatic') return deny('judging.policy.conflicted');
  if (!open) return deny('judging.policy.panelClosed');
  if (assignment.conflict === null) return deny('judging.policy.declareFirst');
  if (assignment.state === 'submitted') return deny('judging.policy.submitted');
  return allow;
}

/** Declare a conflict of interest (or none) on an assigned idea: before scoring it, while the panel is open. */
export function canDeclare(judge: { removedAt: Date | null } | null, assignment: AssignmentRef | null, open: boolean): Decision {
  if (!judge || judge.removedAt) return deny('judging.policy.notJudge');
  if (!assignment) return deny('judging.policy.notAssigned');
  if (assignment.conflict === 'automatic') return deny('judging.policy.conflicted');
  if (!open) return deny('judging.policy.panelClosed');
  if (assignment.conflict !== null) return deny('judging.policy.declared');
  return allow;
}
