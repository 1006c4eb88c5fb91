import { defineFeature } from '../../http/feature.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { judgingNotifications } from './notify.js';
import { judgingRoutes } from './routes.js';
import { judgingLimit } from './limits.js';
import './events.js';
import { judgeInvitationMailJob, reminderMailJob, remindJob, REMIND_SCHEDULE } from './mail.js';

/**
 * Competitions' judging (issue 13): the rubric a challenge publishes, the arithmetic that makes its
 * winners (aggregate.ts, decision 0060), and the judging itself (decision 0061): the panel and its
 * invitations (commands/panel.ts, mail.ts), the shortlist and assignment, conflicts and scores,
 * the scoreboard (board.ts), ties, awards, the announcement and corrections (results.ts). Routes:
 * the rubric (routes.tsx), the staff's pages (staff-routes.tsx), the judges' (judge-routes.tsx).
 */
export const judging = defineFeature({
  name: 'judging',
  routes: judgingRoutes,
  messages: { en, fr },
  rateLimits: [judgingLimit],
  subscribers: [judgingNotifications],
  jobs: { 'judging.invitation-mail': judgeInvitationMailJob, 'judging.remind': remindJob, 'judging.remind-mail': reminderMailJob },
  schedules: [REMIND_SCHEDULE],
});

export { canManageJudging, canManageRubric } from './policy.js';
export { ineligibleNotice, resultsLink, rubricSection } from './section.js';
export { announcedResults, listCorrections, listNextSteps, type ResultsSnapshot } from './results.js';

// The commands, for the demo (src/cli/demo.ts) and the benchmarks: the same ones the routes run;
// computeResults for the bench data sets' finished competition (bench/suite/competition.ts).
export { addCriterion, setMethod } from './commands/rubric.js';
export { acceptJudgeInvitation, inviteJudge } from './commands/panel.js';
export { shortlistIdeas, shortlistTop } from './commands/shortlist.js';
export { assignShortlist } from './commands/assign.js';
export { declareConflict, saveScore } from './commands/score.js';
export { addAward, announceResults, setNextSteps } from './commands/awards.js';
export { listCriteria as listCriteriaForDemo } from './queries.js';
export { computeResults } from './results.js';
