import { describe, expect, it } from 'vitest';
import {
  PasskeyError,
  RECOVERY_CODE_COUNT,
  authenticationOptions,
  generateRecoveryCodes,
  hashRecoveryCode,
  newTotpSecret,
  normaliseRecoveryCode,
  normaliseTotpCode,
  openSecret,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  registrationOptions,
  relyingParty,
  sealSecret,
  totpCode,
  totpStep,
  totpUri,
  verifyAuthentication,
  verifyRecoveryCode,
  verifyRegistration,
  verifyTotp,
} from '../../src/auth/second-factor/index.js';

const KEY = 'a-test-secret-key-of-at-least-32-characters';

describe('TOTP', () => {
  // RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890" (base32 below). The RFC's
  // codes have 8 digits; a 6-digit code is the same number mod 10^6, i.e. its last 6 digits.
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const vectors: [seconds: number, eightDigits: string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ];

  it.each(vectors)('at %i s the code is the last six digits of %s', (seconds, eight) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(eight.slice(-6));
    expect(verifyTotp(RFC_SECRET, eight.slice(-6), { now: seconds * 1000 })).toEqual({ ok: true, step: Math.floor(seconds / 30) });
  });

  it('makes 160-bit base32 secrets, different every time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('builds the otpauth:// URI with the issuer and the email as label', () => {
    const secret = newTotpSecret();
    const uri = new URL(totpUri(secret, 'staff+council@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Commonwise:staff+council@example.org');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Commonwise', secret, algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('accepts the codes of one step either side of now, and no further', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2027, 0, 15, 9, 0, 10); // 10 s into a step
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) expect(verifyTotp(secret, totpCode(secret, now + d * 30_000), { now })).toEqual({ ok: true, step: step + d });
    for (const d of [-2, 2]) expect(verifyTotp(secret, totpCode(secret, now + d * 30_000), { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTotp(newTotpSecret(), totpCode(secret, now), { now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a code of the step last used or an earlier one (replay), and accepts a later one', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2027, 0, 15, 9, 0, 10);
    const first = verifyTotp(secret, totpCode(secret, now), { now, lastUsedStep: null });
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : -1;
    // The same code again, even a few seconds later within its validity.
    expect(verifyTotp(secret, totpCode(secret, now), { now: now + 5_000, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    // The previous step's code is still inside the window, but older than the one used.
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), { now, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    // The next step's code is fine.
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), { now: now + 30_000, lastUsedStep })).toEqual({ ok: true, step: lastUsedStep + 1 });
  });

  it('reads "123 456" and "123-456" as codes and refuses anything else without checking it', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
    for (const bad of ['', '12345', '1234567', 'abcdef', '12345x', '１２３４５６']) {
      expect(normaliseTotpCode(bad)).toBeNull();
      expect(verifyTotp(newTotpSecret(), bad)).toEqual({ ok: false, reason: 'format' });
    }
    const secret = newTotpSecret();
    const now = Date.now();
    const code = totpCode(secret, now);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now }).ok).toBe(true);
  });
});

describe('sealed secrets', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const secret = newTotpSecret();
    const a = sealSecret(secret, KEY, 'user-1');
    const b = sealSecret(secret, KEY, 'user-1');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(openSecret(a, KEY, 'user-1')).toBe(secret);
    expect(openSecret(sealSecret('', KEY), KEY)).toBe('');
  });

  it('refuses an altered value, another key, another owner and other formats, saying nothing of the secret', () => {
    const secret = newTotpSecret();
    const sealed = sealSecret(secret, KEY, 'user-1');
    const body = Buffer.from(sealed.slice(3), 'base64url');
    const flipped = (i: number) => {
      const copy = Buffer.from(body);
      copy[i] = copy[i]! ^ 1;
      return `v1.${copy.toString('base64url')}`;
    };
    const attempts: [string, string, string][] = [
      [flipped(0), KEY, 'user-1'], // nonce
      [flipped(14), KEY, 'user-1'], // ciphertext
      [flipped(body.length - 1), KEY, 'user-1'], // tag
      [`v1.${body.subarray(0, body.length - 1).toString('base64url')}`, KEY, 'user-1'], // truncated
      [sealed, `${KEY}-other`, 'user-1'],
      [sealed, KEY, 'user-2'],
      [sealed.replace(/^v1/, 'v2'), KEY, 'user-1'],
      ['v1.', KEY, 'user-1'],
      ['not sealed', KEY, 'user-1'],
      [`${sealed}.extra`, KEY, 'user-1'],
    ];
    for (const [value, key, context] of attempts) {
      let error: unknown;
      try {
        openSecret(value, key, context);
      } catch (err) {
        error = err;
      }
      expect(error, value).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => sealSecret('x', 'short')).toThrow(/32 characters/);
  });
});

describe('recovery codes', () => {
  const ctx = { userId: '0b7e3f52-6b0e-4c55-9a59-2d7f1d1c9e01', key: KEY };
  const FORMAT = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;

  it('gives ten distinct codes "xxxxx-xxxxx" of 50 random bits (32 symbols × 10)', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(FORMAT);
    // Over many codes every one of the 32 symbols turns up, and never i, l, o or u.
    const symbols = new Set(generateRecoveryCodes(200).join('').replace(/-/g, ''));
    expect(symbols.size).toBe(32);
  });

  it('reads what people type: case, spaces, dashes, and o/i/l for 0/1', () => {
    expect(normaliseRecoveryCode('ABCDE-FGH1K')).toBe('abcdefgh1k');
    expect(normaliseRecoveryCode(' abcde fgh1k ')).toBe('abcdefgh1k');
    expect(normaliseRecoveryCode('abcdefgh1k')).toBe('abcdefgh1k');
    expect(normaliseRecoveryCode('O0IL1-abcde')).toBe('00111abcde');
    for (const bad of ['', 'abcde', 'abcde-fghjkm', 'abcde-fghju', 'abcde_fghjk', 'abcde-fghj!']) expect(normaliseRecoveryCode(bad), bad).toBeNull();
  });

  it('hashes the normalised code, per person and per server key', () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const hash = hashRecoveryCode(code, ctx);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code.toUpperCase().replace('-', ' '), ctx)).toBe(hash);
    expect(hashRecoveryCode(code, { ...ctx, userId: 'someone-else' })).not.toBe(hash);
    expect(hashRecoveryCode(code, { ...ctx, key: `${KEY}-other` })).not.toBe(hash);
    expect(() => hashRecoveryCode('nope', ctx)).toThrow();
  });

  it('finds which stored code was typed; once the caller removes it, it no longer works', () => {
    const codes = generateRecoveryCodes();
    let stored = codes.map((c) => hashRecoveryCode(c, ctx));
    const used = codes[3]!;
    const index = verifyRecoveryCode(used.toUpperCase(), stored, ctx);
    expect(index).toBe(3);
    stored = stored.filter((_, i) => i !== index);
    expect(verifyRecoveryCode(used, stored, ctx)).toBeNull();
    expect(verifyRecoveryCode(codes[4]!, stored, ctx)).toBe(3); // the others still work
  });

  it('refuses a wrong code, another person’s code, malformed input and odd stored values', () => {
    const codes = generateRecoveryCodes();
    const stored = codes.map((c) => hashRecoveryCode(c, ctx));
    const [other] = generateRecoveryCodes(1) as [string];
    expect(verifyRecoveryCode(other, stored, ctx)).toBeNull();
    expect(verifyRecoveryCode(codes[0]!, stored, { ...ctx, userId: 'someone-else' })).toBeNull();
    expect(verifyRecoveryCode('not a code', stored, ctx)).toBeNull();
    expect(verifyRecoveryCode(codes[0]!, [], ctx)).toBeNull();
    expect(verifyRecoveryCode(codes[1]!, ['', 'zz', stored[0]!.slice(2), stored[1]!], ctx)).toBe(3);
  });
});

describe('WebAuthn wrapper', () => {
  const { rpId, origin } = relyingParty('https://ideas.example.gov:8443/some/path');

  it('takes the relying party from PUBLIC_URL', () => {
    expect({ rpId, origin }).toEqual({ rpId: 'ideas.example.gov', origin: 'https://ideas.example.gov:8443' });
  });

  it('asks for no attestation, a discoverable credential and user verification where possible', async () => {
    const userId = '0b7e3f52-6b0e-4c55-9a59-2d7f1d1c9e01';
    const options = await registrationOptions({
      rpName: 'Commonwise',
      rpId,
      user: { id: userId, name: 'staff@example.org', displayName: 'Staff Member' },
      excludeCredentials: [{ credentialId: 'abc', transports: ['internal'] }, { credentialId: 'def' }],
    });
    expect(options.rp).toEqual({ name: 'Commonwise', id: 'ideas.example.gov' });
    expect(options.user).toEqual({ id: Buffer.from(userId).toString('base64url'), name: 'staff@example.org', displayName: 'Staff Member' });
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
    expect(options.excludeCredentials).toEqual([
      { id: 'abc', type: 'public-key', transports: ['internal'] },
      { id: 'def', type: 'public-key' },
    ]);
    expect(options.timeout).toBe(300_000);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  });

  it('asks to sign in with the person’s credentials, a fresh challenge each time', async () => {
    const a = await authenticationOptions({ rpId, allowCredentials: [{ credentialId: 'abc', transports: ['usb'] }] });
    const b = await authenticationOptions({ rpId, allowCredentials: [] });
    expect(a).toMatchObject({ rpId, userVerification: 'preferred', allowCredentials: [{ id: 'abc', type: 'public-key', transports: ['usb'] }] });
    expect(a.challenge).not.toBe(b.challenge);
  });

  it('refuses what is not a credential with a PasskeyError (a 400), never a TypeError', async () => {
    for (const raw of ['', 'null', '[]', '{"id":"a"}', '{"id":"a","rawId":"b","type":"public-key","response":{}}', '{"id":"a","rawId":"a","type":"public-key"}']) {
      expect(() => parseRegistrationResponse(raw), raw).toThrow(PasskeyError);
      expect(() => parseAuthenticationResponse(raw), raw).toThrow(PasskeyError);
    }
    const shaped = '{"id":"a","rawId":"a","type":"public-key","response":{"clientDataJSON":"e30"}}';
    const error = await verifyRegistration(parseRegistrationResponse(shaped), 'challenge', origin, rpId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PasskeyError);
    expect((error as PasskeyError).ceremony).toBe('registration');
    const stored = { credentialId: 'a', publicKey: new Uint8Array(77), counter: 0 };
    await expect(verifyAuthentication(parseAuthenticationResponse(shaped), 'challenge', origin, rpId, stored)).rejects.toThrow(PasskeyError);
    await expect(verifyAuthentication(parseAuthenticationResponse(shaped), 'challenge', origin, rpId, { ...stored, credentialId: 'b' })).rejects.toThrow(/another credential/);
  });
});
