/**
 * npm run seed [-- --ideas N [--challenges K] [--concurrency C]]
 *
 * Adds the demo content (councils, partner, staff, residents: src/cli/demo.ts) to the configured
 * database — PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set, where the server never
 * seeds by itself. Only into an empty database: existing data is never touched.
 * With --ideas N it also generates a large synthetic dataset for benchmarks (src/cli/load-data.ts).
 * Exit codes: 0 done (or nothing to do), 1 could not reach the database (or a command failed:
 * the load data is then removed again), 2 bad configuration, 130 interrupted (likewise removed).
 */
import { count } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import { buildDeps } from '../deps.js';
import { createLogger } from '../lib/logger.js';
import { parseArgs } from 'node:util';
import { seedDemoIfEmpty } from './demo.js';
import { LOAD_CONCURRENCY, seedLoadData } from './load-data.js';
import { cliConfig, describeDatabase, fail, openCliDatabase, out } from './support.js';

const USAGE = `Usage: npm run seed [-- --ideas N [--challenges K] [--concurrency C]]

Adds demo content to an empty database (PGlite in DATA_DIR, or PostgreSQL when DATABASE_URL is set).
--ideas N adds a synthetic council with N published ideas over K challenges (default N/5000, 5 to 50),
for benchmarks, made by the same commands people use; each run adds another such council. On
PostgreSQL C chains of commands run side by side (default ${LOAD_CONCURRENCY}). Interrupted (Ctrl-C), it removes what it added.`;

function parseCount(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) fail(`--${name} takes a whole number from 1 to ${max}.\n\n${USAGE}`, 2);
  return Number(value);
}

async function main() {
  let args;
  try {
    args = parseArgs({ options: { ideas: { type: 'string' }, challenges: { type: 'string' }, concurrency: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    out(USAGE);
    return;
  }
  const ideas = parseCount('ideas', args.ideas, 5_000_000);
  const challenges = parseCount('challenges', args.challenges, 1000);
  const concurrency = parseCount('concurrency', args.concurrency, 32) ?? LOAD_CONCURRENCY;
  const config = cliConfig();
  // The load data commits many small transactions: without waiting for each one's WAL flush
  // (a crash loses at most the last moments of a run that is then incomplete anyway).
  const database = await openCliDatabase(config, ideas === undefined ? {} : { poolSize: concurrency + 1, settings: { synchronous_commit: 'off' } });
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
      // Ctrl-C (or SIGTERM) stops the commands and removes what this run added; a second one quits at once.
      const interrupted = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted.signal.aborted) process.exit(130);
        out(`${signal}: stopping, and removing the partial load data (again to quit at once)…`);
        interrupted.abort();
      };
      process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
      try {
        const result = await seedLoadData(deps, {
          ideas,
          concurrency,
          signal: interrupted.signal,
          ...(challenges !== undefined ? { challenges } : {}),
          onProgress: (done) => out(`  ${done} / ${ideas} ideas (${Math.round((Date.now() - started) / 1000)} s)`),
        });
        out(
          `Load data added to ${where} in ${Math.round((Date.now() - started) / 1000)} s: council /organisations/${result.organisationSlug}, ` +
            `${result.challenges} challenges, ${result.users} residents, ${result.ideas} ideas, ${result.supports} supports, ${result.responses} official responses.`,
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
