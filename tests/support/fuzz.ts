/** Shared by the fuzz tests: a replayable random source and the values they throw at the app. */

/** A small deterministic PRNG, so a failing fuzz case can be replayed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hostile and odd values every fuzz loop draws from. */
export const JUNK: readonly string[] = [
  '',
  ' ',
  'x'.repeat(5_000),
  'y'.repeat(60_000),
  '🙂'.repeat(300),
  'Ünïcödé façade — 日本語 — العربية',
  '\u202eevil\u202c',
  '\u200b\u200d\ufeff',
  '\u0000',
  'a\u0000b',
  '\u0001\u0007\u001f\u007f',
  '\ud800',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  'null',
  'undefined',
  '[object Object]',
  '-1',
  '0',
  '1e309',
  'NaN',
  '9'.repeat(40),
  'true',
  'someone@example.org',
  'not-an-email',
  'a long unguessable phrase',
  'password',
  'en',
  'fr',
  'de',
  'council',
  'partner',
  'owner',
  'member',
  'https://example.org',
  'javascript:alert(1)',
  '//evil.example',
  '/\\evil.example',
  '/ok/path',
  '00000000-0000-0000-0000-000000000000',
];

