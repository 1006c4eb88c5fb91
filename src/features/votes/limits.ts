import { rateLimit } from '../../lib/rate-limit.js';

/** Supports and withdrawals by one person (a budget is at most 50; this stops scripted flapping). */
export const voteLimit = rateLimit('vote', { points: 60, duration: 60 });
