import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { ideas, ineligibleIdeas, judgeAssignments, shortlist } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import type { Actor } from '../../../lib/policy.js';
import { challengePhase } from '../../challenges/index.js';
import { canShortlist, panelOpen } from '../policy.js';
import { eligible, shortlistSize } from '../queries.js';
import { SHORTLIST_MAX, type IneligibleInput, type ShortlistInput, type TopInput } from '../schemas.js';
import { judgingEvent, staffJudging, type StaffContext } from './support.js';

/** The shortlist may change (canShortlist: by hand once the ideas are in, by support once voting closed), and the panel still takes scores. */
function checkShortlistOpen({ challenge, state, now }: StaffContext, how: 'hand' | 'top'): void {
  const decision = canShortlist(challengePhase(challenge, now), challenge, now, how);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  if (!panelOpen(challenge, state, now)) throw new ForbiddenError('judging.policy.panelClosed');
}

/** Each idea shortlisted is an event on the idea (its author hears of it). */
async function shortlisted(ctx: StaffContext, ideaIds: readonly string[]): Promise<void> {
  for (const ideaId of ideaIds)
    await recordEvent(ctx.tx, { actorId: ctx.actorId, name: 'judging.shortlist', entityType: 'idea', entityId: ideaId, subjectId: ideaId, payload: { challengeId: ctx.challenge.id }, pages: [pageScope.judging(ctx.challenge.id)] }, ctx.now);
}

/**
 * Shortlist the ideas ticked (issue 13, point 3). Who may: staffJudging; when: canShortlist (once
 * submissions closed, while voting goes on too) and the panel open. Every idea must be this challenge's and shortlistable — one that is not (a
 * withdrawn idea, another challenge's) refuses the whole list, and nothing is stored. At most
 * SHORTLIST_MAX. Returns how many were added (already shortlisted ones are left as they are).
 */
export async function shortlistIdeas(deps: Deps, actor: Actor, challengeId: string, input: ShortlistInput): Promise<number> {
  return staffJudging(deps, actor, challengeId, async (ctx) => {
    checkShortlistOpen(ctx, 'hand');
    const found = await ctx.tx.select({ id: ideas.id }).from(ideas).where(and(inArray(ideas.id, input.idea), eligible(ctx.challenge.id)));
    if (found.length !== input.idea.length) throw new InvalidInputError({ idea: 'judging.shortlist.notEligible' });
    if ((await shortlistSize(ctx.tx, ctx.challenge.id)) + input.idea.length > SHORTLIST_MAX) throw new InvalidInputError({ idea: 'judging.shortlist.full' });
    const added = await ctx.tx
      .insert(shortlist)
      .values(input.idea.map((ideaId) => ({ ideaId, challengeId: ctx.challenge.id, addedBy: ctx.actorId })))
      .onConflictDoNothing()
      .returning({ ideaId: shortlist.ideaId });
    await shortlisted(ctx, added.map((a) => a.ideaId));
    return added.length;
  });
}

/**
 * Shortlist the N most supported shortlistable ideas (point 3): by their support counts, frozen
 * since voting closed (supports set aside already taken off); equal counts by who published
 * first. Ideas already on the shortlist count among the N. Returns how many were added.
 */
export async function shortlistTop(deps: Deps, actor: Actor, challengeId: string, input: TopInput): Promise<number> {
  return staffJudging(deps, actor, challengeId, async (ctx) => {
    checkShortlistOpen(ctx, 'top');
    const top = await ctx.tx
      .select({ id: ideas.id })
      .from(ideas)
      .where(eligible(ctx.challenge.id))
      .orderBy(desc(ideas.supportCount), asc(ideas.publishedAt), asc(ideas.id))
      .limit(input.count);
    if (top.length === 0) throw new InvalidInputError({ count: 'judging.shortlist.noIdeas' });
    const current = await ctx.tx.select({ id: shortlist.ideaId }).from(shortlist).where(eq(shortlist.challengeId, ctx.challenge.id));
    const kept = new Set(current.map((r) => r.id));
    if (new Set([...kept, ...top.map((t) => t.id)]).size > SHORTLIST_MAX) throw new InvalidInputError({ count: 'judging.shortlist.full' });
    const fresh = top.filter((t) => !kept.has(t.id));
    const added = fresh.length
      ? await ctx.tx
          .insert(shortlist)
          .values(fresh.map((t) => ({ ideaId: t.id, challengeId: ctx.challenge.id, addedBy: ctx.actorId })))
          .onConflictDoNothing()
          .returning({ ideaId: shortlist.ideaId })
      : [];
    await shortlisted(ctx, added.map((a) => a.ideaId));
    return added.length;
  });
}

/** An idea's assignments hold a score (a value saved, or submitted): it can no longer leave the shortlist. */
async function scored(tx: Db, ideaId: string): Promise<boolean> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(judgeAssignments)
    .where(and(eq(judgeAssignments.ideaId, ideaId), sql`(${judgeAssignments.values} <> '{}'::jsonb OR ${judgeAssignments.state} = 'submitted')`));
  return row!.n > 0;
}

/** Takes an idea off the shortlist with its (unscored) assignments; ConflictError once scored. */
async function unlist(tx: Db, ideaId: string): Promise<boolean> {
  if (await scored(tx, ideaId)) throw new ConflictError('judging.shortlist.scored');
  await tx.delete(judgeAssignments).where(eq(judgeAssignments.ideaId, ideaId));
  const gone = await tx.delete(shortlist).where(eq(shortlist.ideaId, ideaId)).returning({ id: shortlist.ideaId });
  return gone.length > 0;
}

/** Take an idea off the shortlist (staffJudging, the panel open), unless a judge has scored it (409). */
export async function removeFromShortlist(deps: Deps, actor: Actor, challengeId: string, ideaId: string): Promise<void> {
  if (!isUuid(ideaId)) throw new NotFoundError('idea');
  await staffJudging(deps, actor, challengeId, async (ctx) => {
    if (!panelOpen(ctx.challenge, ctx.state, ctx.now)) throw new ForbiddenError('judging.policy.panelClosed');
    const [row] = await ctx.tx.select({ id: shortlist.ideaId }).from(shortlist).where(and(eq(shortlist.ideaId, ideaId.toLowerCase()), eq(shortlist.challengeId, ctx.challenge.id))).limit(1);
    if (!row) throw new NotFoundError('idea');
    await unlist(ctx.tx, row.id);
    await judgingEvent(ctx.tx, ctx.now, ctx.actorId, ctx.challenge.id, 'judging.unshortlist', { ideaId: row.id }, { type: 'idea', id: row.id });
  });
}

/**
 * Mark an idea ineligible under the challenge's rules (point 3): distinct from "not taken
 * forward" (a council's decision on a good idea). The reason is shown to its author on the
 * idea's page, and they are told. Off the shortlist with it — refused (409) once a judge scored it.
 * Who may: staffJudging. Throws NotFoundError for another challenge's idea, ConflictError if already marked.
 */
export async function markIneligible(deps: Deps, actor: Actor, challengeId: string, input: IneligibleInput): Promise<void> {
  await staffJudging(deps, actor, challengeId, async (ctx) => {
    const [idea] = await ctx.tx.select({ id: ideas.id }).from(ideas).where(and(eq(ideas.id, input.idea), eq(ideas.challengeId, ctx.challenge.id), notInArray(ideas.status, ['draft']))).limit(1);
    if (!idea) throw new NotFoundError('idea');
    await unlist(ctx.tx, idea.id);
    const marked = await ctx.tx.insert(ineligibleIdeas).values({ ideaId: idea.id, challengeId: ctx.challenge.id, reason: input.reason, decidedBy: ctx.actorId }).onConflictDoNothing().returning({ id: ineligibleIdeas.ideaId });
    if (marked.length === 0) throw new ConflictError('judging.ineligible.already');
    await recordEvent(ctx.tx, { actorId: ctx.actorId, name: 'judging.ineligible', entityType: 'idea', entityId: idea.id, subjectId: idea.id, payload: { challengeId: ctx.challenge.id }, pages: [pageScope.subject(idea.id), pageScope.judging(ctx.challenge.id)] }, ctx.now);
  });
}
