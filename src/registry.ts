import { addMessages } from './i18n/index.js';
import { registerSubscriber } from './jobs/events.js';
import type { Feature } from './http/feature.js';
import { accounts } from './features/accounts/index.js';
import { admin } from './features/admin/index.js';
import { challenges } from './features/challenges/index.js';
import { comments } from './features/comments/index.js';
import { follows } from './features/follows/index.js';
import { notifications } from './features/notifications/index.js';
import { health } from './features/health/index.js';
import { housekeeping } from './features/housekeeping/index.js';
import { ideas } from './features/ideas/index.js';
import { judging } from './features/judging/index.js';
import { moderation } from './features/moderation/index.js';
import { organisations } from './features/organisations/index.js';
import { people } from './features/people/index.js';
import { responses } from './features/responses/index.js';
import { secondFactor } from './features/second-factor/index.js';
import { staticFiles } from './features/static/index.js';
import { votes } from './features/votes/index.js';
import { pages } from './pages/index.js';

/**
 * Every feature of the platform, listed once. The app mounts their routes in this order, the job
 * worker runs their jobs and schedules, the rate limiters and the message catalogue are built
 * from what they declare. A new feature is one import and one entry here (docs/adding-a-feature.md).
 */
export const features: readonly Feature[] = [
  staticFiles,
  health,
  accounts,
  secondFactor,
  organisations,
  challenges,
  ideas,
  votes,
  comments,
  responses,
  follows,
  notifications,
  people,
  moderation,
  judging,
  admin,
  housekeeping,
  pages,
];

for (const feature of features) {
  if (feature.messages) addMessages(feature.messages);
  for (const s of feature.subscribers ?? []) registerSubscriber(s);
}

export const rateLimits = features.flatMap((f) => f.rateLimits ?? []);
export const schedules = features.flatMap((f) => f.schedules ?? []);
export const subjectKinds = features.flatMap((f) => f.subjects ?? []);
export const reportableKinds = features.flatMap((f) => f.reportables ?? []);
export const subscribers = features.flatMap((f) => f.subscribers ?? []);
