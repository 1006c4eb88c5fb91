/** The command-line tools, run as child processes the way an operator runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { verifyPassword } from '../../src/auth/password.js';
import { DEMO_ACCOUNTS } from '../../src/cli/demo.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { events, organisations, users, userTokens } from '../../src/db/schema/index.js';
import { hashToken } from '../../src/auth/tokens.js';
import { createServerDatabase, serverUrl } from '../support/db.js';
import { runCli as runCompiledCli } from '../support/server.js';

/** `npm run <script>` (the compiled program it runs), as an operator runs it. */
const runCli = (script: 'create-admin' | 'seed' | 'votes-reconcile', args: string[], env: Record<string, string>) => runCompiledCli(script, args, { LOG_LEVEL: 'warn', ...env });

describe('CLIs on the embedded database', { timeout: 90_000 }, () => {
  let dataDir: string;
  const env = () => ({ DATA_DIR: dataDir });
  const lockFile = () => path.join(dataDir, 'commonwise.lock');
  let demoPassword = '';

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cli-'));
  });
  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses bad input with exit code 2 and a message, before touching the database', async () => {
    const [noEmail, badEmail, weak, unknown] = await Promise.all([
      runCli('create-admin', [], env()),
      runCli('create-admin', ['--email', 'not-an-email'], env()),
      runCli('create-admin', ['--email', 'weak@example.org', '--password', 'password123'], env()),
      runCli('create-admin', ['--email', 'x@example.org', '--admin-level', '9'], env()),
    ]);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toMatch(/--email is required/);
    expect(noEmail.stderr).toMatch(/Usage: npm run create-admin/);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toMatch(/Invalid email address "not-an-email"/);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/too common/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--admin-level'/);
    // Nothing was created: not even the database.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('seeds the demo into an empty database, then says the data is already there', async () => {
    const first = await runCli('seed', [], env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Demo content added to the embedded database');
    // The demo's password is generated, and printed this once.
    const m = /shown only this once \(keep it\):\n\n {4}(\S+)\n/.exec(first.stdout);
    expect(m?.[1]).toMatch(/^[A-Za-z0-9_-]{24}$/);
    demoPassword = m![1]!;
    expect(fs.existsSync(lockFile())).toBe(false);

    const again = await runCli('seed', [], env());
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain(demoPassword);
    // The demo's accounts, and the moderation story's (DEMO_SPAMMER).
    expect(again.stdout).toMatch(new RegExp(`already has data \\(${DEMO_ACCOUNTS.length + 1} accounts\\): demo content was not added`));
    expect(fs.existsSync(lockFile())).toBe(false);

    // The demo's supports were cast by the vote command: the reconcile check finds nothing to repair.
    const reconcile = await runCli('votes-reconcile', [], env());
    expect(reconcile.stderr).toBe('');
    expect(reconcile.code).toBe(0);
    expect(reconcile.stdout).toContain('Votes are consistent in the embedded database');
  });

  let setPasswordToken = '';
  it('creates a verified admin and prints a one-time link to set the password, never a password of its making', async () => {
    const res = await runCli('create-admin', ['--email', 'Chief.Officer@Example.org', '--name', 'Chief Officer'], env());
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Created platform admin chief.officer@example.org ("Chief Officer")');
    const m = /within 24 hours; it works once \(shown only now\): \S+\/reset-password#([A-Za-z0-9_-]{43})/.exec(res.stdout);
    expect(m?.[1]).toBeDefined();
    setPasswordToken = m![1]!;
    expect(res.stdout).not.toMatch(/Password \(shown/);
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('creates an admin with the given password, and promotes an existing account', async () => {
    const given = await runCli('create-admin', ['--email', 'second.admin@example.org', '--password', 'a long unguessable phrase'], env());
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('Created platform admin second.admin@example.org ("second.admin")');
    expect(given.stdout).not.toContain('Password (shown');

    const promote = await runCli('create-admin', ['--email', 'sam.taylor@example.org', '--password', 'another long phrase here'], env());
    expect(promote.code).toBe(0);
    expect(promote.stdout).toContain('sam.taylor@example.org already had an account: it is now a platform admin');
    expect(promote.stdout).toContain('existing password and name were kept');
  });

  describe('the stored result', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({ dataDir }); // also proves every run released the lock
    });
    afterAll(async () => {
      await database?.close();
    });

    it('has the admins, verified, with working passwords and audit rows', async () => {
      const db = database.db;
      const [chief] = await db.select().from(users).where(eq(users.email, 'chief.officer@example.org'));
      expect(chief).toMatchObject({ displayName: 'Chief Officer', isAdmin: true });
      expect(chief!.emailVerifiedAt).toBeInstanceOf(Date);
      // The link's token is stored hashed, unused, for 24 hours: the way in for the new admin.
      const [token] = await db.select().from(userTokens).where(eq(userTokens.tokenHash, hashToken(setPasswordToken)));
      expect(token).toMatchObject({ userId: chief!.id, purpose: 'reset_password', usedAt: null });
      expect(Math.abs(token!.expiresAt.getTime() - Date.now() - 24 * 3_600_000)).toBeLessThan(10 * 60_000);
      const [second] = await db.select().from(users).where(eq(users.email, 'second.admin@example.org'));
      expect(await verifyPassword(second!.passwordHash, 'a long unguessable phrase')).toBe(true);

      const [sam] = await db.select().from(users).where(eq(users.email, 'sam.taylor@example.org'));
      expect(sam!.isAdmin).toBe(true);
      expect(await verifyPassword(sam!.passwordHash, demoPassword)).toBe(true); // not changed by --password

      const audits = await db.select().from(events).where(eq(events.entityType, 'user'));
      expect(audits.filter((a) => a.name === 'user.create_admin').map((a) => a.entityId).sort()).toEqual([chief!.id, second!.id].sort());
      expect(audits.filter((a) => a.name === 'user.promote_admin').map((a) => a.entityId)).toEqual([sam!.id]);
      expect(audits.every((a) => a.actorId === null && (a.payload as { via?: string }).via === 'cli')).toBe(true);

      // The demo was seeded once.
      expect((await db.select({ n: count() }).from(organisations))[0]!.n).toBe(2);
      const [demoAdmin] = await db.select().from(users).where(and(eq(users.email, 'admin@commonwise.example'), eq(users.isAdmin, true)));
      expect(demoAdmin).toBeDefined();
    });

    it('refuses to open the data directory while another process has it', async () => {
      const res = await runCli('create-admin', ['--email', 'late@example.org'], env());
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/already using this data directory/);
      expect(res.stderr).toMatch(/Stop the server first/);
      expect(await database.db.select().from(users).where(eq(users.email, 'late@example.org'))).toEqual([]);
    });
  });
});

describe.runIf(!!serverUrl)('CLIs on PostgreSQL (DATABASE_URL)', { timeout: 90_000 }, () => {
  let pgDatabase: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
  let url: string;
  let dataDir: string;
  beforeAll(async () => {
    pgDatabase = await createServerDatabase('cw_cli');
    url = pgDatabase.url;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cli-pg-'));
  });
  afterAll(async () => {
    await pgDatabase?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo on request (the server never does on PostgreSQL) and creates an admin', async () => {
    const env = { DATABASE_URL: url, DATA_DIR: dataDir };
    const seed = await runCli('seed', [], env);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain('Demo content added to the PostgreSQL database');
    const reconcile = await runCli('votes-reconcile', [], env);
    expect(reconcile.code).toBe(0);
    expect(reconcile.stdout).toContain('Votes are consistent in the PostgreSQL database');
    const admin = await runCli('create-admin', ['--email', 'pg.admin@example.org'], env);
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('Created platform admin pg.admin@example.org');
    expect(fs.readdirSync(dataDir)).toEqual([]); // PGlite was never opened

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ email: string; is_admin: boolean }[]>`select email, is_admin from users order by email`;
      expect(rows).toHaveLength(DEMO_ACCOUNTS.length + 2); // the demo's, the moderation story's, the new admin
      expect(rows.find((r) => r.email === 'pg.admin@example.org')?.is_admin).toBe(true);
    } finally {
      await sql.end();
    }
  });
});
