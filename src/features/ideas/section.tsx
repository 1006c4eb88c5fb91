import { and, desc, eq, notInArray } from 'drizzle-orm';
import type { Child } from 'hono/jsx';
import { ideas } from '../../db/schema/index.js';
import type { AppContext } from '../../lib/context.js';
import { viewContext } from '../../lib/http.js';
import type { PhaseState } from '../challenges/phase.js';
import { IdeaList } from '../../../views/ideas/IdeaList.js';

/** What the challenge page knows about its challenge, for the ideas section. */
export type ChallengeForIdeas = { id: string; phase: PhaseState };

/**
 * The ideas section of the challenge page (owned by the ideas feature; the challenges feature
 * places it). Reads the list parameters from the request's query string.
 */
export async function ideasSection(c: AppContext, challenge: ChallengeForIdeas): Promise<Child> {
  const rows = await c
    .get('deps')
    .db.select({ id: ideas.id, title: ideas.title, summary: ideas.summary, status: ideas.status, publishedAt: ideas.publishedAt })
    .from(ideas)
    .where(and(eq(ideas.challengeId, challenge.id), notInArray(ideas.status, ['draft', 'withdrawn'])))
    .orderBy(desc(ideas.publishedAt), desc(ideas.id))
    .limit(20);
  return <IdeaList ctx={viewContext(c)} challengeId={challenge.id} items={rows} />;
}
