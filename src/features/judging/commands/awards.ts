import { and, eq, ne } from 'drizzle-orm';
import { awards, ideas, nextSteps, resultCorrections, shortlist } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import type { Actor } from '../../../lib/policy.js';
import { computeResults } from '../results.js';
import { challengePhase } from '../../challenges/index.js';
import type { AwardInput, CorrectionInput, NextStepsInput } from '../schemas.js';
import { eligible } from '../queries.js';
import { judgingEvent, staffJudging, updateSettings, type StaffContext } from './support.js';

/**
 * A change of the awards (issue 13, point 6). Before the announcement: staff prepare them freely.
 * After: only as a recorded correction — a reason is required, kept and shown on the results
 * page, the results are computed again (with the supports as they are now: e.g. some set aside
 * since) and the challenge's followers are told.
 */
async function resultsChange<T>(deps: Deps, actor: Actor, challengeId: string, reason: string, change: (ctx: StaffContext) => Promise<T>): Promise<T> {
  return staffJudging(
    deps,
    actor,
    challengeId,
    async (ctx) => {
      if (ctx.state.announcedAt && reason === '') throw new InvalidInputError({ reason: 'judging.correction.reasonRequired' });
      const result = await change(ctx);
      if (ctx.state.announcedAt) await recordCorrection(ctx, reason);
      return result;
    },
    'results',
  );
}

/** Records a correction of announced results and writes them again. */
async function recordCorrection(ctx: StaffContext, reason: string): Promise<void> {
  const [row] = await ctx.tx.insert(resultCorrections).values({ challengeId: ctx.challenge.id, reason, decidedBy: ctx.actorId }).returning({ id: resultCorrections.id });
  await updateSettings(ctx.tx, ctx.challenge.id, { results: await computeResults(ctx.tx, ctx.challenge.id, ctx.now) });
  await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.correct', { correctionId: row!.id }, { type: 'result_correction', id: row!.id }, [pageScope.subject(ctx.challenge.id)]);
}

/** The idea an award goes to: a shortlisted idea for a place or a mention; any idea that could have been shortlisted for the people's choice. */
async function awardable(ctx: StaffContext, input: AwardInput): Promise<void> {
  const [idea] =
    input.kind === 'people'
      ? await ctx.tx.select({ id: ideas.id }).from(ideas).where(and(eq(ideas.id, input.idea), eligible(ctx.challenge.id))).limit(1)
      : await ctx.tx.select({ id: shortlist.ideaId }).from(shortlist).where(and(eq(shortlist.ideaId, input.idea), eq(shortlist.challengeId, ctx.challenge.id))).limit(1);
  if (!idea) throw new InvalidInputError({ idea: input.kind === 'people' ? 'judging.award.ideaInvalid' : 'judging.award.notShortlisted' });
}

/** One place per number, one people's choice. */
async function checkUnique(ctx: StaffContext, input: AwardInput, except: string | null): Promise<void> {
  if (input.kind === 'mention') return;
  const same = await ctx.tx
    .select({ id: awards.id })
    .from(awards)
    .where(and(eq(awards.challengeId, ctx.challenge.id), eq(awards.kind, input.kind), input.kind === 'place' ? eq(awards.place, input.place!) : undefined, except ? ne(awards.id, except) : undefined))
    .limit(1);
  if (same.length) throw new InvalidInputError(input.kind === 'place' ? { place: 'judging.award.placeTaken' } : { kind: 'judging.award.peopleTaken' });
}

const values = (input: AwardInput) => ({
  ideaId: input.idea,
  kind: input.kind,
  place: input.kind === 'place' ? input.place : null,
  citation: input.citation,
  citationFr: input.citationFr,
  prize: input.prize,
  prizeFr: input.prizeFr,
});

/** Give an award (staff, canChangeResults; after the announcement, a correction). */
export async function addAward(deps: Deps, actor: Actor, challengeId: string, input: AwardInput): Promise<void> {
  await resultsChange(deps, actor, challengeId, input.reason, async (ctx) => {
    await awardable(ctx, input);
    await checkUnique(ctx, input, null);
    const [row] = await ctx.tx.insert(awards).values({ ...values(input), challengeId: ctx.challenge.id, createdBy: ctx.actorId }).returning({ id: awards.id });
    await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.award', { awardId: row!.id, action: 'add' }, { type: 'award', id: row!.id });
  });
}

/** Change an award. NotFoundError for another challenge's. */
export async function editAward(deps: Deps, actor: Actor, challengeId: string, awardId: string, input: AwardInput): Promise<void> {
  if (!isUuid(awardId)) throw new NotFoundError('award');
  await resultsChange(deps, actor, challengeId, input.reason, async (ctx) => {
    await awardable(ctx, input);
    await checkUnique(ctx, input, awardId.toLowerCase());
    const changed = await ctx.tx
      .update(awards)
      .set({ ...values(input), updatedAt: ctx.now })
      .where(and(eq(awards.id, awardId.toLowerCase()), eq(awards.challengeId, ctx.challenge.id)))
      .returning({ id: awards.id });
    if (!changed.length) throw new NotFoundError('award');
    await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.award', { awardId: changed[0]!.id, action: 'edit' }, { type: 'award', id: changed[0]!.id });
  });
}

/** Take an award back. NotFoundError for another challenge's. */
export async function removeAward(deps: Deps, actor: Actor, challengeId: string, awardId: string, input: CorrectionInput): Promise<void> {
  if (!isUuid(awardId)) throw new NotFoundError('award');
  await resultsChange(deps, actor, challengeId, input.reason, async (ctx) => {
    const gone = await ctx.tx.delete(awards).where(and(eq(awards.id, awardId.toLowerCase()), eq(awards.challengeId, ctx.challenge.id))).returning({ id: awards.id });
    if (!gone.length) throw new NotFoundError('award');
    await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.award', { awardId: gone[0]!.id, action: 'remove' }, { type: 'award', id: gone[0]!.id });
  });
}

/**
 * Announce the results (point 6): one deliberate step, once. Who may: staffJudging (so a second
 * announcement — or a second member of staff announcing at the same moment, who waits for the
 * lock — is refused: the results are announced). Needs the confirmation box, at least one award
 * no tie left unbroken, and (with a vote) voting closed. Writes the results (computeResults) with the moment, which closes
 * the panel for good; the event tells the challenge's followers, each award's event its author.
 */
export async function announceResults(deps: Deps, actor: Actor, challengeId: string, input: { confirm: boolean }): Promise<void> {
  await staffJudging(deps, actor, challengeId, async (ctx) => {
    if (!input.confirm) throw new InvalidInputError({ confirm: 'judging.announce.confirmRequired' });
    // The people's numbers are final only once the vote is over.
    if (ctx.challenge.votingOpenAt !== null && !challengePhase(ctx.challenge, ctx.now).votingClosed) throw new ConflictError('judging.announce.votingOpen');
    const results = await computeResults(ctx.tx, ctx.challenge.id, ctx.now);
    if (results.awards.length === 0) throw new ConflictError('judging.announce.noAwards');
    if (results.table.some((r, i) => r.rank !== null && results.table.some((o, j) => j !== i && o.rank === r.rank))) throw new ConflictError('judging.announce.ties');
    await updateSettings(ctx.tx, ctx.challenge.id, { announcedAt: ctx.now, announcedBy: ctx.actorId, results });
    await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.announce', { awards: results.awards.length }, undefined, [pageScope.subject(ctx.challenge.id)]);
    for (const a of results.awards)
      await recordEvent(ctx.tx, { actorId: ctx.actorId, name: 'judging.awarded', entityType: 'idea', entityId: a.ideaId, subjectId: a.ideaId, payload: { challengeId: ctx.challenge.id, kind: a.kind, place: a.place } }, ctx.now);
  });
}

/** A correction of announced results with nothing else changed (supports set aside since, a mistake in the method): a reason, and the results computed again. */
export async function correctResults(deps: Deps, actor: Actor, challengeId: string, input: CorrectionInput): Promise<void> {
  await staffJudging(
    deps,
    actor,
    challengeId,
    async (ctx) => {
      if (!ctx.state.announcedAt) throw new ForbiddenError('judging.correction.notAnnounced');
      if (input.reason === '') throw new InvalidInputError({ reason: 'judging.correction.reasonRequired' });
      await recordCorrection(ctx, input.reason);
    },
    'results',
  );
}

/** "What happens next" (point 7): a new version, dated; the earlier ones stay as its history. */
export async function setNextSteps(deps: Deps, actor: Actor, challengeId: string, input: NextStepsInput): Promise<void> {
  await staffJudging(
    deps,
    actor,
    challengeId,
    async (ctx) => {
      const [row] = await ctx.tx.insert(nextSteps).values({ challengeId: ctx.challenge.id, body: input.body, bodyFr: input.bodyFr, editedBy: ctx.actorId }).returning({ id: nextSteps.id });
      await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.nextSteps', { nextStepsId: row!.id }, { type: 'next_steps', id: row!.id }, [pageScope.subject(ctx.challenge.id)]);
    },
    'results',
  );
}
