import { rateLimit } from '../../lib/rate-limit.js';

/**
 * Second-factor attempts (a code, a recovery code, a passkey answer) per account: a six-digit code
 * falls to guessing without a limit. 10 in 15 minutes is plenty for a person mistyping.
 */
export const secondFactorLimit = rateLimit('secondFactor', { points: 10, duration: 15 * 60 });
/** Changes to one's second factors (add, remove, new codes), per account. */
export const secondFactorChangeLimit = rateLimit('secondFactorChange', { points: 20, duration: 60 * 60 });
