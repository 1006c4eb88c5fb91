import { and, eq, gt, isNull } from 'drizzle-orm';
import { hashToken } from '../../../auth/tokens.js';
import type { Db } from '../../../db/client.js';
import { userTokens } from '../../../db/schema/index.js';
import { BadRequestError } from '../../../lib/errors.js';

/**
 * Marks a single-use token as used and returns its user, atomically: of two concurrent uses
 * only one succeeds. Wrong, expired or used tokens throw BadRequestError.
 */
export async function consumeToken(tx: Db, token: string, purpose: 'verify_email' | 'reset_password', now: Date): Promise<string> {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .returning({ userId: userTokens.userId });
  if (!row) throw new BadRequestError('auth.verify.invalid.body');
  return row.userId;
}

/** Checks a token without using it (to show the reset form only for a working link). */
export async function checkToken(db: Db, token: string, purpose: 'verify_email' | 'reset_password', now: Date): Promise<boolean> {
  const [row] = await db
    .select({ userId: userTokens.userId })
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .limit(1);
  return row !== undefined;
}
