import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';

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
