import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.js';

/** The PostgreSQL server tests use when set (CI); otherwise an in-memory PGlite. */
export const serverUrl = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server
 * (dropped on close), or an in-memory PGlite.
 */
export async function openTestDatabase(onQuery?: (sql: string) => void): Promise<Database & { url: string | undefined }> {
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://', ...(onQuery ? { onQuery } : {}) });
    await database.migrate();
    return { ...database, url: undefined };
  }
  const name = `cw_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 5, ...(onQuery ? { onQuery } : {}) });
  await database.migrate();
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const a = postgres(serverUrl!, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
