import { createHash, randomInt } from 'node:crypto';

/**
 * The fair random order's seeds (docs/decisions/0053-the-fair-random-order-s-promise-and-its-seed-set.md).
 *
 * Every idea has a `shuffle_key` drawn uniformly from [0, KEY_SPACE) by the database when it is
 * created, never changed. A seed names a start point in that range for one challenge; the list
 * walks the keys up from the start and wraps around to the bottom. Any seed is valid and always
 * gives the same order, but a visitor without one is given a seed of the day's small set: the
 * anonymous pages (and their cache) then come in SEED_SET_SIZE variants per challenge and day,
 * whose start points are spread evenly over the key range from an offset that moves every day.
 */

/** The shuffle_key range: keys are floor(random() * KEY_SPACE), 0 … KEY_SPACE − 1. */
export const KEY_SPACE = 2_147_483_647;

/** What a seed may be, in the URL or the cookie. */
export const SEED = /^[0-9a-z]{1,12}$/;

/**
 * How many seeds newcomers are given each day. Each is one variant of every challenge's list for
 * the page cache, and one start point: 32 first pages of 20 show 640 different ideas of a large
 * challenge a day (16 would show 320), and two newcomers share an order one time in 32.
 */
export const SEED_SET_SIZE = 32;

const DAY_MS = 86_400_000;
/**
 * A seed of a day's set: "f", the day (days since 1970-01-01 UTC, five digits) and "s", the slot
 * (two digits). Nine characters: the seeds drawn before the set existed had at most eight (a
 * 40-bit number in base 36), so none of them is read as a seed of a set.
 */
const SET_SEED = /^f(\d{5})s(\d{2})$/;

/** The UTC day of a moment, as set seeds count it. */
export const dayOf = (at: Date): number => Math.floor(at.getTime() / DAY_MS);

/** Seed `slot` (0 … SEED_SET_SIZE − 1) of the set of `day`. */
export function setSeed(day: number, slot: number): string {
  return `f${String(day).padStart(5, '0')}s${String(slot).padStart(2, '0')}`;
}

/** The whole set of a day, slot by slot. */
export function seedSet(day: number): string[] {
  return Array.from({ length: SEED_SET_SIZE }, (_, slot) => setSeed(day, slot));
}

/** A seed for a visitor who has none: one of the set of `now`'s day, picked uniformly. */
export function drawSeed(now: Date, pick: (n: number) => number = randomInt): string {
  return setSeed(dayOf(now), pick(SEED_SET_SIZE));
}

/** A number in [0, KEY_SPACE) from a text (sha-256, so unrelated to the keys and to other texts). */
const hashPoint = (text: string): number => createHash('sha256').update(text).digest().readUInt32BE(0) % KEY_SPACE;

/**
 * The start point of a seed's order in a challenge. A seed of a day's set starts at
 * offset + slot × KEY_SPACE / SEED_SET_SIZE, the offset being a hash of the day and the challenge:
 * the set's start points are evenly spaced (gaps differ by at most 1) and, from one day to the
 * next, land anywhere. Any other seed starts at a hash of itself and the challenge, as before.
 */
export function shuffleStart(seed: string, challengeId: string): number {
  const set = SET_SEED.exec(seed);
  if (set) {
    const slot = Number(set[2]);
    if (slot < SEED_SET_SIZE) {
      const offset = hashPoint(`day ${Number(set[1])}:${challengeId}`);
      return (offset + Math.floor((slot * KEY_SPACE) / SEED_SET_SIZE)) % KEY_SPACE;
    }
  }
  return hashPoint(`${seed}:${challengeId}`);
}
