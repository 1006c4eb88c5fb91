import { and, eq, isNull, sql } from 'drizzle-orm';
import { judgeAssignments, judges, shortlist } from '../../../db/schema/index.js';
import { rawRows } from '../../../db/client.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { panelOpen } from '../policy.js';
import type { AssignInput } from '../schemas.js';
import { judgingEvent, staffJudging } from './support.js';

/** Why a judge is recused automatically: they wrote the idea, belong to the organisation it was submitted for, or share a partner organisation with its author. */
export type AutomaticConflict = 'author' | 'organisation' | 'partner';

type Pair = { judge_id: string; idea_id: string; automatic: AutomaticConflict | null };

/**
 * Every (active judge, shortlisted idea) pair of a challenge, with the automatic conflict if any:
 * one statement, whatever the size of the panel and the shortlist.
 */
const PAIRS = (challengeId: string) => sql`
  SELECT j.id AS judge_id, s.idea_id,
         CASE WHEN i.author_id = j.user_id THEN 'author'
              WHEN i.organisation_id IS NOT NULL AND EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = i.organisation_id AND m.user_id = j.user_id) THEN 'organisation'
              WHEN i.author_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM memberships mj JOIN memberships ma ON ma.organisation_id = mj.organisation_id JOIN organisations o ON o.id = mj.organisation_id
                 WHERE o.kind = 'partner' AND mj.user_id = j.user_id AND ma.user_id = i.author_id) THEN 'partner'
         END AS automatic
    FROM judges j CROSS JOIN shortlist s JOIN ideas i ON i.id = s.idea_id
   WHERE j.challenge_id = ${challengeId} AND j.removed_at IS NULL AND s.challenge_id = ${challengeId}
   ORDER BY s.idea_id, j.created_at, j.id`;

/**
 * Assign the shortlist to the panel (issue 13, point 3). Who may: staffJudging, the panel open.
 * - 'everyone': every judge gets every shortlisted idea.
 * - 'balanced': each idea gets K judges able to score it, the judge with the fewest ideas first
 *   (equal loads: who joined first); ideas with the fewest possible judges are served first.
 *   An idea that already has K keeps them; a declared conflict no longer counts, so assigning
 *   again fills the gap.
 * Automatic conflicts are recorded as such whatever the mode (the judge is recused, staff see
 * it). Assigning never takes an assignment away: it only adds. Returns how many were added.
 * Throws InvalidInputError without a shortlist or judges, or with K above the panel's size.
 */
export async function assignShortlist(deps: Deps, actor: Actor, challengeId: string, input: AssignInput): Promise<number> {
  return staffJudging(deps, actor, challengeId, async ({ tx, challenge, state, now, actorId }) => {
    if (!panelOpen(challenge, state, now)) throw new ForbiddenError('judging.policy.panelClosed');
    const [{ ideas: ideaCount } = { ideas: 0 }] = await tx.select({ ideas: sql<number>`count(*)::int` }).from(shortlist).where(eq(shortlist.challengeId, challenge.id));
    if (ideaCount === 0) throw new InvalidInputError({ mode: 'judging.assign.noShortlist' });
    const [{ panel } = { panel: 0 }] = await tx.select({ panel: sql<number>`count(*)::int` }).from(judges).where(and(eq(judges.challengeId, challenge.id), isNull(judges.removedAt)));
    if (panel === 0) throw new InvalidInputError({ mode: 'judging.assign.noJudges' });
    if (input.mode === 'balanced' && input.perIdea > panel) throw new InvalidInputError({ perIdea: 'judging.assign.perIdeaTooMany' });

    const pairs = await rawRows<Pair>(tx, PAIRS(challenge.id));
    const existing = await tx
      .select({ judgeId: judgeAssignments.judgeId, ideaId: judgeAssignments.ideaId, conflict: judgeAssignments.conflict })
      .from(judgeAssignments)
      .where(eq(judgeAssignments.challengeId, challenge.id));
    const key = (judgeId: string, ideaId: string) => `${judgeId}|${ideaId}`;
    const had = new Set(existing.map((a) => key(a.judgeId, a.ideaId)));
    const chosen: { judgeId: string; ideaId: string; automatic: AutomaticConflict | null }[] = [];
    // Recusals are recorded in both modes.
    for (const p of pairs) if (p.automatic && !had.has(key(p.judge_id, p.idea_id))) chosen.push({ judgeId: p.judge_id, ideaId: p.idea_id, automatic: p.automatic });

    if (input.mode === 'everyone') {
      for (const p of pairs) if (!p.automatic && !had.has(key(p.judge_id, p.idea_id))) chosen.push({ judgeId: p.judge_id, ideaId: p.idea_id, automatic: null });
    } else {
      const load = new Map<string, number>();
      const judgeOrder: string[] = [];
      for (const p of pairs) if (!load.has(p.judge_id)) (load.set(p.judge_id, 0), judgeOrder.push(p.judge_id));
      const counting = (c: string | null) => c !== 'declared' && c !== 'automatic';
      const covered = new Map<string, number>();
      for (const a of existing) {
        if (!counting(a.conflict)) continue;
        load.set(a.judgeId, (load.get(a.judgeId) ?? 0) + 1);
        covered.set(a.ideaId, (covered.get(a.ideaId) ?? 0) + 1);
      }
      const candidates = new Map<string, string[]>();
      for (const p of pairs) if (!p.automatic && !had.has(key(p.judge_id, p.idea_id))) candidates.set(p.idea_id, [...(candidates.get(p.idea_id) ?? []), p.judge_id]);
      const ideaOrder = [...candidates.keys()].sort((a, b) => candidates.get(a)!.length - candidates.get(b)!.length || (a < b ? -1 : 1));
      for (const ideaId of ideaOrder) {
        const open = candidates.get(ideaId)!.slice();
        let need = input.perIdea - (covered.get(ideaId) ?? 0);
        while (need > 0 && open.length > 0) {
          open.sort((a, b) => load.get(a)! - load.get(b)! || judgeOrder.indexOf(a) - judgeOrder.indexOf(b));
          const judgeId = open.shift()!;
          chosen.push({ judgeId, ideaId, automatic: null });
          load.set(judgeId, load.get(judgeId)! + 1);
          need--;
        }
      }
    }

    for (let i = 0; i < chosen.length; i += 1000) {
      await tx
        .insert(judgeAssignments)
        .values(
          chosen.slice(i, i + 1000).map((c) => ({
            judgeId: c.judgeId,
            ideaId: c.ideaId,
            challengeId: challenge.id,
            ...(c.automatic ? { conflict: 'automatic' as const, conflictReason: c.automatic, conflictAt: now } : {}),
          })),
        )
        .onConflictDoNothing();
    }
    const added = chosen.filter((c) => !c.automatic).length;
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.assign', { mode: input.mode, perIdea: input.perIdea, added, recused: chosen.length - added });
    return added;
  });
}
