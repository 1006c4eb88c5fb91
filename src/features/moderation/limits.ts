import { rateLimit } from '../../lib/rate-limit.js';

/** Reports, per person: enough for someone cleaning up a spam wave, not for flooding the queue. */
export const reportLimit = rateLimit('report', { points: 30, duration: 60 * 60 });

/**
 * New content (a comment, a reply, an idea submitted or published) by a new account (isNewAccount:
 * younger than a day, or nothing of theirs shown yet), per person: fewer than anyone else may
 * post, so a spammer's fresh account does little before someone looks.
 */
export const newAccountPostLimit = rateLimit('newAccountPosts', { points: 10, duration: 60 * 60 });
