import { defineFeature } from '../../http/feature.js';
import { challengeLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { challengesRoutes } from './routes.js';
import { challengeSubject } from './subject.js';
import { challengeNotifications } from './notify.js';
import { MILESTONES_SCHEDULE, milestonesJob } from './milestones.js';

/**
 * Challenges: councils draft, publish, edit, close and archive them; the directory; phases
 * derived from the dates; the topic vocabulary. The challenge page itself is assembled in
 * src/pages from this and the other features.
 */
export const challenges = defineFeature({
  name: 'challenges',
  routes: challengesRoutes,
  messages: { en, fr },
  rateLimits: [challengeLimit],
  subjects: [challengeSubject],
  subscribers: [challengeNotifications],
  jobs: { 'challenges.milestones': milestonesJob },
  schedules: [MILESTONES_SCHEDULE],
});

export { councilChallengesSection } from './council-section.js';
export { createChallenge } from './commands/create-challenge.js';
export { changeChallengeState, type ChallengeTransition } from './commands/change-state.js';
export { lockChallenge, recordChallengeRevision } from './commands/support.js';
export { challengePhase, daysLeft, type Phase, type PhaseDates, type PhaseState } from './phase.js';
export { phaseView } from './phase-view.js';
export {
  canArchiveChallenge,
  canCloseChallenge,
  canEditChallenge,
  canPublishChallenge,
  canViewChallengeHistory,
  countsHidden,
  type ChallengeStatus,
  type CountsRef,
} from './policy.js';
export { byName, getChallenge, listLiveChallenges, listTopics, phaseColumns, topicsOfRow, type Challenge, type DirectoryItem, type Topic } from './queries.js';
export type { ChallengeInput } from './schemas.js';
export { countsHiddenFor, visibleChallenge } from './visible.js';
export { recordMilestones, MILESTONES_SCHEDULE } from './milestones.js';
export type { Milestone } from './events.js';
