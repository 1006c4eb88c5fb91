import { eq } from 'drizzle-orm';
import { ideas } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canViewIdea, canWithdrawIdea, isPublished } from '../policy.js';
import type { WithdrawIdeaInput } from '../schemas.js';
import { votesFollowStatus } from '../../votes/index.js';
import { adjustIdeaCount, ideaPages, lockIdea } from './support.js';

/**
 * Who may: the author (canWithdrawIdea), unless the council has accepted or implemented it.
 * Invariants: the idea is kept (status withdrawn, shown with the author's reason and
 * explanation), leaves the default list (the "withdrawn" filter still shows it), and
 * challenges.idea_count is decremented in the same transaction if it was counted; its
 * supporters get their supports back if they still counted (not if the council had already
 * decided not to take it forward); the row lock makes a repeated withdrawal a refusal, never a
 * second decrement. An 'idea.withdraw' event with the reason's code (the explanation is the
 * author's words: it stays on the row, not in the event).
 * Throws: NotFoundError, ForbiddenError.
 */
export async function withdrawIdea(deps: Deps, actor: Actor, ideaId: string, input: WithdrawIdeaInput): Promise<{ id: string; challengeId: string }> {
  return deps.db.transaction(async (tx) => {
    const idea = await lockIdea(tx, ideaId);
    if (!canViewIdea(actor, idea).ok) throw new NotFoundError('idea');
    const decision = canWithdrawIdea(actor, idea);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const now = deps.clock.now();
    await tx
      .update(ideas)
      .set({ status: 'withdrawn', withdrawnAt: now, withdrawReason: input.reason, withdrawExplanation: input.explanation })
      .where(eq(ideas.id, idea.id));
    if (isPublished(idea.status)) await adjustIdeaCount(tx, idea, -1);
    await votesFollowStatus(tx, idea.id, idea.status, 'withdrawn');
    await recordEvent(tx, { actorId: actor!.id, name: 'idea.withdraw', entityType: 'idea', entityId: idea.id, subjectId: idea.id, payload: { from: idea.status, reason: input.reason }, pages: ideaPages(idea) }, now);
    return { id: idea.id, challengeId: idea.challengeId };
  });
}
