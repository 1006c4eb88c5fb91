import { allow, deny, unconfirmed, type Actor, type Decision } from '../../lib/policy.js';
import type { IdeaStatus, WithdrawReason } from '../../db/schema/ideas.js';
import type { PhaseState } from '../challenges/index.js';

/** What the idea rules need from the challenge's derived phase. */
export type IdeaPhase = Pick<PhaseState, 'submissionsOpen' | 'ideasEditable'>;

export type { IdeaStatus, WithdrawReason };
/** The idea a check is about: who wrote it and where it stands. */
/** `hiddenAt`: hidden by the moderators (kept as it was for a review: no edit, no withdrawal meanwhile). */
export type IdeaRef = { authorId: string | null; status: IdeaStatus; hiddenAt?: Date | null };
/** An organisation the actor belongs to (as loaded by the caller). */
export type OrgMembershipRef = { organisationId: string; kind: 'council' | 'partner' };

/** Published statuses: visible in lists and counted. */
export const PUBLISHED_STATUSES = ['submitted', 'under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward'] as const;
export const isPublished = (s: IdeaStatus) => (PUBLISHED_STATUSES as readonly string[]).includes(s);

/**
 * What a challenge's list can show, chosen with its status filter: every published status, and
 * withdrawn ideas (kept for the record). Without a filter it shows the ideas still in play: not
 * withdrawn, and not those the council decided not to take forward.
 */
export const LISTED_STATUSES = [...PUBLISHED_STATUSES, 'withdrawn'] as const;
export const OUT_OF_PLAY = ['withdrawn', 'not_taken_forward'] as const satisfies readonly IdeaStatus[];

/**
 * Council staff move a published idea between the statuses of an official response (who may is
 * the responses feature's rule). One move is held back: "not taken forward" gave the idea's
 * supporters their supports back, so while voting is open — when they may have given them to
 * other ideas — it stands; once voting is not open it may change, and the supports count again.
 */
export function canChangeIdeaStatus(from: IdeaStatus, to: IdeaStatus, phase: Pick<PhaseState, 'votingOpen'>): Decision {
  if (from === 'not_taken_forward' && to !== from && phase.votingOpen) return deny('ideas.policy.notTakenForwardStands');
  return allow;
}

/** Signed in, with a confirmed e-mail address, while the challenge takes ideas. */
export function canSubmitIdea(actor: Actor, phase: IdeaPhase): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (!actor.emailVerified) return unconfirmed;
  if (!phase.submissionsOpen) return deny('ideas.policy.submissionsClosed');
  return allow;
}

/**
 * Only the author edits, and never a withdrawn idea. A draft stays editable while submissions
 * are open; a published idea until voting opens (phase.ideasEditable), and only while the
 * council has not yet moved it on (shortlisted and later are under review).
 */
export function canEditIdea(actor: Actor, idea: IdeaRef, phase: IdeaPhase): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (idea.authorId === null || actor.id !== idea.authorId) return deny('ideas.policy.notAuthor');
  if (idea.status === 'withdrawn') return deny('ideas.policy.withdrawn');
  if (idea.hiddenAt) return deny('ideas.policy.hidden');
  if (idea.status === 'draft') return phase.submissionsOpen ? allow : deny('ideas.policy.submissionsClosed');
  if (idea.status !== 'submitted') return deny('ideas.policy.underReview');
  return phase.ideasEditable ? allow : deny('ideas.policy.editingClosed');
}

/** Publishing a draft is submitting it: the same rules as canSubmitIdea, by its author. */
export function canPublishIdea(actor: Actor, idea: IdeaRef, phase: IdeaPhase): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (idea.authorId === null || actor.id !== idea.authorId) return deny('ideas.policy.notAuthor');
  if (idea.status !== 'draft') return deny('ideas.policy.notDraft');
  return canSubmitIdea(actor, phase);
}

/**
 * The author may withdraw their idea at any phase, unless the council has already accepted it
 * (accepted, in progress or implemented: then it is part of the record).
 */
export function canWithdrawIdea(actor: Actor, idea: IdeaRef): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (idea.authorId === null || actor.id !== idea.authorId) return deny('ideas.policy.notAuthor');
  if (idea.status === 'withdrawn') return deny('ideas.policy.withdrawn');
  if (idea.hiddenAt) return deny('ideas.policy.hidden');
  if (idea.status === 'accepted' || idea.status === 'in_progress' || idea.status === 'implemented') return deny('ideas.policy.decided');
  return allow;
}

/** Submitting "on behalf of" an organisation: only its members, and only partner organisations. */
export function canSubmitOnBehalf(actor: Actor, organisationId: string, memberships: readonly OrgMembershipRef[]): Decision {
  if (!actor) return deny('auth.signInRequired');
  const m = memberships.find((x) => x.organisationId === organisationId);
  if (!m) return deny('ideas.policy.notMember');
  return m.kind === 'partner' ? allow : deny('ideas.policy.partnersOnly');
}

/** Drafts are private to their author; everything else is public (withdrawn ideas show a notice). */
export function canViewIdea(actor: Actor, idea: IdeaRef): Decision {
  if (idea.status !== 'draft') return allow;
  return actor && idea.authorId === actor.id ? allow : deny('ideas.policy.notAuthor');
}
