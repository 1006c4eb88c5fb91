import { rateLimit } from '../../lib/rate-limit.js';

/** Follows and unfollows, per person. */
export const followLimit = rateLimit('follow', { points: 60, duration: 10 * 60 });
