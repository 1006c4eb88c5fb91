import { randomUUID } from 'node:crypto';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../../src/db/client.js';

export const DAY = 86_400_000;

let n = 0;
/** A string no other call returns, for unique emails, slugs and titles. */
export const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}${randomUUID().slice(0, 4)}`;

/** Inserts one row and returns it as stored (with the database's defaults). */
export async function insertOne<T extends PgTable>(db: Db, table: T, values: T['$inferInsert']): Promise<T['$inferSelect']> {
  const rows = (await db.insert(table).values(values).returning()) as T['$inferSelect'][];
  return rows[0]!;
}
