import type { Child } from 'hono/jsx';
import type { AppContext } from '../../lib/context.js';
import type { PhaseState } from '../challenges/phase.js';
import type { IdeaStatus } from '../ideas/policy.js';

export type CommentsIdea = { id: string; status: IdeaStatus };
export type CommentsChallenge = { id: string; organisationId: string; commentPolicy: string; commentPolicyFr: string | null; phase: PhaseState };

/** The idea page's discussion: policy, form, threads and "load more" (a constant number of queries). */
export async function commentsSection(_c: AppContext, _idea: CommentsIdea, _challenge: CommentsChallenge): Promise<Child> {
  return null;
}
