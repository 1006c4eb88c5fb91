/**
 * The password rule (src/auth/password.ts): length, then a strength estimate with the
 * common-password list and the English and French dictionaries, so French favourites
 * (azerty123, motdepasse, soleil123) are refused like English ones (password123).
 */
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/auth/password.js';

describe('passwordProblem', () => {
  it.each([
    // English lists, as before.
    'password123',
    'qwerty123',
    'iloveyou1',
    'Password1!',
    'p@ssw0rd',
    // French: keyboard walks, words, names and places, alone or with digits added.
    'azerty123',
    'azertyuiop',
    'Azerty2024',
    'motdepasse',
    'Motdepasse1',
    'soleil123',
    'Soleil2024',
    'bonjour1',
    'jetaime1',
    'doudou12',
    'loulou2010',
    'marseille13',
    'chocolat',
    'nicolas1',
    'camille2000',
    // Repetitive.
    'aaaaaaaaaa',
    '1234567890',
  ])('refuses %s as too easy to guess', async (password) => {
    expect(await passwordProblem(password)).toBe('validation.password.common');
  });

  it.each(['correct horse battery staple', 'a long unguessable phrase', 'mon vélo bleu traverse la Loire', 'xkcd-9fj2-kq', 'Vk3#tq9!Lm2z', 'whatever-123'])(
    'accepts %s',
    async (password) => {
      expect(await passwordProblem(password)).toBeNull();
    },
  );

  it('checks the length first', async () => {
    expect(await passwordProblem('azerty')).toBe('validation.password.short');
    expect(await passwordProblem('x'.repeat(257))).toBe('validation.password.long');
  });

  it('judges a very long password by its start: a strong start passes, a repetitive one does not', async () => {
    expect(await passwordProblem(`${'correct horse battery staple '.repeat(8)}`.trim())).toBeNull();
    expect(await passwordProblem('a1'.repeat(128))).toBe('validation.password.common');
  });
});
