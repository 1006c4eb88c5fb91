import type { AppContext } from '../../http/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { challengePhase, getChallenge, type Challenge, type PhaseState } from '../challenges/index.js';
import { canViewIdea } from './policy.js';
import { getIdea, type IdeaDetail } from './queries.js';

/** A challenge people can take part in (published or archived, never a draft) and its phase now; else a 404. */
export async function openChallenge(c: AppContext, id: string): Promise<{ challenge: Challenge; phase: PhaseState }> {
  const challenge = await getChallenge(c.get('deps').db, id);
  if (!challenge || challenge.status === 'draft') throw new NotFoundError('challenge');
  return { challenge, phase: challengePhase(challenge, c.get('now')) };
}

/**
 * The idea named in a URL as this viewer may see it (a draft only by its author), with its
 * challenge and the challenge's phase now; unknown, malformed or hidden: a 404.
 */
export async function ideaInChallenge(c: AppContext, id: string): Promise<{ idea: IdeaDetail; challenge: Challenge; phase: PhaseState }> {
  const idea = await getIdea(c.get('deps').db, id);
  if (!idea || !canViewIdea(c.get('user'), idea).ok) throw new NotFoundError('idea');
  return { idea, ...(await openChallenge(c, idea.challengeId)) };
}
