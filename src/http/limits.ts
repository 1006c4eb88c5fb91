import { isMessageKey, type MessageKey, type Params } from '../i18n/index.js';
import type { RateLimitedError } from '../lib/errors.js';
import type { RateLimit } from '../lib/rate-limit.js';
import type { AppContext } from './context.js';
import { clientIp } from './render.js';

/**
 * Who a per-person limit counts: the signed-in person, else the visitor's client address. (The
 * limiter stores a keyed hash of it, never the address or the id itself: src/lib/rate-limit.ts.)
 */
export function requester(c: AppContext): string {
  const user = c.get('user');
  return user ? `user:${user.id}` : `ip:${clientIp(c)}`;
}

/**
 * Counts this request against a feature's limit for whoever makes it; over the limit it throws
 * RateLimitedError, which app.onError answers 429 with Retry-After and the wait in words.
 * Called before the command, so a refused request stores nothing.
 */
export function limitRequest(c: AppContext, limit: RateLimit): Promise<void> {
  return c.get('deps').rateLimits.consume(limit, requester(c));
}

/** The sentence telling the person how long to wait: seconds under a minute, minutes beyond. */
export function waitMessage(err: RateLimitedError): { key: MessageKey; params: Params } {
  const seconds = Math.max(1, err.retryAfterSeconds);
  if (err.reason && isMessageKey(err.reason)) return { key: err.reason, params: { count: Math.ceil(seconds / 60) } };
  return seconds < 60 ? { key: 'error.rateLimited.seconds', params: { count: seconds } } : { key: 'error.rateLimited.body', params: { count: Math.ceil(seconds / 60) } };
}
