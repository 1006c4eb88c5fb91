import { allow, deny, unconfirmed, type Actor, type Decision } from '../../lib/policy.js';
import type { ChallengeStatus, PhaseState } from '../challenges/index.js';
import { isStaffOrAdmin, type MembershipRef } from '../organisations/index.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';

/** The idea a vote is about: who wrote it and where it stands. */
export type VoteIdeaRef = { authorId: string | null; status: IdeaStatus };
/**
 * Supports on an idea count against their givers' budgets while it is published and still in
 * play. An idea its author withdrew, or that the council decided not to take forward, gives its
 * supporters their supports back (its vote rows stay, frozen: its count is what it had when it
 * left play); a draft has none. The one rule behind the vote statements' LIVE list, the
 * reconciliation and votesFollowStatus.
 */
export const RELEASED_STATUSES = ['withdrawn', 'not_taken_forward'] as const satisfies readonly IdeaStatus[];
export const countsVotes = (s: IdeaStatus): boolean => s !== 'draft' && !(RELEASED_STATUSES as readonly string[]).includes(s);

/** What the rules need of the challenge: whether voting is open now, and whether authors may support their own ideas. */
export type VotePhaseRef = { phase: Pick<PhaseState, 'votingOpen'>; selfSupport: boolean };

/**
 * Why no vote can change on this idea at all, whoever asks: it is not public, it was withdrawn,
 * the council decided not to take it forward, or the challenge's voting is not open now. Checked
 * first, so a visitor outside the voting phase is told when voting opens (not asked to sign in).
 */
function ideaOpenForVotes(idea: VoteIdeaRef, challenge: Pick<VotePhaseRef, 'phase'>): Decision {
  if (idea.status === 'draft') return deny('votes.policy.notPublished');
  if (idea.status === 'withdrawn') return deny('votes.policy.withdrawn');
  if (idea.status === 'not_taken_forward') return deny('votes.policy.notTakenForward');
  if (!challenge.phase.votingOpen) return deny('votes.policy.notOpen');
  return allow;
}

/**
 * Support an idea: a signed-in person with a confirmed e-mail address, while the challenge's
 * voting is open, on a published idea that is not their own (unless the challenge allows
 * self-support), with a support left in their budget (`used` of `budget`).
 * Supporting an idea the person already supports is not a new support: callers check that first.
 */
export function canSupport(actor: Actor, idea: VoteIdeaRef, challenge: VotePhaseRef, used: number, budget: number): Decision {
  const open = ideaOpenForVotes(idea, challenge);
  if (!open.ok) return open;
  if (!actor) return deny('votes.policy.signIn');
  if (!actor.emailVerified) return unconfirmed;
  if (!challenge.selfSupport && idea.authorId !== null && idea.authorId === actor.id) return deny('votes.policy.ownIdea');
  if (used >= budget) return deny('votes.policy.budgetSpent');
  return allow;
}

/**
 * Withdraw one's support: signed in, while voting is open, on an idea that is not withdrawn or
 * not taken forward (leaving play already gave the supports back). An unverified account may withdraw
 * (taking part is what needs a confirmed address). Withdrawing a support one does not give
 * changes nothing: callers answer it as done. A support the council's staff set aside
 * (`setAside`) cannot be withdrawn: it was judged invalid, so it is not given back to spend again.
 */
export function canUnsupport(actor: Actor, idea: VoteIdeaRef, challenge: Pick<VotePhaseRef, 'phase'>, setAside = false): Decision {
  const open = ideaOpenForVotes(idea, challenge);
  if (!open.ok) return open;
  if (!actor) return deny('votes.policy.signIn');
  if (setAside) return deny('votes.policy.setAside');
  return allow;
}

/** What the integrity rules need of a challenge. */
export type IntegrityRef = { organisationId: string; status: ChallengeStatus };

/**
 * The anomaly report of a challenge's supports: its council's staff and platform admins (it
 * shows how people voted, grouped by network and browser hashes: not for the public).
 */
export function canReviewVotes(actor: Actor, challenge: IntegrityRef, membership: MembershipRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  return isStaffOrAdmin(actor, challenge.organisationId, membership) ? allow : deny('challenges.policy.staffOnly');
}

/** Set supports aside: whoever may review them, while the challenge is not archived (then nothing changes any more). */
export function canSetAside(actor: Actor, challenge: IntegrityRef, membership: MembershipRef): Decision {
  const d = canReviewVotes(actor, challenge, membership);
  if (!d.ok) return d;
  return challenge.status === 'archived' ? deny('challenges.policy.archived') : allow;
}
