import { rateLimit } from '../../lib/rate-limit.js';

/** Platform administration actions (retrying a failed job), per person. */
export const adminLimit = rateLimit('admin', { points: 60, duration: 10 * 60 });
