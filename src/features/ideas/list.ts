import { readCookie, writeCookie } from '../../http/cookies.js';
import type { AppContext } from '../../http/context.js';
import type { IdeaListState } from '../../../views/ideas/IdeaList.js';
import type { PhaseState } from '../challenges/index.js';
import { drawSeed, SEED } from './fair-order.js';
import { listIdeas, type IdeaPage } from './queries.js';
import { listQuerySchema } from './schemas.js';

/** The visitor's seed for the fair random order (see listIdeas and fair-order.ts): kept a day in a cookie. */
export const SEED_COOKIE = 'cw_seed';

/**
 * The challenge held a vote and it is over (its close date passed, or the challenge closed early
 * or was archived after voting opened): the supports are final, so they rank the ideas.
 */
export function voteIsOver(challenge: { votingOpenAt: Date | null; phase: Pick<PhaseState, 'votingClosed'> }, now: Date): boolean {
  return challenge.phase.votingClosed && challenge.votingOpenAt !== null && challenge.votingOpenAt <= now;
}

const seeds = new WeakMap<Request, string>();

/**
 * The seed of the fair random order for this request: the URL's (a "Show more" link continues
 * its order), else the visitor's cookie, else a new one of the day's set of 32 (drawSeed,
 * decision 0053), set in the cookie — once per request, so the page cache can key on it before
 * the page is made (src/pages/challenge.tsx).
 */
export function visitorSeed(c: AppContext): string {
  const known = seeds.get(c.req.raw);
  if (known) return known;
  const fromUrl = c.req.query('seed');
  let seed: string;
  if (fromUrl && SEED.test(fromUrl)) seed = fromUrl;
  else {
    const cookie = readCookie(c, SEED_COOKIE);
    if (cookie && SEED.test(cookie)) seed = cookie;
    else {
      seed = drawSeed(c.get('now'));
      writeCookie(c, SEED_COOKIE, seed, { maxAge: 86_400 });
    }
  }
  seeds.set(c.req.raw, seed);
  return seed;
}

/**
 * The ideas list's parameters from the query string (sort, status, topic, q, seed, after). The
 * random order's seed comes from the URL (so a "Show more" link continues the same order) or else
 * the visitor's cookie, set when missing to a seed of the day's small set (visitorSeed): each
 * visitor keeps one order, stable as they page and come back, and anonymous pages come in a few
 * variants a cache can hold. Any valid seed (an older cookie, a shared link) still gives its order.
 * With `countsHidden` (the challenge hides support counts from this viewer), rankings by support
 * are hidden too: such a request gets the fair random order. Without a sort
 * in the URL: the fair random order while the vote may still change the supports, the most
 * supported first once the vote is over (voteIsOver) and the counts are shown — never while
 * they are hidden.
 */
export function ideaListState(c: AppContext, challenge: { votingOpenAt: Date | null; phase: Pick<PhaseState, 'votingClosed'> }, countsHidden: boolean): IdeaListState {
  const parsed = listQuerySchema.parse({
    sort: c.req.query('sort'),
    status: c.req.query('status'),
    topic: c.req.query('topic'),
    q: c.req.query('q'),
    seed: c.req.query('seed'),
    after: c.req.query('after') || undefined,
  });
  const seed = parsed.seed ?? visitorSeed(c);
  const voteOver = voteIsOver(challenge, c.get('now'));
  const requested = parsed.sort ?? (voteOver && !countsHidden ? 'supported' : 'random');
  const sort = countsHidden && (requested === 'supported' || requested === 'trending') ? 'random' : requested;
  return { sort, status: parsed.status, topic: parsed.topic, q: parsed.q, seed, after: sort === requested ? parsed.after : undefined, countsHidden, voteOver };
}

/** One page of the list for a state: one query (cards with their topics). */
export function loadIdeas(c: AppContext, challengeId: string, state: IdeaListState): Promise<IdeaPage> {
  return listIdeas(c.get('deps').db, {
    challengeId,
    sort: state.sort,
    status: state.status as IdeaPage['items'][number]['status'] | undefined,
    topic: state.topic,
    q: state.q,
    seed: state.seed,
    after: state.after,
  });
}
