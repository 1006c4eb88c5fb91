import { eq } from 'drizzle-orm';
import { challenges } from '../../../db/schema/index.js';
import { audit } from '../../../lib/audit.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canArchiveChallenge } from '../policy.js';
import { lockChallenge } from './support.js';

/**
 * Who may: staff of the challenge's council or a platform admin, on a published challenge
 * (canArchiveChallenge).
 * Invariants: status 'archived', archived_at = now; the page stays public and read-only.
 * Throws: NotFoundError; ForbiddenError.
 */
export async function archiveChallenge(deps: Deps, actor: Actor, challengeId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { challenge, membership } = await lockChallenge(tx, challengeId, actor);
    const decision = canArchiveChallenge(actor, challenge, membership);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(challenges).set({ status: 'archived', archivedAt: now, updatedAt: now }).where(eq(challenges.id, challenge.id));
    await audit(tx, { actorId: actor!.id, action: 'challenge.archive', entityType: 'challenge', entityId: challenge.id });
  });
}
