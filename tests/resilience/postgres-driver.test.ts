/**
 * The patch of postgres.js 3.4.9 that Commonwise carries (patches/postgres+3.4.9.patch, applied by
 * `npm ci`; docs/decisions/0043-postgres-js-carries-a-patch-for-closed-connections.md), scenario by scenario against the real PostgreSQL. Each
 * scenario runs in its own Node process (driver-scenarios.ts), so that the upstream crash shows as
 * a process that died. Without the patch: three scenarios crash the process with
 * "Cannot read properties of null (reading 'write')" and two with an unhandled rejection, a
 * transaction's statement runs outside the transaction after its connection closed, and a
 * connection closed with a write pending never connects again.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase, serverUrl } from '../support/db.js';

if (!serverUrl) throw new Error('The postgres.js patch tests need PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://root@127.0.0.1:5432/postgres).');

const SCRIPT = path.join(import.meta.dirname, 'driver-scenarios.ts');

type Run = { code: number | null; signal: NodeJS.Signals | null; stderr: string; result: Record<string, unknown> | undefined };

function runScenario(scenario: string, url: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, scenario, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1);
      let result: Record<string, unknown> | undefined;
      try {
        result = line ? ((JSON.parse(line) as { result: Record<string, unknown> }).result ?? undefined) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ code, signal, stderr, result });
    });
  });
}

/** The scenario's process ran to its end (no crash) and reported what it saw. */
async function observe(scenario: string, url: string) {
  const run = await runScenario(scenario, url);
  expect(run.stderr).not.toContain("Cannot read properties of null (reading 'write')");
  expect({ code: run.code, signal: run.signal }, run.stderr).toEqual({ code: 0, signal: null });
  expect(run.result).toBeDefined();
  return run.result!;
}

const closed = { error: 'CONNECTION_CLOSED' };

describe('postgres.js when a connection closes (the patch)', { timeout: 60_000 }, () => {
  let db: Awaited<ReturnType<typeof createServerDatabase>>;
  beforeAll(async () => {
    db = await createServerDatabase('cw_driver');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a transaction whose backend ends mid-query rejects with CONNECTION_CLOSED, and the process lives on (#1208, #1154)', async () => {
    expect(await observe('transaction-killed-mid-query', db.url)).toEqual({ transaction: closed, after: { ok: 1 } });
  });

  it('a transaction that goes on after its connection closed cannot run anything on the reconnected connection (#1155)', async () => {
    expect(await observe('transaction-goes-on-after-close', db.url)).toEqual({
      transaction: closed,
      reconnected: { ok: 1 },
      secondStatement: closed,
      rows: [], // neither the insert before the cut (rolled back) nor the one after it
    });
  });

  it('queries queued inside a transaction settle when its connection closes (#1186)', async () => {
    expect(await observe('transaction-queued-query', db.url)).toEqual({ transaction: closed, first: closed, queued: closed, after: { ok: 1 } });
  });

  it('a reserved connection whose backend ended rejects its next query instead of crashing or hanging, and its release returns nothing (#1208, #1209)', async () => {
    expect(await observe('reserved-after-close', db.url)).toEqual({ late: closed, after: { ok: 1 }, again: { ok: 2 } });
  });

  it('a failing array-types query of a new connection is not an unhandled rejection (#1192, #1205)', async () => {
    expect(await observe('types-query-fails', db.url)).toEqual({ settled: true });
  });

  it('a backend ended while its connection fetches array types: the query runs on the next backend, not failed with the old 57P01 (#1223)', async () => {
    expect(await observe('killed-while-fetching-types', db.url)).toEqual({ held: true, first: { ok: 1 }, after: { ok: 2 } });
  });

  it('a connection closed with a write pending connects again at once, without the old bytes', async () => {
    const seen = await observe('closed-with-a-write-pending', db.url);
    expect(seen).toMatchObject({ lost: closed, next: { ok: 'next' }, again: { ok: 'again' } });
    expect(seen['nextMs']).toBeLessThan(2_000);
  });
});
