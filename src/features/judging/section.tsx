import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import { RubricSection } from '../../../views/judging/RubricPages.js';
import { getMethod, listCriteria } from './queries.js';

/** "How ideas will be judged" on the challenge page (two queries); nothing without a rubric. */
export async function rubricSection(c: AppContext, challengeId: string): Promise<Child> {
  const { db } = c.get('deps');
  const criteria = await listCriteria(db, challengeId);
  if (criteria.length === 0) return null;
  return <RubricSection ctx={viewContext(c)} criteria={criteria} method={await getMethod(db, challengeId)} />;
}
