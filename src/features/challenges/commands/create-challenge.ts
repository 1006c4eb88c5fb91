import { randomUUID } from 'node:crypto';
import { challenges } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError } from '../../../lib/errors.js';
import { claimSubmission } from '../../../lib/idempotency.js';
import type { Actor } from '../../../lib/policy.js';
import { getMembership } from '../../organisations/index.js';
import { canCreateChallenge, type CouncilRef } from '../policy.js';
import type { ChallengeInput } from '../schemas.js';
import { checkTopics, contentValues, replaceTopics } from './support.js';

/**
 * Who may: staff (owner or member) of a council, or a platform admin (canCreateChallenge);
 * partners never.
 * Invariants: the challenge starts as a draft; its brief is rendered and sanitised now, once.
 * Its settings (self-support, hidden counts, response rule — both numbers or neither, checked
 * by challengeSchema — and comment policy) are stored with it.
 * One challenge per rendered form: the form's submission key is claimed in the same
 * transaction (see src/lib/idempotency.ts), so a form sent twice (double click, reload after a
 * slow response) creates one challenge, and the repeat answers with it (`created: false`).
 * Throws: ForbiddenError; ConflictError (someone else's key); InvalidInputError({ topics }) for a
 * topic outside the vocabulary.
 */
export async function createChallenge(
  deps: Deps,
  actor: Actor,
  org: CouncilRef,
  input: ChallengeInput & { submissionKey: string },
): Promise<{ id: string; created: boolean }> {
  return deps.db.transaction(async (tx) => {
    const decision = canCreateChallenge(actor, org, await getMembership(tx, org.id, actor?.id));
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const id = randomUUID();
    const claim = await claimSubmission(tx, { scope: 'challenge', key: input.submissionKey, userId: actor!.id, resultId: id });
    if (!claim.first) return { id: claim.resultId, created: false };
    const topicIds = await checkTopics(tx, input.topics);
    const now = deps.clock.now();
    await tx.insert(challenges).values({ id, organisationId: org.id, status: 'draft', ...contentValues(input), createdBy: actor!.id, createdAt: now, updatedAt: now });
    await replaceTopics(tx, id, topicIds);
    await recordEvent(tx, { actorId: actor!.id, name: 'challenge.create', entityType: 'challenge', entityId: id, subjectId: id, payload: { organisationId: org.id } }, deps.clock.now());
    return { id, created: true };
  });
}
