import { randomUUID } from 'node:crypto';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../../src/db/client.js';
import { bumpPages, pageScope } from '../../../src/lib/page-versions.js';

export const DAY = 86_400_000;

let n = 0;
/** A string no other call returns, for unique emails, slugs and titles. */
export const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}${randomUUID().slice(0, 4)}`;

/**
 * For a test that changes rows directly (not through a command): every page gets a new version,
 * as after a command, so the page cache serves none from before the change.
 */
export const renewPages = (db: Db) => bumpPages(db, [pageScope.site]);

/**
 * Inserts one row and returns it as stored (with the database's defaults). Like a command, it
 * gives every page a new version, so the page cache never shows a page from before it.
 */
export async function insertOne<T extends PgTable>(db: Db, table: T, values: T['$inferInsert']): Promise<T['$inferSelect']> {
  const rows = (await db.insert(table).values(values).returning()) as T['$inferSelect'][];
  await bumpPages(db, [pageScope.site]);
  return rows[0]!;
}
