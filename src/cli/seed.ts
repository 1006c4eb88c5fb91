/**
 * npm run seed
 *
 * Adds the demo content (councils, partner, staff, residents: src/cli/demo.ts) to the configured
 * database — PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set, where the server never
 * seeds by itself. Only into an empty database: existing data is never touched.
 * Exit codes: 0 done (or nothing to do), 1 could not reach the database, 2 bad configuration.
 */
import { count } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import { buildDeps } from '../deps.js';
import { createLogger } from '../lib/logger.js';
import { seedDemoIfEmpty } from './demo.js';
import { cliConfig, describeDatabase, fail, openCliDatabase, out } from './support.js';

async function main() {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    out('Usage: npm run seed\n\nAdds demo content to an empty database (PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set).');
    return;
  }
  const config = cliConfig();
  const database = await openCliDatabase(config);
  try {
    const where = describeDatabase(database, config);
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
