import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
// The only import of `otpauth` in the code base: everything else goes through this module, so the
// library can be replaced without touching callers.
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) as authenticator apps expect it by default: HMAC-SHA-1, 6 digits, 30-second
 * steps. Apps that honour other parameters are rare enough that choosing them would lock people out.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Commonwise';
/**
 * One step either side of now: RFC 6238 §5.2 recommends at most one step of allowed delay, and one
 * step ahead forgives a phone whose clock runs a little fast.
 */
export const TOTP_WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 output size (RFC 4226 §4 asks for at least 128, recommends 160). */
const SECRET_BYTES = 20;

const totp = (secretBase32: string, label = '') =>
  new TOTP({ issuer: TOTP_ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });

/** A new random secret, base32 (what apps accept when typed in by hand). Seal it before storing. */
export const newTotpSecret = (): string => new Secret({ size: SECRET_BYTES }).base32;

/** The otpauth:// URI for a QR code or a link: issuer "Commonwise", label the account's email. */
export const totpUri = (secretBase32: string, email: string): string => totp(secretBase32, email).toString();

/** The time step (counter) a moment falls in. */
export const totpStep = (atMs: number = Date.now()): number => Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);

/** The code an app shows at a moment: for tests, and for e2e tests that play the phone. */
export const totpCode = (secretBase32: string, atMs: number = Date.now()): string => totp(secretBase32).generate({ timestamp: atMs });

/** What people type: spaces and dashes are common ("123 456"), anything else is not a code. */
export const normaliseTotpCode = (input: string): string | null => {
  const code = input.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
};

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'format' | 'mismatch' | 'replayed' };

/**
 * Checks a code against the secret within ±TOTP_WINDOW steps of `now`. On success returns the
 * matched step: the caller stores it with the secret and passes it back as `lastUsedStep`, and a
 * code of that step or an earlier one is then refused, so a code seen over someone's shoulder (or
 * replayed by a proxy) cannot be used again, not even within its 90 seconds of validity.
 * The comparison is constant-time (the library's).
 */
export function verifyTotp(secretBase32: string, input: string, options: { now?: number; lastUsedStep?: number | null } = {}): TotpResult {
  const code = normaliseTotpCode(input);
  if (code === null) return { ok: false, reason: 'format' };
  const now = options.now ?? Date.now();
  const delta = totp(secretBase32).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'mismatch' };
  const step = totpStep(now) + delta;
  if (options.lastUsedStep != null && step <= options.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

// ---------------------------------------------------------------------------------------------
// Secrets at rest. A TOTP secret must be readable by the server (unlike a password, it cannot be
// hashed), so it is encrypted with a key derived from the server's SECRET_KEY: a copy of the
// database alone (a backup, a replica, an SQL injection) does not give anyone the codes.

const SEAL_VERSION = 'v1';
const IV_BYTES = 12; // GCM's standard nonce size; random per seal (far below 2^32 seals per key)
const TAG_BYTES = 16;

/**
 * AES-256 key from the key string by HKDF-SHA-256. The `info` names this use, so the same
 * SECRET_KEY used for keyed hashes elsewhere yields an unrelated key here.
 */
const deriveKey = (key: string): Buffer => {
  if (key.length < 32) throw new Error('the sealing key must be at least 32 characters');
  return Buffer.from(hkdfSync('sha256', key, 'commonwise', `second-factor seal ${SEAL_VERSION}`, 32));
};

/**
 * Encrypts `plain` with AES-256-GCM → "v1.<base64url iv|ciphertext|tag>". `context` (e.g. the
 * user's id) is authenticated but not stored: a sealed value copied to another person's row will
 * not open there. The version prefix leaves room for another algorithm or key later.
 */
export function sealSecret(plain: string, key: string, context = ''): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(key), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEAL_VERSION}.${body.toString('base64url')}`;
}

/**
 * Decrypts what sealSecret returned. Throws when the value was altered, or sealed with another key
 * or context: that is a server fault (lost or changed SECRET_KEY, damaged row), never the person's.
 * The error says nothing of the value.
 */
export function openSecret(sealed: string, key: string, context = ''): string {
  const [version, encoded, ...rest] = sealed.split('.');
  const body = encoded === undefined ? Buffer.alloc(0) : Buffer.from(encoded, 'base64url');
  if (version !== SEAL_VERSION || rest.length > 0 || body.length < IV_BYTES + TAG_BYTES) throw new Error('sealed secret: unknown format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(key), body.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('sealed secret: cannot be opened (altered, or sealed with another key or context)');
  }
}
