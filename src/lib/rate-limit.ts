import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/client.js';
import { rateLimits } from '../db/schema/index.js';
import { RateLimitedError } from './errors.js';

export type RateLimitRule = { points: number; duration: number };
/** A named limit a feature declares (and registers in its index.ts): `points` per `duration` seconds. */
export type RateLimit = RateLimitRule & { name: string };

export const rateLimit = (name: string, rule: RateLimitRule): RateLimit => ({ name, ...rule });

export type RateLimiters = {
  /** Counts one attempt for `key`; throws RateLimitedError when the limit is reached. */
  consume(limit: RateLimit, key: string): Promise<void>;
  /** Forgets the attempts of `key` (e.g. a successful sign-in clears the failures of that address). */
  reset(limit: RateLimit, key: string): Promise<void>;
};

/**
 * One limiter per registered limit, stored in PostgreSQL (the rate_limits table) so every
 * instance shares the counts. `overrides` replaces rules by name (tests relax them).
 */
export function createRateLimiters(db: Db, limits: readonly RateLimit[], overrides: Readonly<Record<string, RateLimitRule>> = {}): RateLimiters {
  const limiters = new Map<string, RateLimiterDrizzle>();
  for (const limit of limits) {
    if (limiters.has(limit.name)) throw new Error(`rate limit ${limit.name} is registered twice`);
    const rule = overrides[limit.name] ?? limit;
    limiters.set(limit.name, new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: limit.name, points: rule.points, duration: rule.duration, clearExpiredByTimeout: false }));
  }
  const limiterOf = (limit: RateLimit) => {
    const limiter = limiters.get(limit.name);
    if (!limiter) throw new Error(`rate limit ${limit.name} is not registered by any feature`);
    return limiter;
  };
  return {
    async consume(limit, key) {
      try {
        await limiterOf(limit).consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(err.msBeforeNext / 1000));
        throw err;
      }
    },
    async reset(limit, key) {
      await limiterOf(limit).delete(key);
    },
  };
}
