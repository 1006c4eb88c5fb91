import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const root = path.resolve(import.meta.dirname, '../../..');

export type RunningServer = {
  /** http://127.0.0.1:<port>, also the server's PUBLIC_URL. */
  url: string;
  /** The server's DATA_DIR (mail files are written to <dataDir>/mail). */
  dataDir: string;
  database: 'pglite' | 'postgres';
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
};

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * When E2E_DATABASE_URL is set, a fresh database on that PostgreSQL server for this run
 * (dropped again by `drop`); otherwise undefined and the server uses embedded PGlite.
 */
async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env['E2E_DATABASE_URL'];
  if (!serverUrl) return undefined;
  const name = `cw_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number, database: 'pglite' | 'postgres'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) {
        const body = (await res.json()) as { database?: string };
        if (body.database !== database) throw new Error(`server runs on ${body.database}, expected ${database}`);
        return;
      }
      lastError = `status ${res.status}`;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('server runs on')) throw err;
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server not ready after ${timeoutMs} ms (${lastError})`);
}

/**
 * Starts the real server (src/server.ts through tsx, on the Node that runs the tests) on a free
 * port, with a fresh temporary DATA_DIR: embedded PGlite with the demo seeded, or a fresh
 * PostgreSQL database (DEMO=true) when E2E_DATABASE_URL is set. Resolves once /readyz answers.
 */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
  const pg = await createPostgresDatabase();

  const env: Record<string, string> = {};
  const dropped = new Set(['DATABASE_URL', 'TEST_DATABASE_URL', 'E2E_DATABASE_URL', 'SMTP_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'DEMO', 'JOBS', 'NODE_ENV']);
  for (const [k, v] of Object.entries(process.env)) {
    // The server runs as in production: no database or settings meant for something else, nothing from vitest.
    if (v !== undefined && !dropped.has(k) && !k.startsWith('VITEST')) env[k] = v;
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn',
    ...(pg ? { DATABASE_URL: pg.url, DEMO: 'true' } : {}),
    ...options.env,
  });

  // `--import tsx` keeps one process (no tsx watcher in between), so SIGTERM reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process goes away without stop() (a crash, a timeout), the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(url, child, 90_000, pg ? 'postgres' : 'pglite');
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- server output ---\n${output}`);
  }
  return { url, dataDir, database: pg ? 'postgres' : 'pglite', output: () => output, stop };
}

/**
 * The server and the browser for one test file, started side by side; if either fails to
 * start, the other is stopped again before the error is thrown.
 */
export async function startServerAndBrowser<B extends { close(): Promise<void> }>(launch: () => Promise<B>): Promise<{ server: RunningServer; browser: B }> {
  const [server, browser] = await Promise.allSettled([startServer(), launch()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return { server: server.value, browser: browser.value };
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}
