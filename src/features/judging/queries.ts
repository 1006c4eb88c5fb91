import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challenges, ideas, ineligibleIdeas, judgeAssignments, judgeInvitations, judgingSettings, organisations, rubricCriteria, shortlist } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';
import { CRITERIA_MAX } from './schemas.js';
import type { JudgingState } from './policy.js';

export type Criterion = typeof rubricCriteria.$inferSelect;

/** A challenge's rubric, in order (at most CRITERIA_MAX): one query on rubric_criteria_challenge_idx. */
export async function listCriteria(db: Db, challengeId: string): Promise<Criterion[]> {
  return db.select().from(rubricCriteria).where(eq(rubricCriteria.challengeId, challengeId)).orderBy(asc(rubricCriteria.position)).limit(CRITERIA_MAX);
}

/** One criterion of this challenge, or null (unknown, malformed, or another challenge's). */
export async function getCriterion(db: Db, challengeId: string, id: string): Promise<Criterion | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(rubricCriteria).where(eq(rubricCriteria.id, id.toLowerCase())).limit(1);
  return row && row.challengeId === challengeId ? row : null;
}

/** The rubric as one line of plain text, for the challenge's history ("1. Impact (40, 1–5) …"). */
export function rubricText(criteria: readonly Criterion[]): string {
  if (criteria.length === 0) return '';
  return criteria.map((c, i) => `${i + 1}. ${c.name} (${c.weight}, ${c.scaleMin}–${c.scaleMax}${c.commentRequired ? ', comment required' : ''})`).join('; ');
}

export type Method = { peopleWeight: number; normalisation: 'none' | 'minmax' | 'z'; blindReview: boolean; publishPanel: boolean };
export const DEFAULT_METHOD: Method = { peopleWeight: 0, normalisation: 'none', blindReview: false, publishPanel: false };

/** A challenge's judging method (the defaults until set): one query. */
export async function getMethod(db: Db, challengeId: string): Promise<Method> {
  const [row] = await db
    .select({ peopleWeight: judgingSettings.peopleWeight, normalisation: judgingSettings.normalisation, blindReview: judgingSettings.blindReview, publishPanel: judgingSettings.publishPanel })
    .from(judgingSettings)
    .where(eq(judgingSettings.challengeId, challengeId))
    .limit(1);
  return row ?? DEFAULT_METHOD;
}

/** A judge has scored (a value saved, or a score submitted): the rubric is locked from then on. */
export async function rubricLocked(db: Db, challengeId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(judgeAssignments)
    .where(and(eq(judgeAssignments.challengeId, challengeId), sql`(${judgeAssignments.values} <> '{}'::jsonb OR ${judgeAssignments.state} = 'submitted')`))
    .limit(1);
  return row !== undefined;
}

/** Where a challenge's judging stands (panel closed early, announced): one query. */
export async function getState(db: Db, challengeId: string): Promise<JudgingState> {
  const [row] = await db
    .select({ panelClosedAt: judgingSettings.panelClosedAt, announcedAt: judgingSettings.announcedAt })
    .from(judgingSettings)
    .where(eq(judgingSettings.challengeId, challengeId))
    .limit(1);
  return row ?? { panelClosedAt: null, announcedAt: null };
}

/** The method as one line of plain text, for the challenge's history. */
export const methodText = (m: Method) =>
  `people's choice ${m.peopleWeight}%, normalisation ${m.normalisation}, blind review ${m.blindReview ? 'yes' : 'no'}, panel published ${m.publishPanel ? 'yes' : 'no'}`;

/** An invitation to judge by its id (its link names it), with its challenge (title and council), or null. */
export async function invitationById(db: Db, id: string) {
  const [row] = await db
    .select({
      id: judgeInvitations.id,
      email: judgeInvitations.email,
      expiresAt: judgeInvitations.expiresAt,
      acceptedAt: judgeInvitations.acceptedAt,
      revokedAt: judgeInvitations.revokedAt,
      challenge: { id: challenges.id, title: challenges.title, titleFr: challenges.titleFr, council: organisations.name },
    })
    .from(judgeInvitations)
    .innerJoin(challenges, eq(challenges.id, judgeInvitations.challengeId))
    .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
    .where(eq(judgeInvitations.id, id))
    .limit(1);
  return row ?? null;
}

/** Ideas that may be shortlisted: public (not a draft, not hidden), not withdrawn or not taken forward, not ineligible. */
export const SHORTLISTABLE = ['submitted', 'under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented'] as const;
export const eligible = (challengeId: string) =>
  and(
    eq(ideas.challengeId, challengeId),
    inArray(ideas.status, [...SHORTLISTABLE]),
    isNull(ideas.hiddenAt),
    sql`NOT EXISTS (SELECT 1 FROM ${ineligibleIdeas} x WHERE x.idea_id = ${ideas.id})`,
  );

/** How many ideas the shortlist holds. */
export async function shortlistSize(db: Db, challengeId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(shortlist).where(eq(shortlist.challengeId, challengeId));
  return row?.n ?? 0;
}
