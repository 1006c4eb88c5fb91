import { and, eq, isNotNull } from 'drizzle-orm';
import { hashToken } from '../../auth/tokens.js';
import type { Db } from '../../db/client.js';
import { users, userTokens } from '../../db/schema/index.js';

export type Profile = { displayName: string; bio: string; locale: 'en' | 'fr'; email: string; verifiedAt: Date | null };

/** What the person's own profile page shows and edits, or null when the account is gone. */
export async function getProfile(db: Db, userId: string): Promise<Profile | null> {
  const [row] = await db
    .select({ displayName: users.displayName, bio: users.bio, locale: users.locale, email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/**
 * The account a confirmation link was sent to, when that account's address is confirmed (by this
 * link or since), or null: a wrong link, another kind of link, or an address still unconfirmed.
 * Used or expired links count too, until housekeeping deletes them: a link opened twice (or first
 * by a mail scanner) still lands on "confirmed".
 */
export async function confirmedOwnerOf(db: Db, token: string): Promise<{ id: string; email: string } | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, 'verify_email'), isNotNull(users.emailVerifiedAt)))
    .limit(1);
  return row ?? null;
}
