import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import { RubricSection } from '../../../views/judging/RubricPages.js';
import { listCriteria } from './queries.js';

/** "How ideas will be judged" on the challenge page (one query); nothing without a rubric. */
export async function rubricSection(c: AppContext, challengeId: string): Promise<Child> {
  const criteria = await listCriteria(c.get('deps').db, challengeId);
  return <RubricSection ctx={viewContext(c)} criteria={criteria} />;
}
