import { pageScope } from '../../../lib/page-versions.js';
import { eq } from 'drizzle-orm';
import { challenges } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError } from '../../../lib/errors.js';
import type { Actor, Decision } from '../../../lib/policy.js';
import type { MembershipRef } from '../../organisations/index.js';
import { canArchiveChallenge, canCloseChallenge, canPublishChallenge, type ChallengeRef } from '../policy.js';
import { lockChallenge } from './support.js';

type Transition = {
  can: (actor: Actor, challenge: ChallengeRef, membership: MembershipRef) => Decision;
  set: (now: Date) => Partial<typeof challenges.$inferInsert>;
};

/**
 * The editorial state changes of a challenge. Who may, for each: staff of the challenge's council
 * or a platform admin, and
 * - publish: a draft (canPublishChallenge). published_at is set once, now; from here the
 *   challenge is public and its edits are kept;
 * - close: a published challenge not already closed (canCloseChallenge). closed_early_at = now;
 *   challengePhase() then reports 'closed', so ideas and votes stop;
 * - archive: a published challenge (canArchiveChallenge). status 'archived', archived_at = now;
 *   the page stays public and read-only.
 */
export const CHALLENGE_TRANSITIONS = {
  publish: { can: canPublishChallenge, set: (now) => ({ status: 'published', publishedAt: now }) },
  close: { can: canCloseChallenge, set: (now) => ({ closedEarlyAt: now }) },
  archive: { can: canArchiveChallenge, set: (now) => ({ status: 'archived', archivedAt: now }) },
} as const satisfies Record<string, Transition>;

export type ChallengeTransition = keyof typeof CHALLENGE_TRANSITIONS;

/**
 * Applies one transition with the challenge's row locked, and its audit row ('challenge.<transition>').
 * Throws: NotFoundError; ForbiddenError(reason).
 */
export async function changeChallengeState(deps: Deps, actor: Actor, challengeId: string, transition: ChallengeTransition): Promise<void> {
  const { can, set } = CHALLENGE_TRANSITIONS[transition];
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { challenge, membership } = await lockChallenge(tx, challengeId, actor);
    const decision = can(actor, challenge, membership);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx.update(challenges).set({ ...set(now), updatedAt: now }).where(eq(challenges.id, challenge.id));
    await recordEvent(tx, { actorId: actor!.id, name: `challenge.${transition}`, entityType: 'challenge', entityId: challenge.id, subjectId: challenge.id, payload: {}, pages: [pageScope.site] }, deps.clock.now());
  });
}
