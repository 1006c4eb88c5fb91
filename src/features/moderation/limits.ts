import { rateLimit } from '../../lib/rate-limit.js';

/** Reports, per person: enough for someone cleaning up a spam wave, not for flooding the queue. */
export const reportLimit = rateLimit('report', { points: 30, duration: 60 * 60 });
