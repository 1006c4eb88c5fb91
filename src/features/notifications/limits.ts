import { rateLimit } from '../../lib/rate-limit.js';

/** Notifications marked read (one, or all), per person. */
export const notificationLimit = rateLimit('notificationRead', { points: 300, duration: 10 * 60 });
