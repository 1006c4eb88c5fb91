import { rateLimit } from '../../lib/rate-limit.js';

/** Sign-in attempts, per client address and per email address (a success clears the address's count). */
export const signInLimit = rateLimit('signIn', { points: 10, duration: 15 * 60 });
/** New accounts per client address. */
export const signUpLimit = rateLimit('signUp', { points: 10, duration: 60 * 60 });
/** Reset links per client address, and confirmation links resent per account. */
export const passwordResetLimit = rateLimit('passwordReset', { points: 5, duration: 60 * 60 });
/** Attempts at the current password when changing it, per account (a stolen session must not guess its way to the account). */
export const passwordChangeLimit = rateLimit('passwordChange', { points: 5, duration: 15 * 60 });
/** New passwords set through reset links, per client address (each costs an argon2 hash). */
export const passwordSetLimit = rateLimit('passwordSet', { points: 10, duration: 15 * 60 });
