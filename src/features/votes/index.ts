import { defineFeature } from '../../http/feature.js';
import { TRENDING_SCHEDULE, trendingJob } from './trending.js';
import { voteLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { votesRoutes } from './routes.js';

/**
 * Support votes on ideas: one row per (idea, person), a budget per challenge, the counts (hidden
 * by the challenges feature's countsHidden), the trending recount, and the vote control every
 * list and page shows.
 */
export const votes = defineFeature({
  name: 'votes',
  routes: votesRoutes,
  messages: { en, fr },
  rateLimits: [voteLimit],
  jobs: { 'votes.trending': trendingJob },
  schedules: [TRENDING_SCHEDULE],
});

export { votesFollowStatus } from './commands/release-votes.js';
export { countsVotes, RELEASED_STATUSES } from './policy.js';
export { castVote } from './commands/cast-vote.js';
export { listSupportedIdeas, type SupportedIdea } from './queries.js';
export { integritySection, voteButtons, type VotableIdea, type VotingChallenge } from './section.js';
export { canReviewVotes } from './policy.js';
export { NO_ORIGIN, type VoteOrigin } from './origin.js';
export { findAnomalies, integritySummary, listSetAsideSupports, type SetAsideSupport } from './integrity.js';
export { TRENDING_DAYS } from './trending.js';
export { DRIFT_LIMIT, findVoteDrift, reconcileVotes, repairVoteDrift, type VoteDrift } from './reconcile.js';
