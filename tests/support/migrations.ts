/**
 * For the tests of a migration that moves data: a copy of drizzle/ whose journal stops at a given
 * migration, and a fresh database to migrate with it (PGlite, or a new database on the
 * PostgreSQL server of TEST_DATABASE_URL), filled as it stood, then migrated to the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder, pgliteStartParams, type Db } from '../../src/db/client.js';
import { createServerDatabase } from './db.js';

/**
 * A copy of drizzle/ whose journal stops just before `tag` (the migrator applies the ones before
 * it), or just after it (`through`: later migrations, which change the same tables again, stay
 * out). `index` is where the journal must have it: a renumbered migration fails loudly here.
 */
export function schemaFolderAt(tag: string, index: number, through = false): { folder: string; remove(): void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-migration-'));
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at !== index) throw new Error(`expected ${tag} at journal index ${index}, found it at ${at}`);
  journal.entries = journal.entries.slice(0, through ? at + 1 : at);
  fs.writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  return { folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

export type MigrationTarget = { db: Db; migrate(folder: string): Promise<void>; close(): Promise<void> };

/** An empty in-memory PGlite database. */
export async function pgliteTarget(): Promise<MigrationTarget> {
  const pg = await PGlite.create(undefined, { startParams: pgliteStartParams, extensions: { pg_trgm } });
  const db = drizzlePglite(pg);
  return { db: db as unknown as Db, migrate: (folder) => migratePglite(db, { migrationsFolder: folder }), close: () => pg.close() };
}

/** A new database on the PostgreSQL server, dropped by close(). */
export async function serverTarget(prefix: string): Promise<MigrationTarget> {
  const server = await createServerDatabase(prefix);
  // One connection: the session (and its TimeZone, which to_jsonb's timestamps follow) stays the same.
  const client = postgres(server.url, { max: 1, onnotice: () => {} });
  const db = drizzlePostgres(client);
  return {
    db: db as unknown as Db,
    migrate: (folder) => migratePostgres(db, { migrationsFolder: folder }),
    async close() {
      await client.end({ timeout: 5 });
      await server.drop();
    },
  };
}
