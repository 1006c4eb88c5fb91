import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rawRows, type Db } from '../../db/client.js';
import type { Deps } from '../../lib/deps.js';
import { pageScope, pageVersions } from '../../lib/page-versions.js';
import { ideas, judgeAssignments, judges, shortlist, tieBreaks, users } from '../../db/schema/index.js';
import { aggregate, applyTieBreaks, type RankedIdea, type TieBreak } from './aggregate.js';
import { getMethod, listCriteria, type Criterion, type Method } from './queries.js';

export type BoardIdea = RankedIdea & { title: string; supports: number };

export type Board = {
  criteria: Criterion[];
  method: Method;
  /** Best first (decision 0060), tie breaks applied; ideas nobody scored last. */
  ideas: BoardIdea[];
  /** Ties left for staff to break, best first. */
  ties: string[][];
  /** The tie breaks that apply (each decision's ideas in the order chosen, and why), best tie first. */
  breaks: TieBreak[];
  /** Judges whose submitted scores count (on the panel), and every judge who ever sat. */
  judges: number;
  /** Submitted scores that count, and those of removed judges (kept, outside the totals). */
  scores: number;
  removedScores: number;
};

/**
 * Everything a competition's numbers come from, read in five queries whatever the number of ideas
 * and judges (rubric, method, shortlist with supports, submitted scores, tie breaks), then the
 * arithmetic of decision 0060 (aggregate.ts). The scoreboard, the CSV, the announcement's
 * snapshot and the results page all read this one function.
 */
export async function loadBoard(db: Db, challengeId: string): Promise<Board> {
  const [criteria, method] = [await listCriteria(db, challengeId), await getMethod(db, challengeId)];
  const listed = await db
    .select({ ideaId: ideas.id, title: ideas.title, supports: ideas.supportCount })
    .from(shortlist)
    .innerJoin(ideas, eq(ideas.id, shortlist.ideaId))
    .where(eq(shortlist.challengeId, challengeId))
    .orderBy(desc(ideas.supportCount), asc(ideas.id));
  const submitted = await submittedScores(db, challengeId, true);
  const breaks = await db.select({ ideaIds: tieBreaks.ideaIds, reason: tieBreaks.reason }).from(tieBreaks).where(eq(tieBreaks.challengeId, challengeId)).orderBy(asc(tieBreaks.createdAt));
  const removed = new Set(submitted.filter((s) => s.removed).map((s) => s.judgeId));
  const result = aggregate({
    criteria: criteria.map((c) => ({ id: c.id, weight: c.weight, min: c.scaleMin, max: c.scaleMax })),
    // A criterion added before anyone scored and left empty cannot happen (the rubric locks at the first score); a score missing one is left out rather than guessed.
    scores: submitted.filter((s) => criteria.every((c) => typeof s.values[c.id] === 'number')),
    removed,
    shortlist: listed.map((l) => ({ ideaId: l.ideaId, supports: l.supports })),
    normalisation: method.normalisation,
    peopleWeight: method.peopleWeight / 100,
  });
  const ranked = applyTieBreaks(result, breaks);
  const info = new Map(listed.map((l) => [l.ideaId, l]));
  return {
    criteria,
    method,
    ideas: ranked.ideas.map((r) => ({ ...r, title: info.get(r.ideaId)!.title, supports: info.get(r.ideaId)!.supports })),
    ties: ranked.ties,
    breaks: ranked.applied,
    judges: new Set(submitted.filter((s) => !s.removed).map((s) => s.judgeId)).size,
    scores: submitted.filter((s) => !s.removed).length,
    removedScores: submitted.filter((s) => s.removed).length,
  };
}

type Submitted = { judgeId: string; ideaId: string; values: Record<string, number>; removed: boolean };

/**
 * The submitted scores that can count (no conflict), with whether their judge was removed; judges
 * removed left out unless `withRemoved`. Raw rows: thousands of them are read on each scoreboard,
 * and drizzle's mapping doubled the time.
 */
async function submittedScores(db: Db, challengeId: string, withRemoved: boolean): Promise<Submitted[]> {
  const rows = await rawRows<{ judge_id: string; idea_id: string; values: Record<string, number> | string; removed: boolean }>(
    db,
    sql`SELECT a.judge_id, a.idea_id, a.values, j.removed_at IS NOT NULL AS removed
          FROM judge_assignments a JOIN judges j ON j.id = a.judge_id
         WHERE a.challenge_id = ${challengeId} AND a.state = 'submitted' AND a.conflict = 'none' ${withRemoved ? sql`` : sql`AND j.removed_at IS NULL`}
         ORDER BY j.created_at, j.id`,
  );
  return rows.map((r) => ({ judgeId: r.judge_id, ideaId: r.idea_id, values: typeof r.values === 'string' ? (JSON.parse(r.values) as Record<string, number>) : r.values, removed: r.removed }));
}

/**
 * What a competition's staff pages show depends on: every judging action (which bumps the
 * challenge's judging scope), supports and set-asides (its ranking), its own changes (its rubric),
 * and names and titles (site).
 */
const judgingScopes = (challengeId: string) => [pageScope.site, pageScope.judging(challengeId), pageScope.ranking(challengeId), pageScope.subject(challengeId)];

/** The version of a challenge's judging now: one query (none on the embedded database). Read before the data. */
export async function judgingVersion(deps: Pick<Deps, 'db' | 'dbKind'>, challengeId: string): Promise<string> {
  return (await pageVersions(deps.db, deps.dbKind, judgingScopes(challengeId), [])).base;
}

const KEPT = 256;
const kept = new Map<string, { version: string; value: unknown }>();

/**
 * What the staff's judging pages compute (the board, the panel's progress, the shortlist, the
 * CSV), kept in this process while the challenge's judging version stays the same: staff open
 * these pages again and again between changes, and a competition's 4,000 scores take tens of
 * milliseconds to read and add up. The least recently used go first.
 */
export async function remember<T>(challengeId: string, version: string, what: string, compute: () => Promise<T>): Promise<T> {
  const key = `${challengeId}|${what}`;
  const hit = kept.get(key);
  kept.delete(key);
  if (hit && hit.version === version) {
    kept.set(key, hit);
    return hit.value as T;
  }
  const value = await compute();
  kept.set(key, { version, value });
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return value;
}

/** The board (loadBoard), kept while the judging version holds. */
export async function cachedBoard(deps: Pick<Deps, 'db' | 'dbKind'>, challengeId: string, version?: string): Promise<Board> {
  return remember(challengeId, version ?? (await judgingVersion(deps, challengeId)), 'board', () => loadBoard(deps.db, challengeId));
}

/** One idea's submitted and draft scores, judge by judge, for staff (names shown: staff reopen scores; notes never). */
export async function ideaScores(db: Db, challengeId: string, ideaId: string) {
  return db
    .select({
      judgeId: judges.id,
      judgeName: users.displayName,
      removed: sql<boolean>`${judges.removedAt} IS NOT NULL`,
      conflict: judgeAssignments.conflict,
      state: judgeAssignments.state,
      values: judgeAssignments.values,
      comments: judgeAssignments.comments,
      submittedAt: judgeAssignments.submittedAt,
    })
    .from(judgeAssignments)
    .innerJoin(judges, eq(judges.id, judgeAssignments.judgeId))
    .innerJoin(users, eq(users.id, judges.userId))
    .where(and(eq(judgeAssignments.challengeId, challengeId), eq(judgeAssignments.ideaId, ideaId)))
    .orderBy(asc(judges.createdAt))
    .limit(200);
}

/**
 * The anonymised score table for export: one row per submitted score that counts, the judge
 * named only by a number (Judge 1, 2… in the order they joined), each criterion's value, the
 * judge's score, and the idea's panel, people's and final scores and rank.
 */
export async function scoreRows(db: Db, challengeId: string, board: Board): Promise<string[][]> {
  const submitted = await submittedScores(db, challengeId, false);
  const number = new Map<string, number>();
  for (const s of submitted) if (!number.has(s.judgeId)) number.set(s.judgeId, number.size + 1);
  const f = (x: number | null) => (x === null ? '' : x.toFixed(2));
  const header = ['rank', 'idea', 'idea_id', 'supports', 'panel_score', 'people_score', 'final_score', 'judge', ...board.criteria.map((c) => c.name)];
  const rows: string[][] = [header];
  const byIdea = new Map<string, Submitted[]>();
  for (const s of submitted) {
    const mine = byIdea.get(s.ideaId);
    if (mine) mine.push(s);
    else byIdea.set(s.ideaId, [s]);
  }
  for (const idea of board.ideas) {
    const mine = byIdea.get(idea.ideaId) ?? [];
    const base = [idea.rank === null ? '' : String(idea.rank), idea.title, idea.ideaId, String(idea.supports), f(idea.panel), f(idea.people), f(idea.final)];
    if (mine.length === 0) rows.push([...base, '', ...board.criteria.map(() => '')]);
    for (const s of mine) rows.push([...base, `Judge ${number.get(s.judgeId)}`, ...board.criteria.map((c) => String(s.values[c.id] ?? ''))]);
  }
  return rows;
}
