import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';
import { isStaffOrAdmin, type MembershipRef } from '../organisations/index.js';
import type { PhaseState } from './phase.js';

export type ChallengeStatus = 'draft' | 'published' | 'archived';

/** What the rules need to know about a challenge. */
export type ChallengeRef = { organisationId: string; status: ChallengeStatus; closedEarlyAt: Date | null };
/** The organisation a challenge would belong to. */
export type CouncilRef = { id: string; kind: 'council' | 'partner' };

/** Staff of the challenge's council, or a platform admin. */
function staffOrAdmin(actor: Actor, organisationId: string, membership: MembershipRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (isStaffOrAdmin(actor, organisationId, membership)) return allow;
  return deny('challenges.policy.staffOnly');
}

/** Only councils pose challenges; their staff (owner or member) or a platform admin draft them. */
export function canCreateChallenge(actor: Actor, org: CouncilRef, membership: MembershipRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (org.kind !== 'council') return deny('challenges.policy.councilsOnly');
  return staffOrAdmin(actor, org.id, membership);
}

/**
 * Published and archived challenges are public; a draft only to its council's staff and
 * platform admins (everyone else gets a 404, so a draft's existence does not leak).
 */
export function canViewChallenge(actor: Actor, challenge: ChallengeRef, membership: MembershipRef): Decision {
  if (challenge.status !== 'draft') return allow;
  const d = staffOrAdmin(actor, challenge.organisationId, membership);
  return d.ok ? allow : deny('challenges.policy.draftHidden');
}

/** Edit text, dates and topics: staff or admin, while it is a draft or published (archived is frozen). */
export function canEditChallenge(actor: Actor, challenge: ChallengeRef, membership: MembershipRef): Decision {
  const d = staffOrAdmin(actor, challenge.organisationId, membership);
  if (!d.ok) return d;
  return challenge.status === 'archived' ? deny('challenges.policy.archived') : allow;
}

/** Publish a draft. */
export function canPublishChallenge(actor: Actor, challenge: ChallengeRef, membership: MembershipRef): Decision {
  const d = staffOrAdmin(actor, challenge.organisationId, membership);
  if (!d.ok) return d;
  return challenge.status === 'draft' ? allow : deny('challenges.policy.notDraft');
}

/** Close a published challenge early (stops ideas and voting now); once only. */
export function canCloseChallenge(actor: Actor, challenge: ChallengeRef, membership: MembershipRef): Decision {
  const d = staffOrAdmin(actor, challenge.organisationId, membership);
  if (!d.ok) return d;
  if (challenge.status !== 'published') return deny('challenges.policy.notPublished');
  return challenge.closedEarlyAt === null ? allow : deny('challenges.policy.alreadyClosed');
}

/** Archive a published (possibly closed) challenge: it stays readable, nothing changes any more. */
export function canArchiveChallenge(actor: Actor, challenge: ChallengeRef, membership: MembershipRef): Decision {
  const d = staffOrAdmin(actor, challenge.organisationId, membership);
  if (!d.ok) return d;
  return challenge.status === 'published' ? allow : deny('challenges.policy.notPublished');
}

/** The edit history of a challenge: staff and admins (it may show wording the council withdrew). */
export function canViewChallengeHistory(actor: Actor, challenge: ChallengeRef, membership: MembershipRef): Decision {
  return staffOrAdmin(actor, challenge.organisationId, membership);
}

// ---- Hidden support counts (decision 0020 and docs/decisions/0041) ----

/** What the hidden-counts rule needs of a challenge: its setting and whether voting is over. */
export type CountsRef = { hideCounts: boolean; phase: Pick<PhaseState, 'votingClosed'> };

/**
 * THE rule for everything that moves with support counts: while the challenge hides counts and
 * voting has not closed, a viewer who is not its council's staff (nor a platform admin) sees
 * nothing that changes with a count — the counts, rankings by support, and what the response
 * commitment derives from them (which ideas reached the threshold, when, awaiting and overdue).
 * Every page, fragment and notice asks this (or `countsHiddenFor`, its request form).
 */
export function countsHidden(challenge: CountsRef, viewerIsStaff: boolean): boolean {
  return challenge.hideCounts && !challenge.phase.votingClosed && !viewerIsStaff;
}

/**
 * May "hide support counts" be switched off? Not while voting runs, nor once anyone has
 * supported an idea while it has not closed (voting moved to later): it would show every count
 * at once, in the middle of the vote it protects. Before any support, or once voting has closed,
 * it may. `phase` is the challenge as it will be (an edit that ends voting may also reveal); the
 * command passes the dates being saved, the form the dates as they are. Switching it on is always
 * allowed (it only protects voters from then on).
 */
export function canRevealCounts(challenge: { hideCounts: boolean; phase: Pick<PhaseState, 'votingOpen' | 'votingClosed'> }, supportsCast: boolean): Decision {
  if (!challenge.hideCounts || challenge.phase.votingClosed) return allow;
  return challenge.phase.votingOpen || supportsCast ? deny('challenges.policy.hideCountsLocked') : allow;
}
