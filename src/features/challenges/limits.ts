import { rateLimit } from '../../lib/rate-limit.js';

/** Challenges created, edited and moved between phases, per person. */
export const challengeLimit = rateLimit('challenge', { points: 60, duration: 10 * 60 });
