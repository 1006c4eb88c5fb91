/**
 * The quick start does not publish an admin (issue 10, point 8): the real server, started on an
 * empty embedded database with the demo and no HOST, listens on loopback only, and the demo's
 * accounts get a password generated at first start, printed once — the password the README used
 * to publish is refused. A HOST other machines reach is production (issue 14, point 4): with the
 * demo's content in the database the server refuses to start there, and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';
import { anonymousCsrf, killAllServers, postForm, startServer, waitExit, type RunningServer } from '../support/server.js';

/** The password the README and the log published for every demo account until issue 10. */
const OLD_PUBLISHED_PASSWORD = 'riverside-demo-2026';
const ADMIN = DEMO_ACCOUNTS.find((a) => a.isAdmin)!.email;

/** The local addresses (as /proc/net/tcp{,6} write them) on which something listens on `port`. */
function listeningOn(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [address, hexPort] = local.split(':');
      if (parseInt(hexPort!, 16) === port) found.push(address!);
    }
  }
  return found;
}
/** 127.0.0.1 as /proc/net/tcp writes it (little-endian hex). */
const LOOPBACK = '0100007F';

async function signIn(server: RunningServer, email: string, password: string) {
  const csrf = await anonymousCsrf(server.url);
  return postForm(server.url, '/sign-in', csrf, { email, password });
}

describe.runIf(process.platform === 'linux')('a server started with the demo and no HOST', { timeout: 180_000 }, () => {
  let dataDir: string;
  let password: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-demo-server-'));
  });
  afterAll(async () => {
    await killAllServers();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback only, and prints a generated password once', async () => {
    const server = await startServer({ DATA_DIR: dataDir, DEMO: 'true', HOST: '', LOG_LEVEL: 'info' }, { timeoutMs: 90_000 });
    try {
      expect(listeningOn(server.port)).toEqual([LOOPBACK]);
      const output = server.output();
      expect(output).toMatch(/"host":"127\.0\.0\.1"/);
      expect(output).toContain('Demo content is present: listening on 127.0.0.1 only');

      const m = /shown only this once \(keep it\):\n\n {4}(\S+)\n/.exec(output);
      expect(m?.[1]).toMatch(/^[A-Za-z0-9_-]{24}$/);
      password = m![1]!;
      expect(password).not.toBe(OLD_PUBLISHED_PASSWORD);
      expect(output.split(password).length - 1).toBe(1); // printed once, in no log line
      expect(output).not.toContain(OLD_PUBLISHED_PASSWORD);

      // The password the README published no longer opens the admin account; the printed one does.
      const old = await signIn(server, ADMIN, OLD_PUBLISHED_PASSWORD);
      expect(old.status).toBe(422);
      expect(old.headers.getSetCookie().some((c) => c.startsWith('cw_session='))).toBe(false);
      const ok = await signIn(server, ADMIN, password);
      expect(ok.status).toBe(303);
      expect(ok.headers.getSetCookie().some((c) => c.startsWith('cw_session='))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('keeps to loopback after a restart (the demo is still there), without printing the password again', async () => {
    const server = await startServer({ DATA_DIR: dataDir, HOST: '', LOG_LEVEL: 'info' }, { timeoutMs: 90_000 });
    try {
      expect(listeningOn(server.port)).toEqual([LOOPBACK]);
      expect(server.output()).not.toContain(password);
      expect((await signIn(server, ADMIN, password)).status).toBe(303);
    } finally {
      await server.stop();
    }
  });

  it('refuses to listen where other machines reach it while the demo is present, and says why', async () => {
    const server = await startServer({ DATA_DIR: dataDir, HOST: '0.0.0.0', PUBLIC_URL: 'https://ideas.example.gov', SMTP_URL: 'smtps://mailer:Zr8-long-unguessable@smtp.example.org:465', LOG_LEVEL: 'warn' }, { waitReady: false });
    const exit = await waitExit(server, 90_000);
    const output = server.output();
    expect(exit, output).toEqual({ code: 1, signal: null });
    expect(output).toContain(
      'Commonwise refuses to start in production (listening on 0.0.0.0, which other machines can reach):\n  - Demo content is present in the database',
    );
    expect(output).toContain('Start on an empty database (a new DATA_DIR or DATABASE_URL).');
    expect(output).not.toContain('is listening');
    expect(listeningOn(server.port)).toEqual([]);
    // The embedded database was closed on the way out: no lock is left behind for the next start.
    expect(fs.existsSync(path.join(dataDir, 'commonwise.lock'))).toBe(false);
  });
});
