/**
 * The time as the domain sees it. Commands, policies and pages ask the clock (`deps.clock.now()`,
 * or the request's `c.get('now')`) instead of `new Date()`, so a test can put the platform at any
 * moment — a challenge's voting phase, a comment's edit window closing — by moving the clock
 * rather than sleeping or rewriting dates, and the demo can write content "in the past".
 * Timestamps the database writes by itself (row defaults, `now()` in SQL) keep its own clock.
 */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that keeps running, from a moment one can move: `set` jumps to a time, `advance` moves on. */
export type SettableClock = Clock & { set(at: Date): void; advance(ms: number): void; reset(): void };

export function settableClock(base: Clock = systemClock): SettableClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    set: (at) => {
      offset = at.getTime() - base.now().getTime();
    },
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}
