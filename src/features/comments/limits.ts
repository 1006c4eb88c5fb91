import { rateLimit } from '../../lib/rate-limit.js';

/** Comments (new, reply, edit) by one person. */
export const commentLimit = rateLimit('comment', { points: 20, duration: 10 * 60 });
