import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

// argon2id (the library's default algorithm) with OWASP's recommended minimum cost.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A strong password for someone to be told once: 24 characters from a 144-bit random value. */
export const randomPassword = () => randomBytes(18).toString('base64url');

/** A hash of a random password, verified against when an email is unknown, so sign-in takes as long either way. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password-' + Math.random()));

/**
 * A password is refused when the estimator, with English and French dictionaries, reckons it
 * falls within this many guesses (zxcvbn's scores 0 and 1: "too guessable", "very guessable"):
 * the common-password lists themselves, and common words, names and keyboard walks (qwerty and
 * azerty) with digits or symbols added — `azerty123`, `motdepasse`, `soleil123`, `Password1!`.
 */
export const GUESSABLE_BELOW = 1e6;
/**
 * Only the first characters are estimated: the estimator's time grows fast with length (a
 * repetitive 256-character password took over 4 s), and a longer password is rarely weak in its
 * first 64 characters. At most 3 look-alike substitutions (p@ssw0rd) are tried: the worst inputs
 * measured (64 repetitive characters) then take 3–4 times as long as a typical password.
 */
const ESTIMATED_LENGTH = 64;
const LEET_SUBSTITUTIONS = 3;

/**
 * The dictionaries the estimator matches against: the common-password list, and the common words
 * and first names of each language. The packages' other lists (surnames, Wikipedia terms, months,
 * planets …) each cost a lookup per substring and made a check about five times slower, for
 * passwords this set already refuses.
 */
const DICTIONARIES = ['passwords-common', 'commonWords-en', 'commonWords-fr', 'firstnames-en', 'firstnames-fr'] as const;

/**
 * Context-specific words (ASVS V6.1.2, V6.2.11): the platform's own name and the words of what it
 * does, in both languages. A password built on them (`commonwise2026`, `Consultation!`) is as
 * guessable as one built on a common word, so the estimator ranks them first. The list is
 * documented in docs/security/authentication.md.
 */
export const CONTEXT_WORDS = [
  'commonwise',
  'council',
  'conseil',
  'challenge',
  'defi',
  'idea',
  'idee',
  'consultation',
  'citizen',
  'citoyen',
  'resident',
  'moderator',
  'moderateur',
  'judge',
  'jury',
  'passkey',
] as const;

/**
 * The strength estimator (zxcvbn-ts) with English and French dictionaries, built once, on first
 * use (a fraction of a second: the dictionaries are ranked).
 */
let estimator: Promise<ZxcvbnFactory> | undefined;
export function passwordEstimator(): Promise<ZxcvbnFactory> {
  return (estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ]);
    const all: Record<string, unknown> = { ...common.dictionary, ...en.dictionary, ...fr.dictionary };
    return new ZxcvbnFactory({
      dictionary: { ...(Object.fromEntries(DICTIONARIES.map((name) => [name, all[name]])) as Record<string, string[]>), userInputs: [...CONTEXT_WORDS] },
      graphs: common.adjacencyGraphs,
      maxLength: ESTIMATED_LENGTH,
      l33tMaxSubstitutions: LEET_SUBSTITUTIONS,
    });
  })());
}

/** Returns a message key when the password is unacceptable, else null. */
export async function passwordProblem(password: string): Promise<'validation.password.short' | 'validation.password.long' | 'validation.password.common' | null> {
  if ([...password].length < PASSWORD_MIN) return 'validation.password.short';
  if ([...password].length > PASSWORD_MAX) return 'validation.password.long';
  if ((await passwordEstimator()).check(password).guesses < GUESSABLE_BELOW) return 'validation.password.common';
  return null;
}
