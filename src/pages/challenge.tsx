import { Hono } from 'hono';
import { byId, cachedPage, pageShows } from '../http/page-cache.js';
import { pageScope } from '../lib/page-versions.js';
import type { Child } from 'hono/jsx';
import type { AppContext, AppEnv } from '../http/context.js';
import { isHtmx, render, viewContext } from '../http/render.js';
import { ChallengePage } from '../../views/challenges/ChallengePage.js';
import { IdeaList, IdeaListPage, listQuery, type IdeaListState } from '../../views/ideas/IdeaList.js';
import {
  canArchiveChallenge,
  canCloseChallenge,
  canEditChallenge,
  canPublishChallenge,
  canViewChallengeHistory,
  challengePhase,
  countsHidden,
  listTopics,
  phaseView,
  visibleChallenge,
  type Challenge,
  type PhaseState,
} from '../features/challenges/index.js';
import { followButton } from '../features/follows/index.js';
import { ideaListState, loadIdeas, openChallenge, visitorSeed, type IdeaPage } from '../features/ideas/index.js';
import { viewerIsStaffOrAdmin } from '../features/organisations/index.js';
import { responseSummary } from '../features/responses/index.js';
import { canReviewVotes, integritySection, voteButtons, type VotingChallenge } from '../features/votes/index.js';
import { canManageJudging, canManageRubric, resultsLink, rubricSection } from '../features/judging/index.js';

/** The challenge page, and the fragments of its ideas list (filters, "Show more"). */
export const challengePage = new Hono<AppEnv>();

/**
 * Both show the challenge and its ideas, in the visitor's random order — or newest first, the one
 * order that never turns into the random one (hidden counts do that to the rankings by support),
 * where the seed shows nowhere: one variant for every visitor instead of one per seed.
 */
const cached = cachedPage({
  // The orders by support change with every support; the others only when a card that shows does (pageShows below).
  scopes: (c) => byId(c, (id) => [pageScope.subject(id), pageScope.ideasOf(id), ...(RANKED.has(c.req.query('sort') ?? '') ? [pageScope.ranking(id)] : [])]),
  varies: (c) => (c.req.query('sort') === 'newest' ? '' : visitorSeed(c)),
});
const RANKED = new Set(['supported', 'trending']);

/** The ideas a list shows, for this visitor: the cards, and their subjects for the page cache. */
async function shownIdeas(c: AppContext, challengeId: string, state: IdeaListState): Promise<IdeaPage> {
  const page = await loadIdeas(c, challengeId, state);
  pageShows(c, page.items.map((idea) => pageScope.subject(idea.id)), page.versions);
  return page;
}

/** What the ideas list needs of its challenge: the vote rules, the phase, and whether the viewer is its council's staff. */
export type ListedChallenge = VotingChallenge & { viewerIsStaff: boolean };

/** The challenge as the ideas list sees it for this viewer (the membership lookup is shared with the rest of the page). */
export async function listedChallenge(c: AppContext, challenge: Challenge, phase: PhaseState): Promise<ListedChallenge> {
  return { ...challenge, phase, viewerIsStaff: await viewerIsStaffOrAdmin(c, challenge.organisationId) };
}

const listStateOf = (c: AppContext, ch: ListedChallenge) => ideaListState(c, ch, countsHidden(ch, ch.viewerIsStaff));

/** Each card's vote control, coming back (without JavaScript) to this list state. */
const cardVotes = (c: AppContext, ch: ListedChallenge, state: IdeaListState, page: IdeaPage) =>
  voteButtons(c, ch, page.items, { returnTo: `/challenges/${ch.id}?${listQuery(state, state.after)}`, countsHidden: state.countsHidden });

/**
 * The ideas section: filters, cards with their vote controls, "Show more". A constant number of
 * queries whatever the page length: the topic vocabulary, the cards (with their topics), and the
 * viewer's votes when signed in.
 */
async function ideasSection(c: AppContext, ch: ListedChallenge, state: IdeaListState, focusResults = false): Promise<Child> {
  const [page, topics] = [await shownIdeas(c, ch.id, state), await listTopics(c.get('deps').db)];
  return (
    <IdeaList
      ctx={viewContext(c)}
      challengeId={ch.id}
      items={page.items}
      votes={await cardVotes(c, ch, state, page)}
      next={page.next}
      state={state}
      topics={topics}
      canSubmit={ch.phase.submissionsOpen}
      focusResults={focusResults}
    />
  );
}

challengePage.get('/challenges/:id', cached, async (c) => {
  const { challenge, membership } = await visibleChallenge(c, c.req.param('id'));
  const actor = c.get('user');
  const now = c.get('now');
  const listed = await listedChallenge(c, challenge, challengePhase(challenge, now));
  const draft = challenge.status === 'draft';
  return render(
    c,
    <ChallengePage
      ctx={viewContext(c)}
      challenge={challenge}
      topics={challenge.topics}
      state={phaseView(challenge, now)}
      participants={challenge.participantCount}
      ideas={await ideasSection(c, listed, listStateOf(c, listed))}
      follow={draft ? null : await followButton(c, { kind: 'challenge', id: challenge.id })}
      responses={draft ? null : await responseSummary(c, { ...challenge, phase: listed.phase })}
      integrity={draft ? null : await integritySection(c, { ...challenge, phase: listed.phase })}
      rubric={
        <>
          {await rubricSection(c, challenge.id)}
          {draft ? null : await resultsLink(c, challenge)}
        </>
      }
      preview={draft}
      can={{
        edit: canEditChallenge(actor, challenge, membership).ok,
        publish: canPublishChallenge(actor, challenge, membership).ok,
        close: canCloseChallenge(actor, challenge, membership).ok,
        archive: canArchiveChallenge(actor, challenge, membership).ok,
        history: !draft && canViewChallengeHistory(actor, challenge, membership).ok,
        integrity: !draft && challenge.votingOpenAt !== null && canReviewVotes(actor, challenge, membership).ok,
        rubric: canManageRubric(actor, challenge, membership).ok,
        judging: !draft && canManageJudging(actor, challenge, membership).ok,
      }}
    />,
  );
});

/**
 * htmx: with a cursor, the next cards and a new Show-more control (replacing the old one);
 * without, the whole section (the filter form). A plain GET goes to the challenge page.
 */
challengePage.get('/challenges/:id/ideas', cached, async (c) => {
  const { challenge, phase } = await openChallenge(c, c.req.param('id'));
  const listed = await listedChallenge(c, challenge, phase);
  const state = listStateOf(c, listed);
  c.header('Vary', 'HX-Request', { append: true });
  if (!isHtmx(c)) return c.redirect(`/challenges/${challenge.id}?${listQuery(state, state.after)}#ideas`, 303);
  if (state.after) {
    const page = await shownIdeas(c, challenge.id, state);
    const votes = await cardVotes(c, listed, state, page);
    return c.html(String(<IdeaListPage ctx={viewContext(c)} challengeId={challenge.id} items={page.items} votes={votes} next={page.next} state={state} />));
  }
  // The filter form swaps the section in place; the address bar follows, so a filtered view can be shared and reloaded.
  c.header('HX-Push-Url', `/challenges/${challenge.id}?${listQuery(state)}`);
  return c.html(String(await ideasSection(c, listed, state, true)));
});
