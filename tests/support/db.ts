import postgres from 'postgres';
import type { SQL } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';

/** The PostgreSQL server tests use when set (CI); otherwise an in-memory PGlite. */
export const serverUrl = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;

/** A new, empty database on the PostgreSQL server named by serverUrl, and a way to drop it. */
export async function createServerDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  if (!serverUrl) throw new Error('createServerDatabase needs TEST_DATABASE_URL or DATABASE_URL');
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (statement: string) => {
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server
 * (dropped on close), or an in-memory PGlite.
 */
export async function openTestDatabase(onQuery?: (sql: string, params: unknown[]) => void): Promise<Database & { url: string | undefined }> {
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://', ...(onQuery ? { onQuery } : {}) });
    await database.migrate();
    return { ...database, url: undefined };
  }
  const server = await createServerDatabase('cw_test');
  const database = await openDatabase({ databaseUrl: server.url, dataDir: 'unused', poolSize: 5, ...(onQuery ? { onQuery } : {}) });
  await database.migrate();
  return {
    ...database,
    url: server.url,
    async close() {
      await database.close();
      await server.drop();
    },
  };
}

export { rawRows } from '../../src/db/client.js';
