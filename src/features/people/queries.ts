import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';

export type Person = { id: string; displayName: string; bio: string; createdAt: Date };

/** The public face of an account (name, bio, member since), or null when unknown or malformed. */
export async function getPerson(db: Db, id: string): Promise<Person | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, bio: users.bio, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, id.toLowerCase()))
    .limit(1);
  return row ?? null;
}
