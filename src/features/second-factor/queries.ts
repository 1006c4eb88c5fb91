import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { passkeys, recoveryCodes, totpFactors } from '../../db/schema/index.js';

export type PasskeyRow = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** A person's second factors, for their security page and the sign-in's second step (bounded: a person has a handful). */
export async function factorsOf(db: Db, userId: string) {
  const [keys, totp, left] = await Promise.all([
    db
      .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, credentialId: passkeys.credentialId, transports: passkeys.transports })
      .from(passkeys)
      .where(eq(passkeys.userId, userId))
      .orderBy(asc(passkeys.createdAt))
      .limit(MAX_PASSKEYS),
    db.select({ confirmedAt: totpFactors.confirmedAt }).from(totpFactors).where(eq(totpFactors.userId, userId)).limit(1),
    db.select({ n: count() }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
  ]);
  return {
    passkeys: keys.map((k) => ({ ...k, transports: k.transports ? k.transports.split(',') : [] })),
    totp: totp[0] ? { confirmed: totp[0].confirmedAt !== null } : null,
    recoveryLeft: Number(left[0]?.n ?? 0),
  };
}
export type Factors = Awaited<ReturnType<typeof factorsOf>>;

/** Whether the person has any second factor (a passkey or a confirmed authenticator app). */
export const hasFactor = (f: Factors) => f.passkeys.length > 0 || f.totp?.confirmed === true;

/** At most this many passkeys per person (a list people can read, and a bound on every query). */
export const MAX_PASSKEYS = 20;

/** The person's confirmed TOTP factor, sealed. */
export async function confirmedTotp(db: Db, userId: string) {
  const [row] = await db
    .select({ secretSealed: totpFactors.secretSealed, lastStep: totpFactors.lastStep })
    .from(totpFactors)
    .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)))
    .limit(1);
  return row ?? null;
}

/** Whether the person has a second factor, in one query (the sign-in's password step asks this). */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({
      any: sql<boolean>`(EXISTS (SELECT 1 FROM ${passkeys} WHERE ${passkeys.userId} = ${userId}) OR EXISTS (SELECT 1 FROM ${totpFactors} WHERE ${totpFactors.userId} = ${userId} AND ${totpFactors.confirmedAt} IS NOT NULL))`,
    })
    .from(sql`(SELECT 1) AS one`);
  return row?.any === true;
}
