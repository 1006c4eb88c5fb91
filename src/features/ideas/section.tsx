import { randomBytes } from 'node:crypto';
import type { Child } from 'hono/jsx';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../../lib/context.js';
import { viewContext } from '../../lib/http.js';
import { countsHidden, voteButtons, type VotingChallenge } from '../votes/section.js';
import { IdeaList, listQuery, type IdeaListState } from '../../../views/ideas/IdeaList.js';
import { listIdeas, listTopics, type IdeaPage, type Topic } from './queries.js';
import { listQuerySchema } from './schemas.js';

/** What the challenge page knows about its challenge, for the ideas section. */
export type ChallengeForIdeas = VotingChallenge & {
  /** The viewer is the council's staff or an admin (sees hidden counts). */
  viewerIsStaff: boolean;
};

/** The visitor's seed for the fair random order (see listIdeas): kept a day in a cookie. */
export const SEED_COOKIE = 'cw_seed';
const SEED = /^[0-9a-z]{1,12}$/;

/**
 * The list parameters from the query string. The random order's seed comes from the URL
 * (so a "Show more" link continues the same order) or else the visitor's cookie, set here
 * when missing: each visitor sees their own order, stable as they page and come back.
 */
function listState(c: AppContext, hidden: boolean): IdeaListState {
  const parsed = listQuerySchema.parse({
    sort: c.req.query('sort'),
    status: c.req.query('status'),
    topic: c.req.query('topic'),
    q: c.req.query('q'),
    seed: c.req.query('seed'),
    after: c.req.query('after') || undefined,
  });
  let seed = parsed.seed;
  if (!seed) {
    const cookie = getCookie(c, SEED_COOKIE);
    if (cookie && SEED.test(cookie)) seed = cookie;
    else {
      seed = randomBytes(5).readUIntBE(0, 5).toString(36);
      setCookie(c, SEED_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.get('deps').config.https, maxAge: 86_400 });
    }
  }
  // Rankings by support are hidden with the counts: such a request gets the fair random order.
  const requested = parsed.sort ?? 'random';
  const sort = hidden && (requested === 'supported' || requested === 'trending') ? 'random' : requested;
  return { sort, status: parsed.status, topic: parsed.topic, q: parsed.q, seed, after: sort === requested ? parsed.after : undefined, countsHidden: hidden };
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

/** The list's state for this viewer (counts hidden or not). */
export const sectionState = (c: AppContext, challenge: ChallengeForIdeas) => listState(c, countsHidden(challenge, challenge.viewerIsStaff));

/** The vote controls of a page of cards (see voteButtons), coming back to this list state. */
export function cardVotes(c: AppContext, challenge: ChallengeForIdeas, state: IdeaListState, page: IdeaPage) {
  return voteButtons(c, challenge, page.items, { returnTo: `/challenges/${challenge.id}?${listQuery(state, state.after)}`, countsHidden: state.countsHidden });
}

/** The whole section, given its data (shared by the challenge page and the htmx fragment). */
export async function renderSection(c: AppContext, challenge: ChallengeForIdeas, state: IdeaListState, page: IdeaPage, topics: Topic[]): Promise<Child> {
  return (
    <IdeaList
      ctx={viewContext(c)}
      challengeId={challenge.id}
      items={page.items}
      votes={await cardVotes(c, challenge, state, page)}
      next={page.next}
      state={state}
      topics={topics}
      canSubmit={challenge.phase.submissionsOpen}
    />
  );
}

/**
 * The ideas section of the challenge page (owned by the ideas feature; the challenges feature
 * places it). Reads the list parameters (sort, status, topic, q, seed, after) from the
 * request's query string. A constant number of queries whatever the page length: the topic
 * vocabulary, the cards (with their topics), and the viewer's votes when signed in.
 */
export async function ideasSection(c: AppContext, challenge: ChallengeForIdeas): Promise<Child> {
  const state = sectionState(c, challenge);
  const [page, topics] = [await loadIdeas(c, challenge.id, state), await listTopics(c.get('deps').db)];
  return renderSection(c, challenge, state, page, topics);
}
