import { hashPassword } from '../../../src/auth/password.js';
import type { Db } from '../../../src/db/client.js';
import { users } from '../../../src/db/schema/index.js';
import { insertOne, unique } from './common.js';
import { handledSecret } from '../secrets.js';

export const PASSWORD = 'correct horse battery staple';
handledSecret(PASSWORD);
let passwordHash: Promise<string> | undefined;

export type UserOverrides = Partial<typeof users.$inferInsert> & { verified?: boolean };
export type User = Awaited<ReturnType<typeof createUser>>;

export function buildUser(overrides: Partial<typeof users.$inferInsert> = {}) {
  const u = unique();
  return { email: `user-${u}@example.org`, displayName: `Test User ${u}`, ...overrides };
}

/** A user row; verified unless told otherwise. Password: PASSWORD. */
export async function createUser(db: Db, overrides: UserOverrides = {}) {
  const { verified = true, ...rest } = overrides;
  passwordHash ??= hashPassword(PASSWORD);
  const row = await insertOne(db, users, { ...buildUser(rest), passwordHash: await passwordHash, emailVerifiedAt: verified ? new Date() : null, ...rest });
  return { ...row, password: PASSWORD };
}
