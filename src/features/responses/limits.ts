import { rateLimit } from '../../lib/rate-limit.js';

/** Official responses posted, per person. */
export const responseLimit = rateLimit('response', { points: 30, duration: 10 * 60 });
