import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DataDirLockedError } from '../db/dir-lock.js';

export const out = (line: string) => process.stdout.write(line + '\n');

/** Prints the message and exits: 1 for a problem with the database, 2 for bad input or configuration. */
export function fail(message: string, code: 1 | 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * Opens and migrates the configured database for a command-line tool, or exits with a clear
 * message. One connection unless the tool runs commands side by side (`poolSize`, PostgreSQL);
 * `settings` apply to every connection (PostgreSQL).
 */
export async function openCliDatabase(config: Config, options: { poolSize?: number; settings?: Record<string, string> } = {}): Promise<Database> {
  // Loaded here, not at the top: bad arguments are refused before the database stack loads.
  const { openDatabase } = await import('../db/client.js');
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl, dataDir: config.dataDir, poolSize: options.poolSize ?? 1, ...(options.settings ? { settings: options.settings } : {}) });
  } catch (err) {
    if (err instanceof DataDirLockedError) fail(`${err.message}\nStop the server first: the embedded database can only be opened by one process.`, 1);
    fail(`Could not open the database: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** The configuration, or exit 2 with the reason. */
export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err), 2);
  }
}

/** Where the data went, in words for the console. */
export const describeDatabase = (database: Database, config: Config) =>
  database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'the PostgreSQL database (DATABASE_URL)';
