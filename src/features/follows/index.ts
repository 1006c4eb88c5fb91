import { defineFeature } from '../../http/feature.js';
import { followLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { followsRoutes } from './routes.js';

/** Following any subject: the control on its page, "What you follow", and the person's private lists. */
export const follows = defineFeature({ name: 'follows', routes: followsRoutes, messages: { en, fr }, rateLimits: [followLimit] });

export { listFollowedChallenges, listFollowedIdeas, type FollowedChallenge, type FollowedIdea } from './queries.js';
export { followSubject } from './commands/follow.js';
export { followButton } from './section.js';
