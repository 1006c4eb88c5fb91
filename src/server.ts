import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { DataDirLockedError } from './db/dir-lock.js';
import { buildDeps, jobHandlers } from './deps.js';
import { startWorker } from './jobs/queue.js';
import { createLogger } from './lib/logger.js';
import { seedDemoIfEmpty } from './cli/demo.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);

let database: Database;
try {
  database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (err) {
  if (err instanceof DataDirLockedError) {
    logger.error(err.message);
    process.stderr.write(`\n${err.message}\n\n`);
    process.exit(1);
  }
  throw err;
}

if (database.kind === 'pglite') {
  logger.warn(
    `Embedded database (PGlite) in ${config.dataDir}: for evaluation and small deployments. A killed process loses nothing, ` +
      'but PGlite never asks the OS to fsync, so an OS crash or power cut can lose recent changes. Production data belongs in PostgreSQL (set DATABASE_URL).',
  );
}
await database.migrate();
logger.info('migrations applied', { database: database.kind });

const deps = buildDeps(config, database, logger);
const worker = config.jobs ? startWorker(deps.db, jobHandlers(deps), logger) : undefined;
if (worker) deps.nudgeJobs = worker.nudge;

if (config.demo) await seedDemoIfEmpty(deps);

const app = createApp(deps);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  logger.info(`Commonwise is listening on ${config.publicUrl}`, { port: info.port, host: config.host, database: database.kind });
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  const hardExit = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 10_000);
  hardExit.unref();
  // Stop accepting connections, let in-flight requests finish, then close the database.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
  await worker?.stop();
  await database.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
