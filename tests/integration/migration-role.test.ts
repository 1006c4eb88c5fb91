/**
 * Migrations as a separate, more privileged role (issue 14, point 4). The SQL that
 * docs/security/deployment.md tells an operator to run is run here as written (with fresh role and
 * database names) on the PostgreSQL server; the real server then starts with
 * MIGRATION_DATABASE_URL as the owner and DATABASE_URL as the runtime role, migrates, and serves a
 * sign-up through the runtime role — while that role cannot drop, alter, truncate or create a
 * table, read the migrations' bookkeeping, or migrate by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { ROOT, anonymousCsrf, killAllServers, postForm, startServer } from '../support/server.js';
import { serverUrl } from '../support/db.js';

/** The ```sql blocks of the deployment guide, in order, each split into statements (comments dropped). */
function documentedSql(names: { owner: string; app: string; database: string }): string[][] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/security/deployment.md'), 'utf8');
  return [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map(([, block]) =>
    block!
      .split('\n')
      .filter((line) => !line.trim().startsWith('--'))
      .join('\n')
      .replace(/\bcommonwise_owner\b/g, names.owner)
      .replace(/\bcommonwise_app\b/g, names.app)
      .replace(/\bcommonwise\b/g, names.database)
      .split(/;\s*\n/)
      .map((s) => s.trim().replace(/;$/, ''))
      .filter(Boolean),
  );
}

describe.runIf(!!serverUrl)('migrations as a separate role (MIGRATION_DATABASE_URL) on PostgreSQL', { timeout: 120_000 }, () => {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const names = { owner: `cw_owner_${suffix}`, app: `cw_app_${suffix}`, database: `cw_roles_${suffix}` };
  const urlAs = (user: string | undefined) => {
    const url = new URL(serverUrl!);
    if (user) url.username = user;
    url.password = '';
    url.pathname = `/${names.database}`;
    return url.toString();
  };
  let dataDir: string;
  let app: postgres.Sql;

  const run = async (url: string, statements: string[]) => {
    const c = postgres(url, { max: 1, onnotice: () => {} });
    try {
      for (const statement of statements) await c.unsafe(statement);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    const blocks = documentedSql(names);
    expect(blocks).toHaveLength(3);
    expect(blocks[0]!.join('\n')).toContain(`CREATE DATABASE ${names.database} OWNER ${names.owner}`);
    expect(blocks[1]!.join('\n')).toContain(`ALTER DEFAULT PRIVILEGES FOR ROLE ${names.owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${names.app}`);
    await run(serverUrl!, blocks[0]!); // as the superuser, on the server's own database
    await run(urlAs(undefined), blocks[1]!); // as the superuser, connected to the new database
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-migration-role-'));
    app = postgres(urlAs(names.app), { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await killAllServers();
    await app?.end();
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`);
      await admin.unsafe(`DROP ROLE IF EXISTS ${names.app}`);
      await admin.unsafe(`DROP ROLE IF EXISTS ${names.owner}`);
    } finally {
      await admin.end();
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the runtime role alone cannot create the schema', async () => {
    const database = await openDatabase({ databaseUrl: urlAs(names.app), dataDir: 'unused', poolSize: 1 });
    try {
      const err = (await database.migrate().then(() => undefined, (e: unknown) => e)) as { code?: string; cause?: { code?: string } } | undefined;
      expect(err?.cause?.code ?? err?.code).toBe('42501'); // insufficient_privilege
    } finally {
      await database.close();
    }
  });

  it('the server migrates as the owner and serves as the runtime role: a sign-up is stored', async () => {
    const server = await startServer(
      { DATABASE_URL: urlAs(names.app), MIGRATION_DATABASE_URL: urlAs(names.owner), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      { timeoutMs: 90_000 },
    );
    try {
      const csrf = await anonymousCsrf(server.url);
      const email = `role-${suffix}@example.org`;
      const res = await postForm(server.url, '/sign-up', csrf, { displayName: 'Rowan Roles', email, password: 'a long unguessable phrase' });
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe('/sign-up/check-email');
      const [row] = await app<{ n: number }[]>`select count(*)::int as n from users where email = ${email}`;
      expect(row!.n).toBe(1);
      // Every migration was applied, by the owner: the tables belong to it, not to the runtime role.
      const owners = await app<{ owner: string }[]>`select distinct tableowner as owner from pg_tables where schemaname = 'public'`;
      expect(owners.map((o) => o.owner)).toEqual([names.owner]);
      expect(server.output()).toContain('migrations applied');
      expect(server.output()).not.toMatch(/permission denied|42501/);
    } finally {
      await server.stop();
    }
  });

  it('the security event log is append-only for the runtime role: insert, never update, delete only past 365 days', async () => {
    await run(urlAs(names.owner), documentedSql(names)[2]!); // the guide's third block, as the owner
    const [young] = await app<{ id: number }[]>`insert into security_events (kind, outcome) values ('sign_in', 'success') returning id`;
    const [old] = await app<{ id: number }[]>`insert into security_events (kind, outcome, at) values ('sign_in', 'failure', now() - interval '400 days') returning id`;
    await expect(app`update security_events set outcome = 'success' where id = ${old!.id}`).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
    await expect(app`delete from security_events where id = ${young!.id}`).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
    await expect(app.unsafe('ALTER TABLE security_events DISABLE TRIGGER security_events_no_update')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/must be owner/) });
    await expect(app.unsafe('TRUNCATE security_events')).rejects.toMatchObject({ code: '42501' });
    expect(await app`delete from security_events where id = ${old!.id}`).toHaveLength(0);
    const left = await app<{ id: number }[]>`select id from security_events where id in (${young!.id}, ${old!.id})`;
    expect(left.map((r) => r.id)).toEqual([young!.id]);
  });

  it.each([
    ['DROP TABLE users', /must be owner of table users/],
    ['ALTER TABLE users ADD COLUMN x int', /must be owner of table users/],
    ['TRUNCATE users', /permission denied for table users/],
    ['CREATE TABLE intruder (id int)', /permission denied for schema public/],
    ['SELECT * FROM drizzle.__drizzle_migrations', /permission denied for schema drizzle/],
    ['CREATE SCHEMA intruder', /permission denied for database/],
  ])('the runtime role cannot: %s', async (statement, message) => {
    await expect(app.unsafe(statement)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(message) });
  });
});
