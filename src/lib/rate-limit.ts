import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/client.js';
import { rateLimits } from '../db/schema/index.js';
import { RateLimitedError } from './errors.js';

type Rule = { points: number; duration: number };

/** Limits per client address (and per account where it applies), stored in Postgres so all instances share them. */
export const rateLimitRules = {
  signIn: { points: 10, duration: 15 * 60 },
  signUp: { points: 10, duration: 60 * 60 },
  passwordReset: { points: 5, duration: 60 * 60 },
  /** Supports and withdrawals by one person (a budget is at most 50; this stops scripted flapping). */
  vote: { points: 60, duration: 60 },
  /** Comments (new, reply, edit) by one person. */
  comment: { points: 20, duration: 10 * 60 },
} satisfies Record<string, Rule>;

export type RateLimitName = keyof typeof rateLimitRules;
export type RateLimiters = { consume(name: RateLimitName, key: string): Promise<void>; reset(name: RateLimitName, key: string): Promise<void> };

export function createRateLimiters(db: Db, rules: Record<RateLimitName, Rule> = rateLimitRules): RateLimiters {
  const limiters = Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [
      name,
      new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: name, ...rule, clearExpiredByTimeout: false }),
    ]),
  ) as Record<RateLimitName, RateLimiterDrizzle>;
  return {
    async consume(name, key) {
      try {
        await limiters[name].consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(err.msBeforeNext / 1000));
        throw err;
      }
    },
    async reset(name, key) {
      await limiters[name].delete(key);
    },
  };
}
