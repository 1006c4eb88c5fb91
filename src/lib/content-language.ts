import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { ContentLanguage } from '../db/schema/columns.js';
import { users } from '../db/schema/index.js';

/**
 * The language of an idea or a comment someone writes: the one their form chose, else their
 * interface language (users.locale; a form always sends one, so only other callers, such as the
 * demo, reach the lookup). It is stored with the text: its `lang` on pages, and later the text
 * search configuration (decision 0047).
 */
export async function writtenIn(db: Db, authorId: string, chosen: ContentLanguage | undefined): Promise<ContentLanguage> {
  if (chosen) return chosen;
  const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, authorId)).limit(1);
  return row?.locale ?? 'en';
}
