/**
 * The one way tests (and benchmarks) start the real server and the command-line tools: the
 * compiled JavaScript in dist/, as `npm start` runs it. The vitest global setup
 * (tests/support/global-setup.ts) rebuilds dist/ once per run when the sources are newer;
 * a script outside vitest calls `ensureBuilt()` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { handledSecret, logDir, logFileFor } from './secrets.js';

export { ensureBuilt } from '../../.ci/build.js';

/** The repository root (tests/support/../..). */
export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');
/** The compiled entry points, relative to ROOT (how they appear in `ps`, as under `npm start`). */
const SERVER_ENTRY = 'dist/server.js';
const cliEntry = (script: CliScript) => `dist/cli/${script}.js`;

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type RunningServer = {
  proc: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port>, also the server's PUBLIC_URL. */
  url: string;
  /** The server's DATA_DIR (mail files are written to <dataDir>/mail). */
  dataDir: string;
  /** The database it was started on (checked against /readyz before startServer resolves). */
  database: 'pglite' | 'postgres';
  /** Everything the process wrote so far (the start and the latest output of a long run). */
  output(): string;
  exited: Promise<Exit>;
  /** Sends a signal to the server process. */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL to the whole process group: the server dies at once, with no chance to clean up. */
  killHard(): void;
  /** SIGTERM and wait for the exit (SIGKILL after 15 s), then remove what was made for this server. */
  stop(): Promise<void>;
};

const started = new Set<RunningServer>();
// If the test process goes away without stopping its servers (a crash, a timeout), they go with it.
process.once('exit', () => {
  for (const s of started) s.killHard();
});

/** An environment for a child process: PATH with Node 24 first, nothing inherited that selects a database. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: `${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? '/tmp',
    TMPDIR: process.env['TMPDIR'] ?? '/tmp',
    ...env,
  };
}

type LaunchOptions = {
  /** Resolve at once instead of waiting for /readyz (default true). */
  waitReady?: boolean;
  timeoutMs?: number;
  /** Run in its own process group (default true), so killHard reaches everything it started. */
  detached?: boolean;
  /** Run after the process has exited, by stop() (temporary directories, databases). */
  cleanup?: () => Promise<void> | void;
  /** Also append everything the process writes to this file (the e2e servers' logs, for .ci/check-logs.ts). */
  logFile?: string;
};

/**
 * Spawns `node dist/server.js` with exactly `env`, on the port `env.PORT`, and waits until it
 * answers /readyz on the expected database (or exits, when `waitReady` is false or it fails to
 * start). One process, which receives signals itself.
 */
async function launch(env: Record<string, string>, options: LaunchOptions): Promise<RunningServer> {
  const port = Number(env['PORT']);
  const url = `http://127.0.0.1:${port}`;
  const database = env['DATABASE_URL'] ? 'postgres' : 'pglite';
  const detached = options.detached ?? true;
  const proc = spawn(path.join(BIN, 'node'), [SERVER_ENTRY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached });
  // The first 100 KB (start-up) and the latest 100 KB.
  let head = '';
  let tail = '';
  const collect = (chunk: Buffer) => {
    if (head.length < 100_000) head += chunk.toString();
    else {
      tail += chunk.toString();
      if (tail.length > 200_000) tail = tail.slice(-100_000);
    }
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  if (options.logFile) {
    const file = fs.createWriteStream(options.logFile, { flags: 'a' });
    proc.stdout!.pipe(file);
    proc.stderr!.pipe(file);
  }
  const output = () => (tail ? `${head}\n[…]\n${tail.slice(-100_000)}` : head);
  const exited = new Promise<Exit>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));
  let stopping: Promise<void> | undefined;
  const server: RunningServer = {
    proc,
    port,
    url,
    dataDir: path.resolve(ROOT, env['DATA_DIR'] ?? 'data'),
    database,
    output,
    exited,
    signal(sig) {
      if (!gone && proc.pid) process.kill(proc.pid, sig);
    },
    killHard() {
      if (!proc.pid) return;
      try {
        process.kill(detached ? -proc.pid : proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
    stop() {
      stopping ??= (async () => {
        if (!gone) {
          server.signal('SIGTERM');
          const timer = setTimeout(() => server.killHard(), 15_000);
          await exited;
          clearTimeout(timer);
        }
        await options.cleanup?.();
      })();
      return stopping;
    },
  };
  started.add(server);
  void exited.then(() => started.delete(server));
  if (options.waitReady === false) return server;

  const timeoutMs = options.timeoutMs ?? 45_000;
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error(`server exited before it was ready (${JSON.stringify(await exited)})`);
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json().catch(() => ({}))) as { database?: string };
        if (res.status === 200) {
          if (body.database !== database) throw new Error(`server runs on ${body.database}, expected ${database}`);
          return server;
        }
        lastError = `status ${res.status}`;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('server runs on')) throw err;
        lastError = err instanceof Error ? err.message : String(err); // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server not ready after ${timeoutMs} ms (${lastError})`);
  } catch (err) {
    server.killHard();
    await exited;
    await options.cleanup?.();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- server output ---\n${output()}`);
  }
}

/**
 * Starts the real server in its own process group with `env` on top of a minimal environment
 * (`childEnv`: no database or settings inherited from the test run), demo off and warnings-only
 * logs unless `env` says otherwise, and waits until it answers /readyz (or exits, when
 * `waitReady` is false or it fails to start). DATA_DIR defaults to ./data: pass one.
 */
export async function startServer(
  env: Record<string, string>,
  options: { waitReady?: boolean; timeoutMs?: number; port?: number } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  return launch(childEnv({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'warn', DEMO: 'false', ...env }), options);
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

/** The demo accounts' password on the e2e suite's servers (DEMO_PASSWORD: without it the demo's password is generated and printed once). */
export const E2E_DEMO_PASSWORD = 'lantern-quartz-e2e-demo-7341';

handledSecret(E2E_DEMO_PASSWORD);

/**
 * The server as a newcomer gets it, for the e2e suite: a fresh temporary DATA_DIR with embedded
 * PGlite and the demo seeded, or a fresh PostgreSQL database (DEMO=true) when E2E_DATABASE_URL
 * is set. It inherits the test run's environment minus anything that selects a database or
 * comes from vitest, and shares the test's process group (Ctrl-C stops it too). stop() also
 * drops the database and removes the data directory.
 */
export async function startFreshServer(options: { env?: Record<string, string>; publicHost?: 'localhost' } = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const cleanup = async () => {
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    pg = await createPostgresDatabase();
  } catch (err) {
    await cleanup();
    throw err;
  }

  const env: Record<string, string> = {};
  const dropped = new Set(['DATABASE_URL', 'TEST_DATABASE_URL', 'E2E_DATABASE_URL', 'SMTP_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'DEMO', 'DEMO_PASSWORD', 'JOBS', 'NODE_ENV']);
  for (const [k, v] of Object.entries(process.env)) {
    // The server runs as in production: no database or settings meant for something else, nothing from vitest.
    if (v !== undefined && !dropped.has(k) && !k.startsWith('VITEST')) env[k] = v;
  }
  Object.assign(env, {
    PATH: `${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Passkeys need a domain for the relying party (an IP address cannot be one): `publicHost: 'localhost'`.
    PUBLIC_URL: options.publicHost ? url.replace('127.0.0.1', options.publicHost) : url,
    DATA_DIR: dataDir,
    // With TEST_LOG_DIR (CI), every request line too, for .ci/check-logs.ts.
    LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? (logDir ? 'info' : 'warn'),
    DEMO_PASSWORD: E2E_DEMO_PASSWORD,
    // The journeys sign in as the demo's admin without a second factor; tests/e2e/second-factor.test.ts sets it back.
    ADMIN_SECOND_FACTOR: 'optional',
    ...(pg ? { DATABASE_URL: pg.url, DEMO: 'true' } : {}),
    ...options.env,
  });
  const logFile = logFileFor(`server-${process.pid}-${port}.log`);
  return launch(env, { timeoutMs: 90_000, detached: false, cleanup, ...(logFile ? { logFile } : {}) });
}

/** Kills every server this process started and has not seen exit (for afterAll). */
export async function killAllServers() {
  const pending = [...started];
  for (const s of pending) s.killHard();
  await Promise.all(pending.map((s) => s.exited));
}

/** Waits for a process to exit, failing after `ms`. */
export async function waitExit(server: RunningServer, ms = 15_000): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`process did not exit within ${ms} ms:\n${server.output()}`)), ms);
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type CliScript = 'seed' | 'create-admin' | 'votes-reconcile';
export type CliRun = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a command-line tool the way `npm run <script>` does (`node dist/cli/<script>.js`),
 * with `env` on top of `childEnv`; SIGKILLed after `timeoutMs`.
 */
export function runCli(script: CliScript, args: string[], env: Record<string, string>, { timeoutMs = 45_000 } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, 'node'), [cliEntry(script), ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A visitor's CSRF cookie and token, read from a real page the way a browser would. */
export async function anonymousCsrf(url: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${url}/sign-up`, { redirect: 'manual' });
  const html = await res.text();
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  const cookie = res.headers
    .getSetCookie()
    .map((l) => l.split(';')[0]!)
    .find((p) => p.startsWith('cw_csrf='));
  if (!m?.[1] || !cookie) throw new Error(`no CSRF token on /sign-up (status ${res.status})`);
  return { cookie, token: m[1] };
}

/** Posts a form like a browser on the site would (Origin = the site, CSRF cookie and field). */
export function postForm(
  url: string,
  pathname: string,
  csrf: { cookie: string; token: string },
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}${pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url, Cookie: csrf.cookie, ...headers },
    body: new URLSearchParams({ _csrf: csrf.token, ...form }).toString(),
  });
}
