import { eq } from 'drizzle-orm';
import { ideas } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canPublishIdea, canViewIdea } from '../policy.js';
import { adjustIdeaCount, challengePhaseIn, holdIfNeeded, ideaPages, lockIdea } from './support.js';

/**
 * Who may: the author of a draft, with a confirmed address, while submissions are open
 * (canPublishIdea). Publishing an already published idea again changes nothing.
 * Invariants: challenges.idea_count is incremented in the same transaction.
 * Throws: NotFoundError (unknown, or someone else's draft), ForbiddenError.
 */
export async function publishIdea(deps: Deps, actor: Actor, ideaId: string): Promise<{ id: string; challengeId: string }> {
  return deps.db.transaction(async (tx) => {
    const idea = await lockIdea(tx, ideaId);
    if (!canViewIdea(actor, idea).ok) throw new NotFoundError('idea');
    if (idea.status === 'submitted' && actor?.id === idea.authorId) return { id: idea.id, challengeId: idea.challengeId };
    const now = deps.clock.now();
    const decision = canPublishIdea(actor, idea, await challengePhaseIn(tx, idea.challengeId, now));
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(ideas).set({ status: 'submitted', publishedAt: now }).where(eq(ideas.id, idea.id));
    await adjustIdeaCount(tx, idea, 1);
    await recordEvent(tx, { actorId: actor!.id, name: 'idea.publish', entityType: 'idea', entityId: idea.id, subjectId: idea.id, payload: { challengeId: idea.challengeId }, pages: ideaPages(idea) }, deps.clock.now());
    await holdIfNeeded(deps, tx, { ...idea, text: `${idea.title}\n${idea.summary}\n${idea.description}` }, now);
    return { id: idea.id, challengeId: idea.challengeId };
  });
}
