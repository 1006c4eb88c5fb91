import { Hono } from 'hono';
import { byId, cachedPage } from '../http/page-cache.js';
import { pageScope } from '../lib/page-versions.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { render, viewContext } from '../http/render.js';
import { ResultsPage } from '../../views/judging/ResultsPage.js';
import { challengePhase, visibleChallenge } from '../features/challenges/index.js';
import { announcedResults, listCorrections, listNextSteps, rubricSection } from '../features/judging/index.js';
import { integritySection, integritySummary } from '../features/votes/index.js';

/**
 * A competition's results page and its JSON (issue 13, point 7): the judging's results (as
 * announced), what happens next, and the vote-integrity summary from moderation. A constant
 * number of queries whatever the number of ideas and judges: the results are one row.
 */
export const resultsPage = new Hono<AppEnv>();

const cached = cachedPage({ scopes: (c) => byId(c, (id) => [pageScope.subject(id)]) });

/** The challenge named in the URL (a draft only for those who may see it) and its results. */
async function load(c: AppContext) {
  const { challenge } = await visibleChallenge(c, c.req.param('id') ?? '');
  const { db } = c.get('deps');
  const [announced, corrections, nextSteps] = [await announcedResults(db, challenge.id), await listCorrections(db, challenge.id), await listNextSteps(db, challenge.id)];
  return { challenge, announced, corrections, nextSteps };
}

resultsPage.get('/challenges/:id/results', cached, async (c) => {
  const { challenge, announced, corrections, nextSteps } = await load(c);
  const phase = challengePhase(challenge, c.get('now'));
  return render(
    c,
    <ResultsPage
      ctx={viewContext(c)}
      challenge={challenge}
      announced={announced && { at: announced.announcedAt, results: announced.results }}
      corrections={corrections}
      nextSteps={nextSteps}
      rubric={announced ? null : await rubricSection(c, challenge.id)}
      integrity={await integritySection(c, { ...challenge, phase })}
    />,
  );
});

/** The same content as JSON, for open data: the results as announced (null before), corrections, next steps, vote integrity. */
resultsPage.get('/challenges/:id/results.json', cached, async (c) => {
  const { challenge, announced, corrections, nextSteps } = await load(c);
  const phase = challengePhase(challenge, c.get('now'));
  const integrity = challenge.votingOpenAt !== null && phase.votingClosed ? await integritySummary(c.get('deps').db, challenge.id) : null;
  return c.json({
    challenge: { id: challenge.id, title: challenge.title, titleFr: challenge.titleFr, resultsAt: challenge.resultsAt },
    announcedAt: announced?.announcedAt ?? null,
    results: announced?.results ?? null,
    corrections,
    nextSteps,
    voteIntegrity: integrity,
  });
});
