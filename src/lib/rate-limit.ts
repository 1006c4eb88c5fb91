import { createHmac } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { runPrepared } from '../db/prepared.js';
import { rateLimits } from '../db/schema/index.js';
import type { Clock } from './clock.js';
import { RateLimitedError } from './errors.js';

export type RateLimitRule = {
  /** A count: this many per `duration`. A slowdown: this many consecutive failures go without a wait. */
  points: number;
  /** Seconds. A count: its window. A slowdown: how long after the last failure they are all forgotten. */
  duration: number;
  /** Slowdowns only: the first wait, doubled at each further failure… */
  baseSeconds?: number;
  /** …up to this many seconds (the longest anyone waits for this key). */
  maxSeconds?: number;
};
/**
 * A named limit a feature declares (and registers in its index.ts). A `count` allows `points`
 * per `duration` seconds (rate-limiter-flexible's fixed window). A `slowDown` lets `points`
 * consecutive attempts through at once; after them each next attempt waits `baseSeconds`,
 * doubled at each further attempt up to `maxSeconds`, until it is reset (a success) or
 * `duration` passes.
 */
export type RateLimit = RateLimitRule & { name: string; kind: 'count' | 'slowDown' };

export const rateLimit = (name: string, rule: { points: number; duration: number }): RateLimit => ({ name, kind: 'count', ...rule });
export const slowDown = (name: string, rule: { points: number; duration: number; baseSeconds: number; maxSeconds: number }): RateLimit => ({
  name,
  kind: 'slowDown',
  ...rule,
});

export type RateLimiters = {
  /**
   * Counts one attempt for `key`; throws RateLimitedError (with the wait) when the limit is reached
   * or, for a slowdown, while the key must wait. Counting and checking are one statement, so
   * requests arriving together cannot all slip under the limit.
   */
  consume(limit: RateLimit, key: string): Promise<void>;
  /** Like consume, but answers false instead of throwing (for what is skipped quietly, e.g. one more mail to the same address). */
  tryConsume(limit: RateLimit, key: string): Promise<boolean>;
  /** Gives back one attempt consumed (e.g. a sign-in that succeeded: only failures count). */
  refund(limit: RateLimit, key: string): Promise<void>;
  /** Counts one without any check (a mark: "this address has signed in to this account"). */
  add(limit: RateLimit, key: string): Promise<void>;
  /** Whether anything is counted for `key` now. */
  seen(limit: RateLimit, key: string): Promise<boolean>;
  /** Forgets `key` (e.g. a successful sign-in clears its failures). */
  reset(limit: RateLimit, key: string): Promise<void>;
};

export type RateLimitersOptions = {
  /** Keys are stored as an HMAC-SHA256 under this secret (asked for at first use): no client address or e-mail address is kept in clear. */
  secret: () => string;
  /** Rules replacing the registered ones by name (tests relax them); a slowdown keeps its waits unless given. */
  overrides?: Readonly<Record<string, RateLimitRule>>;
  /** The time counts and slowdowns are measured by (tests move it). */
  clock: Clock;
};

/** The wait after `attempts` consecutive attempts under a slowdown rule, in seconds: none before `points`, then base, 2 × base… up to max. */
export function slowDownDelay(rule: RateLimitRule, attempts: number): number {
  if (attempts < rule.points) return 0;
  const base = rule.baseSeconds ?? 1;
  return Math.min(rule.maxSeconds ?? base, base * 2 ** Math.min(attempts - rule.points, 30));
}

/**
 * One limiter per registered limit, stored in PostgreSQL (the rate_limits table) so every
 * instance shares the counts. Every key is stored as `<limit name>:<HMAC-SHA256 of the key>`:
 * the table never holds a client address, an e-mail address or a user id in clear (instances
 * must share the secret to share the counts).
 */
export function createRateLimiters(db: Db, limits: readonly RateLimit[], options: RateLimitersOptions): RateLimiters {
  const overrides = options.overrides ?? {};
  const rules = new Map<string, RateLimit>();
  for (const limit of limits) {
    if (rules.has(limit.name)) throw new Error(`rate limit ${limit.name} is registered twice`);
    rules.set(limit.name, { ...limit, ...overrides[limit.name] });
  }
  const ruleOf = (limit: RateLimit) => {
    const rule = rules.get(limit.name);
    if (!rule) throw new Error(`rate limit ${limit.name} is not registered by any feature`);
    return rule;
  };
  const hashed = (key: string) => createHmac('sha256', options.secret()).update(key).digest('base64url');
  /** The row's key: `<limit name>:<HMAC of the key>`. */
  const rowKey = (limit: RateLimit, key: string) => `${limit.name}:${hashed(key)}`;
  const limited = (ms: number) => new RateLimitedError(Math.max(1, Math.ceil(ms / 1000)));

  // A slowdown is one row: `points` consecutive attempts, `expire` the moment they are forgotten
  // (the last attempt + duration). So the last attempt was at `expire - duration`, and the next
  // may come `delay(points)` after it. Housekeeping deletes the row like any expired counter.
  async function slowDownConsume(rule: RateLimit, key: string) {
    const now = options.clock.now();
    const at = sql`${now.toISOString()}::timestamptz`;
    const k = rowKey(rule, key);
    const delay = sql`least(${rule.maxSeconds ?? 1}::float8, ${rule.baseSeconds ?? 1}::float8 * power(2::float8, least(${rateLimits.points} - ${rule.points}, 30)::float8))`;
    const counted = await db
      .insert(rateLimits)
      .values({ key: k, points: 1, expire: new Date(now.getTime() + rule.duration * 1000) })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          points: sql`CASE WHEN ${rateLimits.expire} IS NULL OR ${rateLimits.expire} <= ${at} THEN 1 ELSE ${rateLimits.points} + 1 END`,
          expire: new Date(now.getTime() + rule.duration * 1000),
        },
        setWhere: sql`${rateLimits.expire} IS NULL OR ${rateLimits.expire} <= ${at} OR ${rateLimits.points} < ${rule.points}
          OR ${rateLimits.expire} - make_interval(secs => ${rule.duration}) + make_interval(secs => ${delay}) <= ${at}`,
      })
      .returning({ points: rateLimits.points });
    if (counted.length > 0) return;
    const [row] = await db.select({ points: rateLimits.points, expire: rateLimits.expire }).from(rateLimits).where(and(eq(rateLimits.key, k), gt(rateLimits.expire, now))).limit(1);
    const lastAttempt = (row?.expire?.getTime() ?? now.getTime()) - rule.duration * 1000;
    throw limited(lastAttempt + slowDownDelay(rule, row?.points ?? 0) * 1000 - now.getTime());
  }

  // A count is one row: the attempts in its window, and when the window ends (`expire`, set by the
  // first attempt). One statement counts and answers the count, so no two requests read the same.
  async function count(rule: RateLimit, key: string): Promise<{ points: number; msLeft: number }> {
    const now = options.clock.now();
    const at = sql`${now.toISOString()}::timestamptz`;
    const row = await runPrepared<{ points: number; msLeft: number }>(
      db,
      'rate_limit_count',
      sql`INSERT INTO rate_limits AS r (key, points, expire) VALUES (${rowKey(rule, key)}, 1, ${at} + make_interval(secs => ${rule.duration}::float8))
          ON CONFLICT (key) DO UPDATE SET
            points = CASE WHEN r.expire IS NULL OR r.expire <= ${at} THEN 1 ELSE r.points + 1 END,
            expire = CASE WHEN r.expire IS NULL OR r.expire <= ${at} THEN ${at} + make_interval(secs => ${rule.duration}::float8) ELSE r.expire END
          RETURNING r.points, (extract(epoch FROM r.expire - ${at}) * 1000)::float8 AS "msLeft"`,
    );
    return { points: Number(row!.points), msLeft: Number(row!.msLeft) };
  }

  async function consume(limit: RateLimit, key: string) {
    const rule = ruleOf(limit);
    if (rule.kind === 'slowDown') return slowDownConsume(rule, key);
    const counted = await count(rule, key);
    if (counted.points > rule.points) throw limited(counted.msLeft);
  }

  return {
    consume,
    async tryConsume(limit, key) {
      try {
        await consume(limit, key);
        return true;
      } catch (err) {
        if (err instanceof RateLimitedError) return false;
        throw err;
      }
    },
    async refund(limit, key) {
      const rule = ruleOf(limit);
      await db
        .update(rateLimits)
        .set({ points: sql`greatest(${rateLimits.points} - 1, 0)` })
        .where(eq(rateLimits.key, rowKey(rule, key)));
    },
    async add(limit, key) {
      const rule = ruleOf(limit);
      if (rule.kind === 'count') {
        await count(rule, key);
        return;
      }
      const now = options.clock.now();
      const expire = new Date(now.getTime() + rule.duration * 1000);
      await db
        .insert(rateLimits)
        .values({ key: rowKey(rule, key), points: 1, expire })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: { points: sql`CASE WHEN ${rateLimits.expire} IS NULL OR ${rateLimits.expire} <= ${now.toISOString()}::timestamptz THEN 1 ELSE ${rateLimits.points} + 1 END`, expire },
        });
    },
    async seen(limit, key) {
      const rule = ruleOf(limit);
      const [row] = await db
        .select({ points: rateLimits.points })
        .from(rateLimits)
        .where(and(eq(rateLimits.key, rowKey(rule, key)), gt(rateLimits.expire, options.clock.now())))
        .limit(1);
      return (row?.points ?? 0) > 0;
    },
    async reset(limit, key) {
      ruleOf(limit);
      await db.delete(rateLimits).where(eq(rateLimits.key, rowKey(limit, key)));
    },
  };
}
