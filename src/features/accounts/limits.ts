import { InvalidInputError } from '../../lib/errors.js';
import { rateLimit, slowDown, type RateLimit, type RateLimiters } from '../../lib/rate-limit.js';

// Per-address limits are sized for a shared address: a library's or a council office's Wi-Fi,
// a school, a mobile network's NAT put many honest people behind one address.

/** Failed sign-ins per client address (successes never count: a room full of residents signing in is not an attack). */
export const signInLimit = rateLimit('signIn', { points: 50, duration: 15 * 60 });
/** Failed sign-ins per account and client address: one address guessing one account is stopped well before the address's budget. */
export const signInPairLimit = rateLimit('signInPair', { points: 10, duration: 15 * 60 });
/**
 * Consecutive failed sign-ins per account, from anywhere: after 5, each attempt waits 1 s, then
 * 2, 4… up to 30 s, until a success (or a day without failures). Nobody can lock a named person
 * out: the wait is short and bounded, and addresses the account has signed in from recently are
 * not held by it at all.
 */
export const signInAccountLimit = slowDown('signInAccount', { points: 5, duration: 24 * 60 * 60, baseSeconds: 1, maxSeconds: 30 });
/** Addresses an account signed in from (kept 30 days): the account's slowdown does not hold them. */
export const signInKnownLimit = rateLimit('signInKnown', { points: 1, duration: 30 * 24 * 60 * 60 });

/** New accounts per client address (each costs an argon2 hash and a mail). */
export const signUpLimit = rateLimit('signUp', { points: 30, duration: 60 * 60 });
/** Reset links, and confirmation links asked for by address (the "check your email" page), per client address. */
export const passwordResetLimit = rateLimit('passwordReset', { points: 20, duration: 60 * 60 });
/** Mails about an account (reset and confirmation links, "you already have an account") to one e-mail address: beyond it, none is sent, quietly. */
export const accountMailLimit = rateLimit('accountMail', { points: 5, duration: 60 * 60 });
/** Confirmation links resent per account. */
export const verificationResendLimit = rateLimit('verificationResend', { points: 5, duration: 60 * 60 });
/** Attempts at the current password when changing it, per account (a stolen session must not guess its way to the account). */
export const passwordChangeLimit = rateLimit('passwordChange', { points: 5, duration: 15 * 60 });
/** New passwords set through reset links, per client address (each costs an argon2 hash). */
export const passwordSetLimit = rateLimit('passwordSet', { points: 20, duration: 15 * 60 });
/** Profile and language changes, per person (per client address for a visitor's language). */
export const profileLimit = rateLimit('profile', { points: 30, duration: 10 * 60 });

export const accountLimits = [
  signInLimit,
  signInPairLimit,
  signInAccountLimit,
  signInKnownLimit,
  signUpLimit,
  passwordResetLimit,
  accountMailLimit,
  verificationResendLimit,
  passwordChangeLimit,
  passwordSetLimit,
  profileLimit,
];

/**
 * One sign-in attempt under limits that count failures only. The attempt is counted before the
 * password is checked — per address, per account at this address, and per account unless this
 * address has signed in to it before — so attempts sent together cannot slip under a limit; a
 * refusal is a 429 with the wait. A success gives the address its attempt back, clears the
 * account's failures and remembers the address for the account.
 */
export async function limitedSignIn<T>(limits: RateLimiters, who: { email: string; address: string }, attempt: () => Promise<T>): Promise<T> {
  const address = `ip:${who.address}`;
  const account = `email:${who.email}`;
  const pair = `email:${who.email} ip:${who.address}`;
  const known = await limits.seen(signInKnownLimit, pair);
  const counted: [RateLimit, string][] = [];
  const giveBack = () => Promise.all(counted.map(([limit, key]) => limits.refund(limit, key)));
  let result: T;
  try {
    for (const [limit, key] of [[signInLimit, address], [signInPairLimit, pair], ...(known ? [] : [[signInAccountLimit, account]])] as [RateLimit, string][]) {
      await limits.consume(limit, key);
      counted.push([limit, key]);
    }
    result = await attempt();
  } catch (err) {
    // A wrong password keeps its counts; a refusal or a failure of ours costs the person nothing.
    if (!(err instanceof InvalidInputError)) await giveBack();
    throw err;
  }
  await limits.refund(signInLimit, address);
  await limits.reset(signInPairLimit, pair);
  await limits.reset(signInAccountLimit, account);
  await limits.add(signInKnownLimit, pair);
  return result;
}
