/**
 * OWASP ASVS V6.5.3: recovery codes and TOTP seeds come from a cryptographically secure random
 * generator. Output alone cannot show that (Math.random's codes look as random), so this watches
 * where the randomness is drawn: node:crypto's randomInt for every character of a recovery code,
 * and never Math.random for a code or a TOTP secret. (The TOTP secret's 20 bytes come from
 * otpauth's `new Secret({ size })`, which reads node:crypto's randomBytes in its Node build.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const draws = vi.hoisted(() => ({ randomInt: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    randomInt: (...args: Parameters<typeof real.randomInt>) => {
      draws.randomInt++;
      return (real.randomInt as (...a: unknown[]) => unknown)(...args);
    },
  };
});

const { generateRecoveryCodes, newTotpSecret, RECOVERY_CODE_COUNT } = await import('../../src/auth/second-factor/index.js');

afterEach(() => {
  vi.restoreAllMocks();
  draws.randomInt = 0;
});

describe('second-factor secrets come from a CSPRNG (V6.5.3)', () => {
  it('draws every character of every recovery code from node:crypto randomInt, never from Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    const characters = codes.join('').replace(/-/g, '').length;
    expect(characters).toBe(RECOVERY_CODE_COUNT * 10);
    expect(draws.randomInt).toBeGreaterThanOrEqual(characters); // one draw per character (more only if two codes collided)
    expect(random).not.toHaveBeenCalled();
  });

  it('makes TOTP secrets of 160 bits without Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const secrets = Array.from({ length: 20 }, () => newTotpSecret());
    expect(new Set(secrets).size).toBe(20);
    for (const s of secrets) expect(s).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters × 5 bits = 160 bits
    expect(random).not.toHaveBeenCalled();
  });
});
