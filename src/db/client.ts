import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, PostgresJsSession } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import { postgresConnectOptions } from './tls.js';
import { ROOT } from '../paths.js';

export const migrationsFolder = path.join(ROOT, 'drizzle');
/** Arbitrary constant identifying "Commonwise migrations" among advisory locks. */
const MIGRATION_LOCK_KEY = 7_243_001;

export type Schema = typeof schema;
/** The one database type features use, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

type DrizzleLogger = { logQuery: (sql: string, params: unknown[]) => void } | false;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Applies pending migrations from `drizzle/`. On PostgreSQL it holds a session advisory lock
   * on one dedicated connection, so instances starting together migrate one at a time; that
   * connection uses `migrationDatabaseUrl` when given (a role that may change the schema), so
   * the pool's role needs no more than to read and write rows (docs/security/deployment.md).
   */
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string | undefined;
  /** PostgreSQL only: the role that applies migrations, when it is not the app's own (MIGRATION_DATABASE_URL). */
  migrationDatabaseUrl?: string | undefined;
  dataDir: string;
  /** Max connections in the postgres.js pool. */
  poolSize?: number;
  /** Called with each query's SQL and parameters (tests count and explain a page's queries with it). */
  onQuery?: (sql: string, params: unknown[]) => void;
  /** PostgreSQL settings for every connection of the pool (e.g. a bulk load's `synchronous_commit: 'off'`). */
  settings?: Record<string, string>;
};

/**
 * PGlite's default start parameters include `-F` (fsync off). We start without it so every
 * commit's writes reach the kernel; PGlite's file layer still issues no fsync to the OS, so a
 * power cut may lose recent commits (stated in the README and the start-up log).
 */
export const pgliteStartParams: string[] = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams.filter(
  (p) => p !== '-F',
);

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const logger = options.onQuery ? { logQuery: options.onQuery } : false;
  if (options.databaseUrl)
    return openPostgres(options.databaseUrl, options.migrationDatabaseUrl ?? options.databaseUrl, options.poolSize ?? 10, logger, options.settings ?? {});
  return openPglite(options.dataDir, logger);
}

/**
 * How long a new connection may take (seconds), and the pause before connecting again after a
 * connection failed. postgres.js waits 30 s to connect and backs off up to 20 s, counting every
 * failed connection of the pool: after one cut of all ten connections, a request could wait 20 s
 * for a reconnect that would succeed at once. Short and capped instead, so a request meets a
 * reachable database again within a second or gets its 503 quickly (docs/decisions/0043-…).
 */
const CONNECT_TIMEOUT_SECONDS = 5;
const reconnectDelay = (failures: number) => Math.min(0.05 * 2 ** failures, 1) * (0.5 + Math.random() / 2);

/**
 * Every statement on PostgreSQL is a prepared one. Drizzle asks postgres.js to prepare only the
 * queries given a name with `.prepare(name)`; the rest went as unnamed statements, parsed and
 * planned by the server on every execution (the home page's challenge query: 0.4–0.8 ms of
 * planning against 0.16 ms running). postgres.js keeps one prepared statement per query text and
 * connection, prepares it on first use and retries once when a migration invalidated it; our
 * query texts are a bounded set (values are always parameters). Behind a pooler in transaction
 * mode, `prepare: false` on the client turns it all off again (docs/decisions/0054-…).
 */
const session = PostgresJsSession.prototype as unknown as { prepareQuery: (query: unknown, fields: unknown, name: string | undefined, ...rest: unknown[]) => unknown };
const prepareQuery = session.prepareQuery;
session.prepareQuery = function (this: unknown, query, fields, name, ...rest) {
  return prepareQuery.call(this, query, fields, name ?? '', ...rest);
};

async function openPostgres(databaseUrl: string, migrationUrl: string, max: number, logger: DrizzleLogger, settings: Record<string, string>): Promise<Database> {
  // sslrootcert is read here (postgres.js ignores it), before any connection is made.
  const { url, ssl } = postgresConnectOptions(databaseUrl);
  const migration = postgresConnectOptions(migrationUrl);
  const client = postgres(url, {
    ...(ssl ? { ssl } : {}),
    max,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    backoff: reconnectDelay,
    connection: { application_name: 'commonwise', ...settings },
  });
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // A dedicated single connection, so the session-level lock and the migration share it.
      // Short-lived: the migration role's connection is closed as soon as the schema is current.
      const one = postgres(migration.url, { ...(migration.ssl ? { ssl: migration.ssl } : {}), max: 1, onnotice: () => {} });
      try {
        await one`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(one, { schema }), { migrationsFolder });
      } finally {
        await one.end({ timeout: 5 }); // closing the connection releases the lock
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** `dataDir` 'memory://' gives a throw-away in-memory database (tests). */
async function openPglite(dataDir: string, logger: DrizzleLogger): Promise<Database> {
  const memory = dataDir === 'memory://';
  let lock: DirLock = { release() {} };
  if (!memory) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDirLock(path.join(dataDir, 'commonwise.lock'));
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(memory ? undefined : path.join(dataDir, 'pgdata'), { startParams: pgliteStartParams, extensions: { pg_trgm } });
  } catch (err) {
    lock.release();
    throw err;
  }
  const db = drizzlePglite(pg, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // One connection in one process: the directory lock already keeps other processes out.
    migrate: () => migratePglite(drizzlePglite(pg, { schema }), { migrationsFolder }),
    async close() {
      try {
        await pg.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** Rows of a raw query on either driver (PGlite answers { rows }, postgres.js an array). */
export async function rawRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
