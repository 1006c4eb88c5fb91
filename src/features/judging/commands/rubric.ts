import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { rubricCriteria, SCALES } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import type { Actor } from '../../../lib/policy.js';
import { lockChallenge, recordChallengeRevision } from '../../challenges/index.js';
import { canManageRubric, rubricChangeIsPublic } from '../policy.js';
import { getMethod, listCriteria, rubricLocked, methodText, rubricText, type Criterion } from '../queries.js';
import { updateSettings } from './support.js';
import { CRITERIA_MAX, type CriterionInput, type MethodInput, type RemoveCriterionInput } from '../schemas.js';

export type RubricAction = 'add' | 'edit' | 'remove' | 'method';

/**
 * Every change of a rubric goes through here, in one transaction with the challenge's row locked
 * (two staff editing at once take turns):
 * - who may: canManageRubric (the council's staff or an admin, not archived, not once scored);
 * - once the rubric is public (rubricChangeIsPublic: published, submissions open), a reason is
 *   required (InvalidInputError), the rubric as it was is kept in the challenge's history with
 *   the reason, and the event says so (its subscriber tells the challenge's followers);
 * - the event 'rubric.change' on the challenge, bumping its page (the rubric shows there).
 */
async function changeRubric<T>(
  deps: Deps,
  actor: Actor,
  challengeId: string,
  reason: string,
  action: RubricAction,
  change: (tx: Db, rubric: Criterion[], challenge: { id: string; votingOpenAt: Date | null }) => Promise<{ criterionId: string | null; result: T }>,
): Promise<T> {
  if (!isUuid(challengeId)) throw new NotFoundError('challenge');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { challenge, membership } = await lockChallenge(tx, challengeId.toLowerCase(), actor);
    const decision = canManageRubric(actor, challenge, membership, await rubricLocked(tx, challenge.id));
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const announced = rubricChangeIsPublic(challenge, now);
    if (announced && reason === '') throw new InvalidInputError({ reason: 'judging.rubric.reasonRequired' });
    const before = await listCriteria(tx, challenge.id);
    const method = action === 'method' ? await getMethod(tx, challenge.id) : null;
    const { criterionId, result } = await change(tx, before, challenge);
    if (announced) await recordChallengeRevision(tx, challenge.id, actor!.id, { ...(method ? { judgingMethod: methodText(method) } : { rubric: rubricText(before) }), rubricReason: reason }, now);
    await recordEvent(
      tx,
      { actorId: actor!.id, name: 'rubric.change', entityType: 'challenge', entityId: challenge.id, subjectId: challenge.id, payload: { action, criterionId, announced }, pages: [pageScope.subject(challenge.id)] },
      now,
    );
    return result;
  });
}

const values = (input: CriterionInput) => {
  const [scaleMin, scaleMax] = SCALES[input.scale];
  return {
    name: input.name,
    nameFr: input.nameFr,
    description: input.description,
    descriptionFr: input.descriptionFr,
    guidance: input.guidance,
    guidanceFr: input.guidanceFr,
    weight: input.weight,
    scaleMin,
    scaleMax,
    commentRequired: input.commentRequired === 'yes',
  };
};

/** Adds a criterion at the end of the rubric (at most CRITERIA_MAX). */
export async function addCriterion(deps: Deps, actor: Actor, challengeId: string, input: CriterionInput): Promise<{ id: string }> {
  return changeRubric(deps, actor, challengeId, input.reason, 'add', async (tx, rubric) => {
    if (rubric.length >= CRITERIA_MAX) throw new InvalidInputError({ name: 'judging.rubric.full' });
    const [row] = await tx
      .insert(rubricCriteria)
      .values({ challengeId: challengeId.toLowerCase(), position: (rubric.at(-1)?.position ?? 0) + 1, ...values(input) })
      .returning({ id: rubricCriteria.id });
    return { criterionId: row!.id, result: { id: row!.id } };
  });
}

/** Changes a criterion's words, weight, scale or comment rule. */
export async function editCriterion(deps: Deps, actor: Actor, challengeId: string, criterionId: string, input: CriterionInput): Promise<void> {
  await changeRubric(deps, actor, challengeId, input.reason, 'edit', async (tx, rubric) => {
    const criterion = rubric.find((c) => c.id === criterionId.toLowerCase());
    if (!criterion) throw new NotFoundError('criterion');
    await tx.update(rubricCriteria).set({ ...values(input), updatedAt: deps.clock.now() }).where(eq(rubricCriteria.id, criterion.id));
    return { criterionId: criterion.id, result: undefined };
  });
}

/** Removes a criterion; the ones after it move up. */
export async function removeCriterion(deps: Deps, actor: Actor, challengeId: string, criterionId: string, input: RemoveCriterionInput): Promise<void> {
  await changeRubric(deps, actor, challengeId, input.reason, 'remove', async (tx, rubric) => {
    const criterion = rubric.find((c) => c.id === criterionId.toLowerCase());
    if (!criterion) throw new NotFoundError('criterion');
    await tx.delete(rubricCriteria).where(eq(rubricCriteria.id, criterion.id));
    await tx
      .update(rubricCriteria)
      .set({ position: sql`${rubricCriteria.position} - 1` })
      .where(and(eq(rubricCriteria.challengeId, criterion.challengeId), gt(rubricCriteria.position, criterion.position)));
    return { criterionId: criterion.id, result: undefined };
  });
}

/**
 * Sets the judging method (decision 0060): the people's-choice weight (0 for a challenge without
 * a vote: InvalidInputError otherwise), the normalisation, blind review, the panel's names.
 */
export async function setMethod(deps: Deps, actor: Actor, challengeId: string, input: MethodInput): Promise<void> {
  await changeRubric(deps, actor, challengeId, input.reason, 'method', async (tx, _rubric, challenge) => {
    if (challenge.votingOpenAt === null && input.peopleWeight > 0) throw new InvalidInputError({ peopleWeight: 'judging.method.noVote' });
    const values = { peopleWeight: input.peopleWeight, normalisation: input.normalisation, blindReview: input.blindReview, publishPanel: input.publishPanel, updatedAt: deps.clock.now() };
    await updateSettings(tx, challenge.id, values);
    return { criterionId: null, result: undefined };
  });
}
