import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { challenges, judgeAssignments, judges } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type FieldErrors } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import type { Actor } from '../../../lib/policy.js';
import { canDeclare, canScore, panelOpen } from '../policy.js';
import { getState, listCriteria, type Criterion } from '../queries.js';
import { COMMENT_MAX, type DeclareInput, type ScoreInput } from '../schemas.js';
import { judgingEvent, staffJudging, updateSettings } from './support.js';

/**
 * The signed-in judge's assignment of this idea in this challenge, locked for the change, with
 * the judge's row and whether the panel is open. Nulls when they are not a judge or not assigned
 * (the policy says which); NotFoundError for a malformed or unknown challenge.
 */
async function lockAssignment(tx: Db, actor: Actor, challengeId: string, ideaId: string, now: Date) {
  if (!isUuid(challengeId) || !isUuid(ideaId)) throw new NotFoundError('idea');
  const [challenge] = await tx.select({ id: challenges.id, judgingCloseAt: challenges.judgingCloseAt }).from(challenges).where(eq(challenges.id, challengeId.toLowerCase())).limit(1);
  if (!challenge) throw new NotFoundError('challenge');
  const [judge] = actor ? await tx.select().from(judges).where(and(eq(judges.challengeId, challenge.id), eq(judges.userId, actor.id))).limit(1) : [];
  const [assignment] = judge
    ? await tx.select().from(judgeAssignments).where(and(eq(judgeAssignments.judgeId, judge.id), eq(judgeAssignments.ideaId, ideaId.toLowerCase()))).for('update').limit(1)
    : [];
  const open = panelOpen(challenge, await getState(tx, challenge.id), now);
  return { challenge, judge: judge ?? null, assignment: assignment ?? null, open };
}

/**
 * Before scoring an idea, a judge declares no conflict of interest, or a conflict with a reason
 * (issue 13, point 4): a declared conflict takes the idea off their list for good, is recorded,
 * and staff see it (assigning again gives the idea to another judge). Who may: canDeclare.
 */
export async function declareConflict(deps: Deps, actor: Actor, challengeId: string, ideaId: string, input: DeclareInput): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { challenge, judge, assignment, open } = await lockAssignment(tx, actor, challengeId, ideaId, now);
    const decision = canDeclare(judge, assignment, open);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await tx
      .update(judgeAssignments)
      .set({ conflict: input.conflict, conflictReason: input.conflict === 'declared' ? input.reason : null, conflictAt: now })
      .where(and(eq(judgeAssignments.judgeId, judge!.id), eq(judgeAssignments.ideaId, assignment!.ideaId)));
    await judgingEvent(tx, now, actor!.id, challenge.id, 'judging.conflict', { judgeId: judge!.id, ideaId: assignment!.ideaId, conflict: input.conflict }, { type: 'judge', id: judge!.id });
  });
}

/** A score form's values read against the rubric: a whole number within each criterion's scale, comments within bounds. */
export function readScores(criteria: readonly Criterion[], input: ScoreInput): { values: Record<string, number>; comments: Record<string, string>; errors: FieldErrors } {
  const values: Record<string, number> = {};
  const comments: Record<string, string> = {};
  const errors: FieldErrors = {};
  const submit = input.intent === 'submit';
  for (const c of criteria) {
    const raw = (input.fields[`score-${c.id}`] ?? '').trim();
    const comment = (input.fields[`comment-${c.id}`] ?? '').replace(/\r\n?/g, '\n').trim();
    if (raw !== '') {
      const n = Number(raw);
      if (!/^-?\d+$/.test(raw) || n < c.scaleMin || n > c.scaleMax) errors[`score-${c.id}`] = 'judging.score.outOfRange';
      else values[c.id] = n;
    } else if (submit) errors[`score-${c.id}`] = 'judging.score.required';
    if (comment.length > COMMENT_MAX) errors[`comment-${c.id}`] = 'validation.tooLong';
    else if (comment !== '') comments[c.id] = comment;
    else if (submit && c.commentRequired) errors[`comment-${c.id}`] = 'judging.score.commentRequired';
  }
  return { values, comments, errors };
}

/**
 * Save a judge's score of an idea (point 4): a draft, or submitted (all criteria scored, the
 * required comments given). Who may: canScore — on the panel, assigned, no conflict, declared,
 * the panel open, not yet submitted. Two tabs: the form carries the version it was shown at, and
 * a save from an older version is refused with InvalidInputError({ form: 'judging.score.stale' }),
 * so the later save never silently overwrites the other (the form shows what was typed, at the
 * current version, to save again knowingly). Returns the new version.
 */
export async function saveScore(deps: Deps, actor: Actor, challengeId: string, ideaId: string, input: ScoreInput): Promise<{ version: number; submitted: boolean }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { challenge, judge, assignment, open } = await lockAssignment(tx, actor, challengeId, ideaId, now);
    const decision = canScore(judge, assignment, open);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    if (input.version !== assignment!.version) throw new InvalidInputError({ form: 'judging.score.stale' });
    const { values, comments, errors } = readScores(await listCriteria(tx, challenge.id), input);
    if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
    const submitted = input.intent === 'submit';
    const version = assignment!.version + 1;
    await tx
      .update(judgeAssignments)
      .set({ values, comments, notes: input.notes, state: submitted ? 'submitted' : 'draft', version, savedAt: now, submittedAt: submitted ? now : null })
      .where(and(eq(judgeAssignments.judgeId, judge!.id), eq(judgeAssignments.ideaId, assignment!.ideaId)));
    await judgingEvent(tx, now, actor!.id, challenge.id, 'judging.score', { judgeId: judge!.id, ideaId: assignment!.ideaId, submitted, version }, { type: 'judge', id: judge!.id });
    return { version, submitted };
  });
}

/** Reopen a judge's submitted score for them to change (staffJudging, the panel open): back to a draft. NotFoundError unless submitted. */
export async function reopenScore(deps: Deps, actor: Actor, challengeId: string, judgeId: string, ideaId: string): Promise<void> {
  if (!isUuid(judgeId) || !isUuid(ideaId)) throw new NotFoundError('score');
  await staffJudging(deps, actor, challengeId, async ({ tx, challenge, state, now, actorId }) => {
    if (!panelOpen(challenge, state, now)) throw new ForbiddenError('judging.policy.panelClosed');
    const reopened = await tx
      .update(judgeAssignments)
      .set({ state: 'draft', submittedAt: null, version: sql`${judgeAssignments.version} + 1` })
      .where(and(eq(judgeAssignments.judgeId, judgeId.toLowerCase()), eq(judgeAssignments.ideaId, ideaId.toLowerCase()), eq(judgeAssignments.challengeId, challenge.id), eq(judgeAssignments.state, 'submitted')))
      .returning({ judgeId: judgeAssignments.judgeId });
    if (reopened.length === 0) throw new NotFoundError('score');
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.reopen', { judgeId: judgeId.toLowerCase(), ideaId: ideaId.toLowerCase() }, { type: 'judge', id: judgeId.toLowerCase() });
  });
}

/** Close the panel before the judging close date (staffJudging): no score changes after. ConflictError if already closed. */
export async function closePanel(deps: Deps, actor: Actor, challengeId: string): Promise<void> {
  await staffJudging(deps, actor, challengeId, async ({ tx, challenge, state, now, actorId }) => {
    if (!panelOpen(challenge, state, now)) throw new ConflictError('judging.policy.panelClosed');
    await updateSettings(tx, challenge.id, { panelClosedAt: now });
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.close', {});
  });
}
