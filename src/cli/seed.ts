/**
 * npm run seed [-- --ideas N [--challenges K]]
 *
 * Adds the demo content (councils, partner, staff, residents: src/cli/demo.ts) to the configured
 * database — PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set, where the server never
 * seeds by itself. Only into an empty database: existing data is never touched.
 * With --ideas N it also generates a large synthetic dataset for benchmarks (src/cli/load-data.ts),
 * in one transaction.
 * Exit codes: 0 done (or nothing to do), 1 could not reach the database (or the load data failed:
 * nothing of it was kept), 2 bad configuration, 130 interrupted (likewise nothing kept).
 */
import { count } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import { buildDeps } from '../deps.js';
import { createLogger } from '../lib/logger.js';
import { parseArgs } from 'node:util';
import { seedDemoIfEmpty } from './demo.js';
import { seedLoadData } from './load-data.js';
import { cliConfig, describeDatabase, fail, openCliDatabase, out } from './support.js';

const USAGE = `Usage: npm run seed [-- --ideas N [--challenges K]]

Adds demo content to an empty database (PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set).
--ideas N adds a synthetic council with N published ideas over K challenges (default N/5000, 5 to 50),
with residents, supports, official answers and comments, for benchmarks; each run adds another such
council. It is written in one transaction: interrupted (Ctrl-C) or failing, it keeps nothing.`;

function parseCount(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) fail(`--${name} takes a whole number from 1 to ${max}.\n\n${USAGE}`, 2);
  return Number(value);
}

async function main() {
  let args;
  try {
    args = parseArgs({ options: { ideas: { type: 'string' }, challenges: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    out(USAGE);
    return;
  }
  const ideas = parseCount('ideas', args.ideas, 5_000_000);
  const challenges = parseCount('challenges', args.challenges, 1000);
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
    if (ideas !== undefined) {
      const started = Date.now();
      // Ctrl-C (or SIGTERM) stops between two statements and rolls the run back; a second one quits at once
      // (the transaction never commits: PostgreSQL drops it with the connection, PGlite on its next start).
      const interrupted = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted.signal.aborted) process.exit(130);
        out(`${signal}: stopping, and rolling the load data back (again to quit at once)…`);
        interrupted.abort();
      };
      process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
      try {
        const result = await seedLoadData(deps, {
          ideas,
          signal: interrupted.signal,
          ...(challenges !== undefined ? { challenges } : {}),
          onProgress: (done) => out(`  ${done} / ${ideas} ideas (${Math.round((Date.now() - started) / 1000)} s)`),
        });
        out(
          `Load data added to ${where} in ${Math.round((Date.now() - started) / 1000)} s: council /organisations/${result.organisationSlug}, ` +
            `${result.challenges} challenges, ${result.users} residents, ${result.ideas} ideas, ${result.supports} supports, ${result.responses} official responses, ${result.comments} comments.`,
        );
      } catch (err) {
        if (!interrupted.signal.aborted) throw err;
        out('Interrupted: nothing of this run was kept.');
        process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
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
