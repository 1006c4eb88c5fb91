import { and, eq } from 'drizzle-orm';
import { challengeFollows, ideaFollows } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canUnfollow, isFollowable, type FollowTarget } from '../policy.js';
import { getFollowTarget, type FollowRef } from '../queries.js';

/**
 * Who may: any signed-in person, for their own follow only (the row is keyed by their id), on
 * any visible target, withdrawn or archived included.
 * Invariants: deleting a follow that is not there is not an error (repeated submits are harmless).
 * No audit row (see followTarget).
 * Throws: NotFoundError (unknown, malformed or draft target).
 */
export async function unfollowTarget(deps: Deps, actor: Actor, ref: FollowRef): Promise<FollowTarget> {
  const target = await getFollowTarget(deps.db, ref);
  if (!target || !isFollowable(target)) throw new NotFoundError(ref.kind);
  const decision = canUnfollow(actor, target);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const userId = actor!.id;
  if (target.kind === 'idea') await deps.db.delete(ideaFollows).where(and(eq(ideaFollows.userId, userId), eq(ideaFollows.ideaId, target.id)));
  else await deps.db.delete(challengeFollows).where(and(eq(challengeFollows.userId, userId), eq(challengeFollows.challengeId, target.id)));
  return target;
}
