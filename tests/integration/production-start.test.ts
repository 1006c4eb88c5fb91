/**
 * Production refuses to run unsafely (issue 14, point 4). With NODE_ENV=production, or listening
 * on an interface other machines reach, the real server exits with status 1 before it listens —
 * before it even opens the database when production is known from the start — and names each
 * reason and what to set, without printing a password. A safe production configuration starts.
 * (The refusal of demo content in the database is tested with the real server in
 * demo-server.test.ts, which has a demo database at hand.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { defaultPassword, startupWarnings, unsafeStartReasons, weakSecret, type StartContext } from '../../src/startup-checks.js';
import { killAllServers, startServer, waitExit } from '../support/server.js';

const SAFE = { PUBLIC_URL: 'https://ideas.example.gov', SMTP_URL: 'smtps://mailer:Zr8-long-unguessable@smtp.example.org:465' };
const prod: StartContext = { nodeEnv: 'production', host: '127.0.0.1', demoPresent: false };
const reasons = (env: Record<string, string>, ctx: StartContext = prod) => unsafeStartReasons(loadConfig({ DEMO: 'false', ...env }), ctx);

describe('unsafeStartReasons (which settings production refuses)', () => {
  it('refuses nothing off production: loopback without NODE_ENV is development, the demo, tests and benchmarks', () => {
    const unsafe = { PUBLIC_URL: 'http://localhost:3000', DEMO: 'true', DEMO_PASSWORD: 'lantern-quartz-demo', DATABASE_URL: 'postgres://u:postgres@db.example.org/cw?sslmode=require' };
    expect(reasons(unsafe, { nodeEnv: undefined, host: '127.0.0.1', demoPresent: true })).toEqual([]);
    expect(reasons(unsafe, { nodeEnv: 'development', host: 'localhost', demoPresent: true })).toEqual([]);
  });

  it('a safe production configuration has no reason to refuse', () => {
    expect(reasons(SAFE)).toEqual([]);
    expect(reasons(SAFE, { nodeEnv: undefined, host: '0.0.0.0', demoPresent: false })).toEqual([]);
    const remoteVerified = { ...SAFE, DATABASE_URL: 'postgres://app:Zr8-long-unguessable@db.example.org:5432/cw?sslmode=verify-full', SECRET_KEY: 'kq3JZ0vV9xw7Y1mH2sQe8uT5rN4pL6aBcDfGhIjK' };
    expect(reasons(remoteVerified)).toEqual([]);
    expect(reasons({ ...SAFE, DATABASE_URL: 'postgres://app@/cw', MIGRATION_DATABASE_URL: 'postgres://owner@127.0.0.1/cw' })).toEqual([]);
    expect(reasons({ ...SAFE, SMTP_URL: 'smtps://mailer:Zr8-long-unguessable@smtp.example.org:465' })).toEqual([]);
  });

  it('production is NODE_ENV=production or any interface other machines reach', () => {
    const http = { PUBLIC_URL: 'http://ideas.example.gov', SMTP_URL: SAFE.SMTP_URL };
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) expect(reasons(http, { nodeEnv: undefined, host, demoPresent: false })).toHaveLength(1);
    expect(reasons(http, { nodeEnv: 'production', host: '127.0.0.1', demoPresent: false })).toHaveLength(1);
  });

  it('no SMTP_URL: mail would never leave the development spool', () => {
    const { SMTP_URL: _, ...noMail } = SAFE;
    expect(reasons(noMail)).toEqual([expect.stringMatching(/^SMTP_URL is not set: mail .* would only be written to the development mail spool, never sent\./)]);
  });

  it('PUBLIC_URL unset or not https', () => {
    expect(reasons({ SMTP_URL: SAFE.SMTP_URL })).toEqual(["PUBLIC_URL is not set: set PUBLIC_URL to the site's https:// address (e.g. https://ideas.example.gov)."]);
    expect(reasons({ PUBLIC_URL: 'http://ideas.example.gov', SMTP_URL: SAFE.SMTP_URL })).toEqual([expect.stringMatching(/^PUBLIC_URL is not an https:\/\/ address .*set PUBLIC_URL to the site's https:\/\/ address/)]);
  });

  it('the demo: switched on, or its content in the database', () => {
    expect(reasons({ ...SAFE, DEMO: 'true' })).toEqual([expect.stringMatching(/^DEMO is on: .*Set DEMO=false\.$/)]);
    expect(reasons(SAFE, { ...prod, demoPresent: true })).toEqual([expect.stringMatching(/^Demo content is present in the database .*Start on an empty database/)]);
  });

  it('default secrets: DEMO_PASSWORD, a placeholder SECRET_KEY, well-known database and SMTP passwords', () => {
    expect(reasons({ ...SAFE, DEMO_PASSWORD: 'lantern-quartz-demo' })).toEqual(['DEMO_PASSWORD is set: it is for development and tests only. Unset DEMO_PASSWORD.']);
    expect(reasons({ ...SAFE, SECRET_KEY: 'change-me-to-a-long-random-string-please' })).toEqual([expect.stringMatching(/^SECRET_KEY looks like a placeholder.*openssl rand -base64 32/)]);
    expect(reasons({ ...SAFE, DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1/cw' })).toEqual([
      "DATABASE_URL's password is a well-known default (or the user name): give the database role a strong password.",
    ]);
    expect(reasons({ ...SAFE, DATABASE_URL: 'postgres://app@127.0.0.1/cw', MIGRATION_DATABASE_URL: 'postgres://owner:owner@127.0.0.1/cw' })).toEqual([
      "MIGRATION_DATABASE_URL's password is a well-known default (or the user name): give the database role a strong password.",
    ]);
    expect(reasons({ ...SAFE, SMTP_URL: 'smtps://mailer:changeme@smtp.example.org' })).toEqual([
      "SMTP_URL's password is a well-known default (or the user name): use the mail account's real password.",
    ]);
  });

  it('weakSecret: placeholders and low-variety keys, never a random one', () => {
    for (const s of ['x'.repeat(40), 'abcabcabcabcabcabcabcabcabcabcabcabc', 'my-super-SECRET-key-for-the-council-site', 'example-example-example-example-00', 'ReplaceThisWithSomethingRandom123456'])
      expect(weakSecret(s), s).toBe(true);
    for (let i = 0; i < 200; i++) {
      expect(weakSecret(Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'))).toBe(false);
      expect(weakSecret(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex'))).toBe(false);
    }
    expect(defaultPassword('app', 'app')).toBe(true);
    expect(defaultPassword('app', 'PASSWORD')).toBe(true);
    expect(defaultPassword('app', '')).toBe(false); // no password (trust, peer, a unix socket): nothing default about it
    expect(defaultPassword('app', 'Zr8-long-unguessable')).toBe(false);
  });

  it('database TLS to another machine: unverified (require, prefer, allow) or plaintext without saying so', () => {
    for (const mode of ['require', 'prefer', 'allow'])
      expect(reasons({ ...SAFE, DATABASE_URL: `postgres://app@db.example.org/cw?sslmode=${mode}` })).toEqual([
        `DATABASE_URL uses sslmode=${mode} to db.example.org: the connection is encrypted but nobody checks the server's certificate, so anyone on the network path can pose as the database. Set sslmode=verify-full (and sslrootcert=/path/to/ca.pem when a private CA signed the server certificate).`,
      ]);
    expect(reasons({ ...SAFE, DATABASE_URL: 'postgres://app@10.0.0.5:5432,db.example.org:5433/cw' })).toEqual([expect.stringMatching(/^DATABASE_URL connects to 10\.0\.0\.5, db\.example\.org without TLS \(no sslmode\): set sslmode=verify-full/)]);
    expect(reasons({ ...SAFE, MIGRATION_DATABASE_URL: 'postgres://o@db.example.org/cw?sslmode=require', DATABASE_URL: 'postgres://app@db.example.org/cw?sslmode=verify-full' })).toEqual([
      expect.stringMatching(/^MIGRATION_DATABASE_URL uses sslmode=require to db\.example\.org/),
    ]);
    // Accepted: verified TLS (also with a CA file), this machine over any transport, or plaintext asked for in so many words (warned).
    for (const url of ['postgres://app@db.example.org/cw?sslmode=verify-ca', 'postgres://app@db.example.org/cw?sslmode=require&sslrootcert=/etc/ssl/ca.pem', 'postgres://app@127.0.0.1/cw?sslmode=require', 'postgres://app@[::1]:5432/cw', 'postgres://app@%2Frun%2Fpostgresql/cw'])
      expect(reasons({ ...SAFE, DATABASE_URL: url }), url).toEqual([]);
    expect(reasons({ ...SAFE, DATABASE_URL: 'postgres://app@db.internal/cw?sslmode=disable' })).toEqual([]);
    expect(startupWarnings(loadConfig({ DATABASE_URL: 'postgres://app@db.internal/cw?sslmode=disable' }))).toEqual([expect.stringMatching(/^DATABASE_URL asks for no TLS \(sslmode=disable\) to db\.internal/)]);
  });

  it('SMTP to another machine with certificate checks off', () => {
    expect(reasons({ ...SAFE, SMTP_URL: 'smtps://smtp.example.org?tls.rejectUnauthorized=false' })).toEqual([expect.stringMatching(/^SMTP_URL turns certificate checks off/)]);
    expect(reasons({ ...SAFE, SMTP_URL: 'smtp://127.0.0.1:1025?tls.rejectUnauthorized=false' })).toEqual([]);
    expect(startupWarnings(loadConfig({ SMTP_URL: 'smtp://relay.internal:25?ignoreTLS=true' }))).toEqual([expect.stringMatching(/^SMTP_URL opts out of TLS \(ignoreTLS=true\) to relay\.internal/)]);
  });

  it('never names a password', () => {
    const config = { PUBLIC_URL: 'http://x.example', DATABASE_URL: 'postgres://app:s3cr3t-db-pw@db.example.org/cw?sslmode=require', SMTP_URL: 'smtp://m:s3cr3t-smtp-pw@smtp.example.org?tls.rejectUnauthorized=false', SECRET_KEY: 'secret-secret-secret-secret-secret-secret' };
    const text = reasons(config).join('\n');
    expect(text).not.toMatch(/s3cr3t|secret-secret/);
  });
});

describe.runIf(process.platform !== 'win32')('the real server in production', { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-production-start-'));
  });
  afterAll(async () => {
    await killAllServers();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the server with `env` (PGlite in a fresh folder), expects exit status 1, and returns its output. */
  async function refused(env: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(dataDir, 'run-'));
    const server = await startServer({ DATA_DIR: dir, PUBLIC_URL: 'https://ideas.example.gov', SMTP_URL: SAFE.SMTP_URL, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env }, { waitReady: false });
    const exit = await waitExit(server, 30_000);
    const output = server.output();
    expect(exit, output).toEqual({ code: 1, signal: null });
    expect(output).not.toContain('is listening');
    // Refused before the database was opened: the embedded database was never created.
    expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false);
    return output;
  }

  it.each([
    ['PUBLIC_URL unset', { PUBLIC_URL: '' }, "PUBLIC_URL is not set: set PUBLIC_URL to the site's https:// address"],
    ['PUBLIC_URL http', { PUBLIC_URL: 'http://ideas.example.gov' }, "PUBLIC_URL is not an https:// address"],
    ['DEMO on', { DEMO: 'true' }, 'DEMO is on: '],
    ['DEMO_PASSWORD', { DEMO_PASSWORD: 'lantern-quartz-demo' }, 'DEMO_PASSWORD is set: it is for development and tests only. Unset DEMO_PASSWORD.'],
    ['placeholder SECRET_KEY', { SECRET_KEY: 'please-change-this-secret-key-before-going-live' }, 'SECRET_KEY looks like a placeholder'],
    ['default database password', { DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/cw' }, "DATABASE_URL's password is a well-known default"],
    ['unverified database TLS', { DATABASE_URL: 'postgres://app@db.example.invalid/cw?sslmode=require' }, 'DATABASE_URL uses sslmode=require to db.example.invalid'],
    ['plaintext to a remote database', { DATABASE_URL: 'postgres://app@db.example.invalid/cw' }, 'DATABASE_URL connects to db.example.invalid without TLS'],
    ['SMTP certificate checks off', { SMTP_URL: 'smtps://m@smtp.example.invalid?tls.rejectUnauthorized=false' }, 'SMTP_URL turns certificate checks off'],
    ['default SMTP password', { SMTP_URL: 'smtps://m:password@smtp.example.invalid' }, "SMTP_URL's password is a well-known default"],
  ])('NODE_ENV=production, %s: exits 1 with the reason, before opening the database', async (_name, env, message) => {
    const output = await refused(env);
    expect(output).toContain(`Commonwise refuses to start in production (NODE_ENV=production):\n  - ${message}`);
    expect(output).toMatch(new RegExp(`"level":"error","msg":"Refusing to start in production \\(NODE_ENV=production\\): ${message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });

  it('lists every reason at once, one line each, and names no password', async () => {
    const output = await refused({
      PUBLIC_URL: 'http://ideas.example.gov',
      DEMO_PASSWORD: 'lantern-quartz-demo',
      DATABASE_URL: 'postgres://app:s3cr3t-db-pw@db.example.invalid/cw?sslmode=prefer',
      SMTP_URL: 'smtp://m:s3cr3t-smtp-pw@smtp.example.invalid?tls.rejectUnauthorized=false',
      LOG_LEVEL: 'silent', // the refusal still reaches standard error
    });
    const listed = output.split('\n').filter((l) => l.startsWith('  - '));
    expect(listed).toHaveLength(4);
    expect(listed.map((l) => l.slice(4, 16))).toEqual(['PUBLIC_URL i', 'DEMO_PASSWOR', 'DATABASE_URL', 'SMTP_URL tur']);
    expect(output).not.toContain('s3cr3t');
    expect(output).not.toContain('lantern-quartz-demo');
    expect(output).not.toMatch(/ENOTFOUND|ECONNREFUSED/); // the database was never contacted
  });

  it('any interface other machines reach is production too, without NODE_ENV', async () => {
    const output = await refused({ NODE_ENV: '', HOST: '0.0.0.0', PUBLIC_URL: 'http://ideas.example.gov' });
    expect(output).toContain('Commonwise refuses to start in production (listening on 0.0.0.0, which other machines can reach):\n  - PUBLIC_URL is not an https:// address');
  });

  it('starts with a safe production configuration, without demo content (DEMO is off by default in production)', async () => {
    const dir = fs.mkdtempSync(path.join(dataDir, 'safe-'));
    const server = await startServer({ DATA_DIR: dir, NODE_ENV: 'production', PUBLIC_URL: 'https://ideas.example.gov', SMTP_URL: SAFE.SMTP_URL, DEMO: '', LOG_LEVEL: 'info' }, { timeoutMs: 90_000 });
    try {
      const output = server.output();
      expect(output).toContain('is listening');
      expect(output).not.toContain('refuses to start');
      expect(output).not.toContain('Demo accounts');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
