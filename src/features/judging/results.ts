import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rawRows, type Db } from '../../db/client.js';
import { judgeAssignments, judges, judgingSettings, nextSteps, resultCorrections, users } from '../../db/schema/index.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { integritySummary } from '../votes/index.js';
import { loadBoard } from './board.js';
import { listAwards } from './overview.js';
import type { Participation, ResultsSnapshot } from '../../../views/judging/ResultsPage.js';

/**
 * A competition's results as announced (issue 13, points 6–7): written once at the announcement
 * (and again at each correction) into judging_settings.results, so the public page and its JSON
 * read one row whatever the number of ideas and judges, and show what was announced even if the
 * data move on. Numbers to two decimals; words as their authors wrote them; citations rendered
 * from markdown and sanitised here. Its shape is the results page's (views/judging/ResultsPage.tsx).
 */
export type { Participation, ResultsSnapshot };

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * Participation in a challenge, in two statements: the totals (ideas public, people who submitted,
 * supported or commented, supports counted, comments shown, organisations ideas were submitted
 * for) and the same by week.
 */
export async function participation(db: Db, challengeId: string): Promise<Participation> {
  const base = sql`
    i AS (SELECT id, author_id, organisation_id, published_at AS at FROM ideas WHERE challenge_id = ${challengeId} AND status <> 'draft' AND hidden_at IS NULL),
    v AS (SELECT user_id, created_at AS at FROM idea_votes WHERE challenge_id = ${challengeId} AND set_aside_id IS NULL),
    c AS (SELECT author_id, created_at AS at FROM comments WHERE hidden_at IS NULL AND (subject_id = ${challengeId} OR subject_id IN (SELECT id FROM i)))`;
  const [totals] = await rawRows<{ ideas: number; supports: number; comments: number; participants: number; organisations: number }>(
    db,
    sql`WITH ${base}
        SELECT (SELECT count(*) FROM i)::int AS ideas, (SELECT count(*) FROM v)::int AS supports, (SELECT count(*) FROM c)::int AS comments,
               (SELECT count(DISTINCT p) FROM (SELECT author_id AS p FROM i UNION ALL SELECT user_id FROM v UNION ALL SELECT author_id FROM c) x WHERE p IS NOT NULL)::int AS participants,
               (SELECT count(DISTINCT organisation_id) FROM i WHERE organisation_id IS NOT NULL)::int AS organisations`,
  );
  const weeks = await rawRows<{ week: string; ideas: number; supports: number; comments: number }>(
    db,
    sql`WITH ${base}, all_ AS (SELECT 'i' AS k, at FROM i WHERE at IS NOT NULL UNION ALL SELECT 'v', at FROM v UNION ALL SELECT 'c', at FROM c)
        SELECT to_char(date_trunc('week', at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
               count(*) FILTER (WHERE k = 'i')::int AS ideas, count(*) FILTER (WHERE k = 'v')::int AS supports, count(*) FILTER (WHERE k = 'c')::int AS comments
          FROM all_ GROUP BY 1 ORDER BY 1 LIMIT 200`,
  );
  return { ...totals!, weeks };
}

/** The results of a competition now: the board (decision 0060), the awards, the method in numbers, participation. */
export async function computeResults(db: Db, challengeId: string, now: Date): Promise<ResultsSnapshot> {
  const board = await loadBoard(db, challengeId);
  const given = await listAwards(db, challengeId);
  const [conflicts] = await db
    .select({
      declared: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.conflict} = 'declared')::int`,
      automatic: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.conflict} = 'automatic')::int`,
    })
    .from(judgeAssignments)
    .where(eq(judgeAssignments.challengeId, challengeId));
  const panel = board.method.publishPanel
    ? (await db.select({ name: users.displayName }).from(judges).innerJoin(users, eq(users.id, judges.userId)).where(and(eq(judges.challengeId, challengeId), sql`${judges.removedAt} IS NULL`)).orderBy(asc(users.displayName))).map((r) => r.name)
    : null;
  const integrity = await integritySummary(db, challengeId);
  const total = board.criteria.reduce((s, c) => s + c.weight, 0);
  const titles = new Map(board.ideas.map((i) => [i.ideaId, i.title]));
  return {
    version: 1,
    computedAt: now.toISOString(),
    awards: given.map((a) => ({
      kind: a.kind,
      place: a.place,
      ideaId: a.ideaId,
      title: a.ideaTitle,
      citationHtml: renderMarkdown(a.citation),
      citationFrHtml: a.citationFr ? renderMarkdown(a.citationFr) : null,
      prize: a.prize,
      prizeFr: a.prizeFr,
    })),
    table: board.ideas.map((i) => ({ rank: i.rank, ideaId: i.ideaId, title: i.title, supports: i.supports, panel: round(i.panel), people: round(i.people)!, final: round(i.final), judges: i.judges })),
    method: {
      criteria: board.criteria.map((c) => ({ name: c.name, nameFr: c.nameFr, weight: c.weight, share: total ? Math.round((100 * c.weight) / total) : 0, scaleMin: c.scaleMin, scaleMax: c.scaleMax })),
      peopleWeight: board.method.peopleWeight,
      normalisation: board.method.normalisation,
      blindReview: board.method.blindReview,
      judges: board.judges,
      panel,
      conflictsDeclared: conflicts?.declared ?? 0,
      recusals: conflicts?.automatic ?? 0,
      supportsReceived: integrity.received,
      supportsSetAside: integrity.setAside,
      // One line per decision (two ties broken for the same reason stay two).
      ties: board.breaks.map((b) => ({ titles: b.ideaIds.map((id) => titles.get(id) ?? ''), reason: b.reason })),
    },
    participation: await participation(db, challengeId),
  };
}

export type Announced = { announcedAt: Date; results: ResultsSnapshot } | null;

/** The announced results of a challenge, or null before the announcement: one query. */
export async function announcedResults(db: Db, challengeId: string): Promise<Announced> {
  const [row] = await db.select({ announcedAt: judgingSettings.announcedAt, results: judgingSettings.results }).from(judgingSettings).where(eq(judgingSettings.challengeId, challengeId)).limit(1);
  return row?.announcedAt && row.results ? { announcedAt: row.announcedAt, results: row.results as ResultsSnapshot } : null;
}

/** The corrections made since the announcement, oldest first. */
export async function listCorrections(db: Db, challengeId: string): Promise<{ reason: string; at: Date }[]> {
  return db.select({ reason: resultCorrections.reason, at: resultCorrections.createdAt }).from(resultCorrections).where(eq(resultCorrections.challengeId, challengeId)).orderBy(asc(resultCorrections.createdAt)).limit(100);
}

export type NextStepsVersion = { body: string; bodyFr: string | null; at: Date };

/** "What happens next", every version newest first (the first is shown; the rest are its history). */
export async function listNextSteps(db: Db, challengeId: string): Promise<NextStepsVersion[]> {
  return db.select({ body: nextSteps.body, bodyFr: nextSteps.bodyFr, at: nextSteps.createdAt }).from(nextSteps).where(eq(nextSteps.challengeId, challengeId)).orderBy(desc(nextSteps.createdAt)).limit(50);
}
