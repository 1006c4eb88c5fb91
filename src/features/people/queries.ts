import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';

/** `hiddenRule`: the moderators hid the bio under this rule ('held': until a decision); null when shown. */
export type Person = { id: string; displayName: string; bio: string; createdAt: Date; hiddenRule: string | null };

/** The public face of an account (name, bio, member since), or null when unknown or malformed. */
export async function getPerson(db: Db, id: string): Promise<Person | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, bio: users.bio, createdAt: users.createdAt, hiddenAt: users.profileHiddenAt, hiddenRule: users.profileHiddenRule })
    .from(users)
    .where(eq(users.id, id.toLowerCase()))
    .limit(1);
  if (!row) return null;
  const { hiddenAt, hiddenRule, ...person } = row;
  return { ...person, hiddenRule: hiddenAt ? (hiddenRule ?? '') : null };
}
