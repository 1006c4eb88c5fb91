import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { migrationsFolder, openDatabase, type Database, type Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { createServerDatabase, rawRows, serverUrl } from '../support/db.js';

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
const tables = (Object.values(schema) as unknown[]).flatMap((v) => (is(v, PgTable) ? [getTableConfig(v)] : []));

/** The migrated database has every table, column and index the TypeScript schema declares. */
async function expectSchemaMatches(db: Db) {
  const columns = await rawRows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const indexes = await rawRows<{ indexname: string }>(db, sql`select indexname from pg_indexes where schemaname = 'public'`);
  const have = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
  const haveIndexes = new Set(indexes.map((i) => i.indexname));
  const missing: string[] = [];
  for (const t of tables) {
    for (const c of t.columns) if (!have.has(`${t.name}.${c.name}`)) missing.push(`${t.name}.${c.name}`);
    for (const i of t.indexes) if (i.config.name && !haveIndexes.has(i.config.name)) missing.push(`index ${i.config.name}`);
  }
  expect(missing, 'in src/db/schema but not created by drizzle/ (run npm run db:generate)').toEqual([]);
}

async function appliedMigrations(db: Db) {
  return rawRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations`);
}

describe('migrations on PGlite', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates every table, column and index of the schema, recording each migration once', async () => {
    expect(tables.length).toBeGreaterThan(5);
    await database.migrate();
    await expectSchemaMatches(database.db);
    expect(await appliedMigrations(database.db)).toHaveLength(journal.entries.length);
  });

  it('is a no-op the second time', async () => {
    await database.migrate();
    expect(await appliedMigrations(database.db)).toHaveLength(journal.entries.length);
  });
});

describe.runIf(!!serverUrl)('migrations on a PostgreSQL server', () => {
  let pgDatabase: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
  let url: string;
  beforeAll(async () => {
    pgDatabase = await createServerDatabase('cw_migrate');
    url = pgDatabase.url;
  });
  afterAll(async () => {
    await pgDatabase?.drop();
  });

  it('lets several instances migrate a fresh database at once (advisory lock): all succeed, each migration applied once', async () => {
    const instances = await Promise.all(Array.from({ length: 5 }, () => openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2 })));
    try {
      const results = await Promise.allSettled(instances.map((d) => d.migrate()));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const db = instances[0]!.db;
      await expectSchemaMatches(db);
      expect(await appliedMigrations(db)).toHaveLength(journal.entries.length);
      const hashes = (await appliedMigrations(db)).map((m) => m.hash);
      expect(new Set(hashes).size).toBe(hashes.length);
      // The lock went with the migration connections.
      const locks = await rawRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
      );
      expect(Number(locks[0]!.n)).toBe(0);
    } finally {
      await Promise.all(instances.map((d) => d.close()));
    }
  });

  it('migrates an up-to-date database as a no-op', async () => {
    const d = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
    try {
      await d.migrate();
      expect(await appliedMigrations(d.db)).toHaveLength(journal.entries.length);
    } finally {
      await d.close();
    }
  });
});
