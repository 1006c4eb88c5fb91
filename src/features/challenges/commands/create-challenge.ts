import { challenges, submissionKeys } from '../../../db/schema/index.js';
import { audit } from '../../../lib/audit.js';
import type { Deps } from '../../../lib/context.js';
import { ConflictError, ForbiddenError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { actorMembership } from '../../organisations/commands/support.js';
import { canCreateChallenge, type CouncilRef } from '../policy.js';
import type { ChallengeInput } from '../schemas.js';
import { checkTopics, contentValues, replaceTopics } from './support.js';

/**
 * Who may: staff (owner or member) of a council, or a platform admin (canCreateChallenge);
 * partners never.
 * Invariants: the challenge starts as a draft; its brief is rendered and sanitised now, once.
 * Its settings (self-support, hidden counts, response rule — both numbers or neither, checked
 * by challengeSchema — and comment policy) are stored with it.
 * The form's submission key is stored in the same transaction, so a form sent twice (double
 * click, reload after a slow response) creates one challenge: the repeat is a ConflictError.
 * Throws: ForbiddenError; ConflictError('challenges.create.duplicate');
 * InvalidInputError({ topics }) for a topic outside the vocabulary.
 */
export async function createChallenge(deps: Deps, actor: Actor, org: CouncilRef, input: ChallengeInput, submissionKey: string): Promise<{ id: string }> {
  return deps.db.transaction(async (tx) => {
    const decision = canCreateChallenge(actor, org, await actorMembership(tx, org.id, actor?.id));
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const [key] = await tx.insert(submissionKeys).values({ key: submissionKey, userId: actor!.id }).onConflictDoNothing().returning({ key: submissionKeys.key });
    if (!key) throw new ConflictError('challenges.create.duplicate');
    const topicIds = await checkTopics(tx, input.topics);
    const [row] = await tx
      .insert(challenges)
      .values({
        organisationId: org.id,
        status: 'draft',
        ...contentValues(input),
        createdBy: actor!.id,
      })
      .returning({ id: challenges.id });
    await replaceTopics(tx, row!.id, topicIds);
    await audit(tx, { actorId: actor!.id, action: 'challenge.create', entityType: 'challenge', entityId: row!.id, data: { organisationId: org.id } });
    return { id: row!.id };
  });
}
