import { eq } from 'drizzle-orm';
import { ideas } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canViewIdea, canWithdrawIdea, isPublished } from '../policy.js';
import { releaseVotesOfIdea } from '../../votes/index.js';
import { adjustIdeaCount, lockIdea } from './support.js';

/**
 * Who may: the author (canWithdrawIdea), unless the council has accepted or implemented it.
 * Invariants: the idea is kept (status withdrawn, shown with a notice), leaves lists, and
 * challenges.idea_count is decremented in the same transaction if it was counted; the row lock
 * makes a repeated withdrawal a refusal, never a second decrement.
 * Throws: NotFoundError, ForbiddenError.
 */
export async function withdrawIdea(deps: Deps, actor: Actor, ideaId: string): Promise<{ id: string; challengeId: string }> {
  return deps.db.transaction(async (tx) => {
    const idea = await lockIdea(tx, ideaId);
    if (!canViewIdea(actor, idea).ok) throw new NotFoundError('idea');
    const decision = canWithdrawIdea(actor, idea);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(ideas).set({ status: 'withdrawn', withdrawnAt: deps.clock.now() }).where(eq(ideas.id, idea.id));
    if (isPublished(idea.status)) await adjustIdeaCount(tx, idea, -1);
    // Its supporters get their supports back (the vote rows stay; see releaseVotesOfIdea).
    if (isPublished(idea.status)) await releaseVotesOfIdea(tx, idea.id);
    await recordEvent(tx, { actorId: actor!.id, name: 'idea.withdraw', entityType: 'idea', entityId: idea.id, subjectId: idea.id, payload: { from: idea.status } }, deps.clock.now());
    return { id: idea.id, challengeId: idea.challengeId };
  });
}
