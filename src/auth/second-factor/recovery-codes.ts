import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

/** How many codes a person is given at a time (a new set replaces the old one whole). */
export const RECOVERY_CODE_COUNT = 10;
/**
 * Crockford's base32: digits and lower-case letters without i, l, o and u, so nothing written down
 * can be misread (0/o, 1/l/i) and no word is spelt by accident. 10 characters × 5 bits = 50 bits.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 10;

/** One code, "xxxxx-xxxxx": uniformly random (randomInt has no modulo bias). */
function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A fresh set of distinct codes, to be shown to the person once; store only their hashes. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newRecoveryCode());
  return [...codes];
}

/**
 * What someone typed → the code's canonical 10 characters, or null when it cannot be one. Case,
 * spaces and dashes do not matter, and the letters Crockford's alphabet leaves out are read as the
 * digits they look like (o → 0, i and l → 1), so a misread code still works.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return code.length === LENGTH && [...code].every((ch) => ALPHABET.includes(ch)) ? code : null;
}

/** Whom a hash belongs to, and the server's key (SECRET_KEY: see src/lib/secret.ts). */
export type RecoveryCodeContext = { userId: string; key: string };

/**
 * The value to store for a code: HMAC-SHA-256, hex. A fast hash is enough here, unlike for
 * passwords: the codes are random (50 bits, not chosen by people), so there is no dictionary to
 * try, and a slow hash (argon2, checked against up to ten stored codes) would cost much on every
 * attempt for little. The key, derived from the server's SECRET_KEY, means a copy of the database
 * alone allows no offline search at all; the user id in the message means one search could not
 * cover everybody's codes at once. Accepts typed input (normalised first); throws if it is not a code.
 */
export function hashRecoveryCode(input: string, ctx: RecoveryCodeContext): string {
  const code = normaliseRecoveryCode(input);
  if (code === null) throw new Error('not a recovery code');
  return hmac(code, ctx);
}

const hmac = (code: string, ctx: RecoveryCodeContext) =>
  createHmac('sha256', Buffer.from(hkdfSync('sha256', ctx.key, 'commonwise', 'second-factor recovery codes v1', 32)))
    .update(`${ctx.userId}\n${code}`)
    .digest('hex');

/**
 * The index in `storedHashes` of the code typed, or null. Every stored hash is compared, in
 * constant time, so the time taken says nothing about which one matched or how closely. The caller
 * then deletes that hash in the same transaction as the sign-in (`DELETE … RETURNING`, so two
 * requests racing with one code cannot both succeed): a used code is then simply not there.
 */
export function verifyRecoveryCode(input: string, storedHashes: readonly string[], ctx: RecoveryCodeContext): number | null {
  const code = normaliseRecoveryCode(input);
  if (code === null) return null;
  const candidate = Buffer.from(hmac(code, ctx), 'hex');
  let found: number | null = null;
  storedHashes.forEach((stored, i) => {
    const s = Buffer.from(stored, 'hex');
    if (s.length === candidate.length && timingSafeEqual(s, candidate) && found === null) found = i;
  });
  return found;
}
