import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The repository root (tests/support/../..). */
export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');

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
  url: string;
  /** Everything the process wrote so far. */
  output(): string;
  exited: Promise<Exit>;
  /** Sends a signal to the server process. */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL to the whole process group: the server dies at once, with no chance to clean up. */
  killHard(): void;
};

const started = new Set<RunningServer>();

/** An environment for a child process: PATH with Node 24 first, nothing inherited that selects a database. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: `${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? '/tmp',
    TMPDIR: process.env['TMPDIR'] ?? '/tmp',
    ...env,
  };
}

/**
 * Spawns the real server in its own process group and waits until it answers /readyz (or
 * exits, when `waitReady` is false or it fails to start).
 *
 * It runs as `node --import tsx src/server.ts`: one process that receives signals itself. The
 * `tsx` command line wraps the server in a second process that relays SIGTERM and, when the server
 * does not acknowledge it within ~60 ms (event loop busy, e.g. PGlite starting or a loaded
 * machine), SIGKILLs it, which would turn a graceful shutdown into a kill.
 */
export async function startServer(
  env: Record<string, string>,
  options: { waitReady?: boolean; timeoutMs?: number; port?: number } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(path.join(BIN, 'node'), ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'warn', DEMO: 'false', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    if (out.length < 200_000) out += chunk.toString();
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  const exited = new Promise<Exit>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));
  const server: RunningServer = {
    proc,
    port,
    url,
    output: () => out,
    exited,
    signal(sig) {
      if (!gone && proc.pid) process.kill(proc.pid, sig);
    },
    killHard() {
      if (proc.pid) {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
  };
  started.add(server);
  void exited.then(() => started.delete(server));
  if (options.waitReady === false) return server;

  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited before it was ready (${JSON.stringify(await exited)}):\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return server;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  server.killHard();
  throw new Error(`server did not become ready within the time limit:\n${out}`);
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
