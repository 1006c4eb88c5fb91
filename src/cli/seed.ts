/**
 * npm run seed
 *
 * Adds the demo content (councils, partner, staff, residents: src/cli/demo.ts) to the configured
 * database — PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set, where the server never
 * seeds by itself. Only into an empty database: existing data is never touched.
 * Exit codes: 0 done (or nothing to do), 1 could not reach the database, 2 bad configuration.
 */
import { count } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { DataDirLockedError } from '../db/dir-lock.js';
import { users } from '../db/schema/index.js';
import { buildDeps } from '../deps.js';
import { createLogger } from '../lib/logger.js';
import { seedDemoIfEmpty } from './demo.js';

const out = (line: string) => process.stdout.write(line + '\n');

function fail(message: string, code: 1 | 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main() {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    out('Usage: npm run seed\n\nAdds demo content to an empty database (PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set).');
    return;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err), 2);
  }
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  } catch (err) {
    if (err instanceof DataDirLockedError) fail(`${err.message}\nStop the server first: the embedded database can only be opened by one process.`, 1);
    fail(`Could not open the database: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  try {
    await database.migrate();
    const where = database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'the PostgreSQL database (DATABASE_URL)';
    // Progress goes to the console as text; the JSON log is kept for warnings and errors.
    const deps = buildDeps(config, database, createLogger('warn'));
    if (await seedDemoIfEmpty(deps)) {
      out(`Demo content added to ${where}. Sign in at ${config.publicUrl}/sign-in`);
    } else {
      const [row] = await database.db.select({ n: count() }).from(users);
      out(`${where[0]!.toUpperCase()}${where.slice(1)} already has data (${row?.n ?? 0} accounts): demo content was not added. Seeding only ever fills an empty database.`);
    }
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (err) {
  fail(`seed failed: ${err instanceof Error ? err.message : String(err)}`, 1);
}
