import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { DEMO_HOST, listenHost, loadConfig, operatorWarnings, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { DataDirLockedError } from './db/dir-lock.js';
import { buildDeps, jobHandlers, startSchedules } from './deps.js';
import { startWorker } from './jobs/queue.js';
import { createLogger } from './lib/logger.js';
import { demoContentPresent, seedDemoIfEmpty } from './cli/demo.js';
import { startupWarnings, unsafeStartReasons, type StartContext } from './startup-checks.js';
import { readTlsFiles, TLS_SERVER_OPTIONS } from './tls.js';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

let config: Config;
let tlsKeys: ReturnType<typeof readTlsFiles> | undefined;
try {
  config = loadConfig();
  tlsKeys = config.tls && readTlsFiles(config.tls);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const nodeEnv = process.env['NODE_ENV'];

let database: Database | undefined;
let server: Server | undefined;
let worker: ReturnType<typeof startWorker> | undefined;
let stopping = false;
let startup: Promise<void> | undefined;

/**
 * Graceful shutdown: stop accepting connections, let requests in flight finish (keep-alive
 * connections are closed as soon as they fall idle), stop the job worker, then close the
 * database, which also removes the PGlite lock file. A signal during start-up waits for the
 * current step, so the database is never closed under a running migration.
 */
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  const hardExit = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  hardExit.unref();
  await startup?.catch(() => undefined);
  if (server) {
    const s = server;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeIdleConnections();
      // A connection whose request was in flight becomes idle once answered: close it then,
      // instead of waiting for the keep-alive timeout.
      const sweep = setInterval(() => s.closeIdleConnections(), 25);
      s.once('close', () => clearInterval(sweep));
    });
  }
  await worker?.stop();
  await database?.close();
  logger.info('stopped');
  process.exit(exitCode);
}

/**
 * Production refuses to run unsafely (src/startup-checks.ts): each reason is logged on a line of
 * its own, and said on standard error too (so LOG_LEVEL=silent cannot hide it); then the
 * database, if open, is closed and the process exits with status 1, before listening.
 */
async function refuseIfUnsafe(ctx: StartContext) {
  const reasons = unsafeStartReasons(config, { ...ctx, certificate: tlsKeys?.cert });
  if (reasons.length === 0) return;
  const where = ctx.nodeEnv === 'production' ? 'NODE_ENV=production' : `listening on ${ctx.host}, which other machines can reach`;
  for (const reason of reasons) logger.error(`Refusing to start in production (${where}): ${reason}`);
  process.stderr.write(`\nCommonwise refuses to start in production (${where}):\n${reasons.map((r) => `  - ${r}\n`).join('')}\n`);
  stopping = true; // a signal now has nothing left to drain
  await database?.close().catch(() => undefined);
  process.exit(1);
}

async function start() {
  for (const warning of startupWarnings(config)) logger.warn(warning);
  // Before the database is opened, when production is already known (NODE_ENV, or HOST set to a
  // reachable interface), so an unsafe DATABASE_URL is never used and DEMO=true seeds nothing.
  // With HOST unset it is not known yet: the demo's presence decides (loopback while it is there).
  await refuseIfUnsafe({ nodeEnv, host: config.host ?? DEMO_HOST, demoPresent: false });
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      logger.error(err.message);
      process.stderr.write(`\n${err.message}\n\n`);
      process.exit(1);
    }
    throw err;
  }
  for (const warning of operatorWarnings(config)) logger.warn(warning);
  await database.migrate();
  logger.info('migrations applied', { database: database.kind });
  if (stopping) return;

  const deps = buildDeps(config, database, logger);
  if (config.demo) await seedDemoIfEmpty(deps);
  if (stopping) return;

  // The demo's accounts have published addresses and a shared password: while they exist, this
  // machine only, unless HOST says otherwise — and then the production checks refuse to start.
  const demoPresent = await demoContentPresent(deps.db);
  const host = listenHost(config, demoPresent);
  await refuseIfUnsafe({ nodeEnv, host, demoPresent });

  worker = config.jobs ? startWorker(deps.db, jobHandlers(deps), logger) : undefined;
  if (worker) {
    deps.nudgeJobs = worker.nudge;
    // Scheduled jobs (the hourly trending recount, the daily housekeeping) re-queue themselves; this starts each chain.
    await startSchedules(deps);
    worker.nudge();
  }

  if (database.kind === 'pglite') {
    const use = demoPresent ? 'with demo content, for trying Commonwise out on this machine: not a deployment' : 'for evaluation and small deployments';
    logger.warn(
      `Embedded database (PGlite) in ${config.dataDir}, ${use}. A killed process loses nothing, ` +
        'but PGlite never asks the OS to fsync, so an OS crash or power cut can lose recent changes. Production data belongs in PostgreSQL (set DATABASE_URL).',
    );
  }
  if (demoPresent && config.host === undefined) {
    logger.info(`Demo content is present: listening on ${host} only, so its accounts cannot be reached from another machine (with demo content, a HOST other machines reach is refused).`);
  }

  const app = createApp(deps);
  const db = database;
  // With TLS_CERT_FILE and TLS_KEY_FILE, HTTPS on the same port (src/tls.ts); otherwise plain HTTP behind the operator's proxy.
  const https = tlsKeys ? { createServer: createHttpsServer, serverOptions: { ...TLS_SERVER_OPTIONS, ...tlsKeys } } : {};
  server = serve({ fetch: app.fetch, port: config.port, hostname: host, ...https }, (info) => {
    logger.info(`Commonwise is listening on ${config.publicUrl}`, { port: info.port, host, database: db.kind });
  }) as Server;
  // While draining, answers tell keep-alive clients to reconnect (elsewhere) for their next request.
  server.prependListener('request', (_req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
  });
  server.on('error', (err) => {
    logger.error('server error', { error: err.message });
    void shutdown('server error', 1);
  });
}

// Handlers first: a signal that arrives while the database opens (PGlite's start-up blocks the
// event loop for a while) must not kill the process with the data directory locked.
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
startup = start();
await startup;
