import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { judgingSettings, rubricCriteria } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';
import { CRITERIA_MAX } from './schemas.js';

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

/** The method as one line of plain text, for the challenge's history. */
export const methodText = (m: Method) =>
  `people's choice ${m.peopleWeight}%, normalisation ${m.normalisation}, blind review ${m.blindReview ? 'yes' : 'no'}, panel published ${m.publishPanel ? 'yes' : 'no'}`;
