/**
 * ASVS V16 (logging) where no other test reads the log itself (issue 14, point 8): every line is
 * one JSON object with a UTC time, a level and a message, and carries the request id the answer
 * sent, so a log processor can parse and correlate it (V16.2.2, V16.2.4); what a request puts in
 * a line cannot break out of it (V16.4.1); an unexpected error, and a security event that could
 * not be recorded, are logged as errors with what an investigator needs (V16.3.4).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createLogger } from '../../src/lib/logger.js';
import { createSecurityLog } from '../../src/lib/security-log.js';
import { ROOT } from '../../src/paths.js';
import { Client } from '../support/app.js';
import { createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db } = useTestEnv();

type Entry = Record<string, unknown> & { time: string; level: string; msg: string };

/** The lines a test app wrote while `fn` ran, each parsed (a line that is not one JSON object fails here). */
async function linesDuring(fn: () => Promise<unknown>): Promise<{ raw: string[]; entries: Entry[] }> {
  const before = env.logs().length;
  await fn();
  const raw = env.logs().slice(before);
  return { raw, entries: raw.map((l) => JSON.parse(l) as Entry) };
}

/** A logger that keeps its lines, for an app built by the test. */
function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', (l) => lines.push(l)) };
}

describe('the log format (V16.2.2, V16.2.4)', () => {
  it('writes one JSON object per line with a UTC time, a level and a message; request and security lines carry the request id the answer sent', async () => {
    const user = await createUser(db());
    const c = new Client(env.app);
    let signIn: Response | undefined;
    const { raw, entries } = await linesDuring(async () => {
      await c.get('/');
      signIn = await c.post('/sign-in', { email: user.email, password: 'not the password' });
    });
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const [i, e] of entries.entries()) {
      expect(raw[i], 'one line, one entry').not.toMatch(/[\r\n]/);
      expect(e.time, raw[i]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/); // ISO 8601, UTC
      expect(Math.abs(Date.parse(e.time) - Date.now()), 'the time is the server clock').toBeLessThan(60_000);
      expect(['debug', 'info', 'warn', 'error']).toContain(e.level);
      expect(typeof e.msg).toBe('string');
    }
    const requestId = signIn!.headers.get('X-Request-Id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const same = entries.filter((e) => e['requestId'] === requestId);
    expect(same.map((e) => e.msg).sort()).toEqual(['request', 'security']);
    expect(same.find((e) => e.msg === 'request')).toMatchObject({ method: 'POST', path: '/sign-in', status: 422 });
    expect(same.find((e) => e.msg === 'security')).toMatchObject({ kind: 'sign_in', outcome: 'failure', userId: user.id, reason: 'wrong_password' });
  });
});

describe('log injection (V16.4.1)', () => {
  it('keeps line breaks and a forged entry in a request inside its own line, escaped', async () => {
    const forged = '\n{"time":"2020-01-01T00:00:00.000Z","level":"error","msg":"forged"}\r\n';
    const c = new Client(env.app);
    const { raw, entries } = await linesDuring(async () => {
      await c.get(`/ideas/${encodeURIComponent(forged)}`);
      await c.get(`/challenges?q=${encodeURIComponent(forged)}`);
      await c.post('/sign-in', { email: `a@example.org${forged}`, password: forged });
    });
    expect(raw.length).toBeGreaterThanOrEqual(3);
    for (const line of raw) expect(line).not.toMatch(/[\r\n]/);
    expect(entries.map((e) => e.msg)).not.toContain('forged');
    expect(entries.filter((e) => e.msg === 'request').length).toBeGreaterThanOrEqual(3);
    // The first request's path is in its line, escaped (decoded or not), never a line of its own.
    expect(entries.filter((e) => e.msg === 'request' && String(e['path']).startsWith('/ideas/'))).toHaveLength(1);
    // And the logger itself, given a field full of line breaks.
    const { lines, logger } = capturingLogger();
    logger.warn('x', { field: `a\r\nb${forged}\u0085` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\r\n]/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'x', field: `a\r\nb${forged}\u0085` });
  });
});

describe('unexpected errors and failed security controls (V16.3.4)', () => {
  it('logs an unexpected error with its stack and the request id the 500 page shows', async () => {
    const failing = new Proxy({} as Db, {
      get() {
        throw new Error('boom: something unexpected');
      },
    });
    const { lines, logger } = capturingLogger();
    const broken = createApp({ ...env.deps, db: failing, logger });
    const path = `/challenges?q=${randomUUID()}`; // not a page the page cache could already hold
    const res = await broken.request(path, { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(500);
    const requestId = res.headers.get('X-Request-Id')!;
    expect(await res.text()).toContain(requestId);
    const errors = lines.map((l) => JSON.parse(l) as Entry).filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'unhandled error', requestId, method: 'GET', path: '/challenges', error: 'boom: something unexpected' });
    expect(String(errors[0]!['stack'])).toMatch(/boom: something unexpected\n\s+at /);
  });

  it('logs a security event that could not be recorded as an error, and the action goes on', async () => {
    const unwritable = { insert: () => ({ values: () => Promise.reject(new Error('permission denied for table security_events')) }) } as unknown as Db;
    const { lines, logger } = capturingLogger();
    const log = createSecurityLog(unwritable, () => 'k'.repeat(32), logger);
    await expect(log.record({ kind: 'sign_in', outcome: 'failure', requestId: 'req-1', detail: { reason: 'wrong_password' } })).resolves.toBeUndefined();
    const entries = lines.map((l) => JSON.parse(l) as Entry);
    expect(entries.map((e) => [e.level, e.msg])).toEqual([
      ['info', 'security'],
      ['error', 'security event not recorded'],
    ]);
    expect(entries[1]).toMatchObject({ kind: 'sign_in', requestId: 'req-1', error: 'permission denied for table security_events' });
  });
});

describe('who can read or change the security event log (V16.4.2)', () => {
  it('no page or command reads it: only the log itself, housekeeping and the data inventory name the table', () => {
    const files: string[] = [];
    for (const dir of ['src', 'views']) {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
        if (!e.isFile() || !/\.tsx?$/.test(e.name)) continue;
        const file = path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/');
        if (file.startsWith('src/db/schema/')) continue;
        if (/\bsecurityEvents\b|\bsecurity_events\b/.test(fs.readFileSync(path.join(ROOT, file), 'utf8'))) files.push(file);
      }
    }
    expect(files.sort()).toEqual(['src/features/housekeeping/clean-up.ts', 'src/lib/data-inventory.ts', 'src/lib/security-log.ts']);
  });
});
