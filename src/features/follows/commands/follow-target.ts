import { challengeFollows, ideaFollows } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canFollow, isFollowable, type FollowTarget } from '../policy.js';
import { getFollowTarget, type FollowRef } from '../queries.js';

/**
 * Who may: any signed-in person, verified or not (canFollow), on a visible idea or challenge
 * that can still change.
 * Invariants: at most one row per (person, target), enforced by the primary key: a repeated or
 * concurrent follow is INSERT … ON CONFLICT DO NOTHING, so it succeeds and stores nothing more.
 * No audit row: a follow is a private, low-stakes preference, and logging it would only copy
 * what people are interested in into a log others can read.
 * Throws: NotFoundError (unknown, malformed or draft target), ForbiddenError (withdrawn idea,
 * archived challenge).
 */
export async function followTarget(deps: Deps, actor: Actor, ref: FollowRef): Promise<FollowTarget> {
  const target = await getFollowTarget(deps.db, ref);
  if (!target || !isFollowable(target)) throw new NotFoundError(ref.kind);
  const decision = canFollow(actor, target);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const userId = actor!.id;
  if (target.kind === 'idea') await deps.db.insert(ideaFollows).values({ userId, ideaId: target.id }).onConflictDoNothing();
  else await deps.db.insert(challengeFollows).values({ userId, challengeId: target.id }).onConflictDoNothing();
  return target;
}
