import { rateLimit } from '../../lib/rate-limit.js';

/** Changes to a challenge's judging (its rubric), per person. */
export const judgingLimit = rateLimit('judging', { points: 60, duration: 10 * 60 });
