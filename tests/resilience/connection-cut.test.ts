/**
 * A database failover or restart costs a few failed requests — never the process, never a hang,
 * never a half-applied write (issue 10, point 1; docs/decisions/0043-postgres-js-carries-a-patch-for-closed-connections.md).
 *
 * The real server (`node dist/server.js`) runs on a fresh PostgreSQL database, reached through a
 * TCP proxy the test controls. Sixteen signed-in people post comments as fast as the server
 * answers, each comment with its own submission key and text, sending the same form again after
 * a 503 or a lost answer as a person would. Meanwhile:
 *   1. from a separate admin connection, `pg_terminate_backend` ends every one of the app's
 *      backends, CUTS times, a fraction of a second apart, while the writes go on;
 *   2. then the database becomes unreachable (the proxy refuses connections) for a few seconds
 *      and comes back.
 * /readyz is polled throughout. Then: the process never exited; every answer was a success (303)
 * or a 503 with Retry-After and the localised "service temporarily unavailable" page — no other
 * status ≥ 500, no request without an answer within REQUEST_TIMEOUT_MS; /readyz said 503 while
 * the database was unreachable and 200 again after; every acknowledged comment is stored exactly
 * once, and every comment, acknowledged or not, is stored whole (its submission key, its event
 * and its count) or not at all. Finally SIGTERM still stops the server cleanly.
 *
 * Runs on PostgreSQL only (TEST_DATABASE_URL): `npm run test:resilience`, and in .ci/run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, inArray, like, and } from 'drizzle-orm';
import { createSessionManager } from '../../src/auth/sessions.js';
import { openDatabase } from '../../src/db/client.js';
import { comments, events, subjects, submissionKeys } from '../../src/db/schema/index.js';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import { READY_TIMEOUT_MS } from '../../src/features/health/routes.js';
import { createServerDatabase, serverUrl } from '../support/db.js';
import { createChallenge, createIdea, createOrganisation, createUser } from '../support/factories.js';
import { killAllServers, startServer, waitExit, type RunningServer } from '../support/server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const WRITERS = 16;
const CUTS = 20;
/** Pause between two cuts (ms), drawn uniformly in this range. */
const CUT_GAP_MS = [250, 650] as const;
/** How long the database stays unreachable (ms). */
const OUTAGE_MS = 8_000;
/** Every request must be answered within this; the server bounds its own waits well below it. */
const REQUEST_TIMEOUT_MS = 15_000;
/** People, each with a session; comments go round them so that no one reaches the comment rate limit. */
const PEOPLE = 160;
const IDEAS = 4;
/** Attempts of one form (the first and its resends) before the writer gives up on it. */
const MAX_ATTEMPTS = 30;

if (!serverUrl) throw new Error('The connection-cut suite needs PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://root@127.0.0.1:5432/postgres).');

type Person = { userId: string; cookie: string; csrf: string; locale: 'en' | 'fr' };
type World = { ideaIds: string[]; people: Person[] };

type Write = { n: number; person: Person; ideaId: string; key: string; body: string; ackedId: string | null; attempts: number };
type Unavailable = { lang: string | undefined; locale: 'en' | 'fr'; retryAfter: string | null; titled: boolean; during: Phase };
type Phase = 'warm-up' | 'cuts' | 'outage' | 'recovery';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function seed(url: string): Promise<World> {
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 4 });
  try {
    await database.migrate();
    const { db } = database;
    const council = await createOrganisation(db, { kind: 'council' });
    const challenge = await createChallenge(db, council.id);
    const author = await createUser(db);
    const ideaIds: string[] = [];
    for (let i = 0; i < IDEAS; i++) ideaIds.push((await createIdea(db, challenge.id, author.id, { title: `Cut idea ${i}` })).id);
    const sessions = createSessionManager(db, { secureCookies: false, adminsRequireSecondFactor: false });
    const people: Person[] = [];
    for (let n = 0; n < PEOPLE; n++) {
      const locale = n % 2 ? 'fr' : 'en';
      // Trusted: established residents, not new accounts with their hourly post limit (moderation).
      const user = await createUser(db, { locale, trust: 'trusted' });
      const { cookie, session } = await sessions.create(user.id, { device: 'Chrome · Linux' });
      people.push({ userId: user.id, cookie: cookie.split(';')[0]!, csrf: session.csrfToken, locale });
    }
    return { ideaIds, people };
  } finally {
    await database.close();
  }
}

describe('PostgreSQL connections cut during a write burst', { timeout: 240_000 }, () => {
  let pg: Awaited<ReturnType<typeof createServerDatabase>>;
  let proxy: TcpProxy;
  let admin: postgres.Sql;
  let dataDir: string;
  let world: World;

  beforeAll(async () => {
    pg = await createServerDatabase('cw_cut');
    world = await seed(pg.url);
    const target = new URL(pg.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cut-'));
  }, 120_000);

  afterAll(async () => {
    await killAllServers();
    await proxy?.close();
    await admin?.end({ timeout: 5 });
    await pg?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${CUTS} cuts and an outage: no exit, no 500, no hang, /readyz honest, every acknowledged write stored once and whole`, async () => {
    const viaProxy = new URL(pg.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    // Jobs on: the worker's own transactions are cut too.
    const server = await startServer({ DATABASE_URL: viaProxy.toString(), DATA_DIR: dataDir, JOBS: 'true', LOG_LEVEL: 'error' });
    let exitedAt: number | undefined;
    void server.exited.then(() => (exitedAt = Date.now()));

    let phase: Phase = 'warm-up';
    let stop = false;
    const writes: Write[] = [];
    const acked: Write[] = [];
    const unavailable: Unavailable[] = [];
    const unexpected: string[] = [];
    const hung: string[] = [];
    const readyz: { at: number; ms: number; phase: Phase; status: number | 'timeout' | 'error' }[] = [];
    const phases: string[] = [];
    const testStarted = Date.now();
    const mark = (what: string) => phases.push(`${what} at ${((Date.now() - testStarted) / 1000).toFixed(1)} s`);
    const enter = (p: Phase) => {
      phase = p;
      mark(p);
    };
    const outage = { from: 0, to: 0 };
    let nextWrite = 0;

    /** One POST of a comment form; true once the comment is acknowledged (303 to #comment-<id>). */
    async function post(w: Write): Promise<boolean> {
      w.attempts++;
      const started = Date.now();
      const during = phase;
      let res: Response;
      let html: string;
      try {
        res = await fetch(`${server.url}/ideas/${w.ideaId}/comments`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: w.person.cookie, 'Accept-Language': w.person.locale },
          body: new URLSearchParams({ _csrf: w.person.csrf, body: w.body, submissionKey: w.key }).toString(),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        html = await res.text();
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') hung.push(`write ${w.n} (${during}): no answer within ${REQUEST_TIMEOUT_MS} ms`);
        else unexpected.push(`write ${w.n} (${during}): ${err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err)} after ${Date.now() - started} ms`);
        return false;
      }
      if (res.status === 303) {
        const m = new RegExp(`^/ideas/${w.ideaId}(\\?[^#]*)?#comment-(${UUID})$`).exec(res.headers.get('Location') ?? '');
        if (!m) {
          unexpected.push(`write ${w.n}: 303 to ${res.headers.get('Location')}`);
          return false;
        }
        if (w.ackedId && w.ackedId !== m[2]) unexpected.push(`write ${w.n}: acknowledged as ${w.ackedId} and then as ${m[2]}`);
        w.ackedId = m[2]!;
        return true;
      }
      if (res.status === 503) {
        const lang = /<html lang="(\w+)"/.exec(html)?.[1];
        const catalogue = lang === 'fr' ? fr : en;
        unavailable.push({ lang, locale: w.person.locale, retryAfter: res.headers.get('Retry-After'), titled: html.includes(catalogue['error.unavailable.title']), during });
        return false;
      }
      unexpected.push(`write ${w.n} (${during}): ${res.status} ${html.slice(0, 300).replace(/\s+/g, ' ')}`);
      return false;
    }

    async function writer() {
      while (!stop) {
        const n = nextWrite++;
        const w: Write = {
          n,
          person: world.people[n % PEOPLE]!,
          ideaId: world.ideaIds[n % IDEAS]!,
          key: `cut-key-${String(n).padStart(6, '0')}-${Math.random().toString(36).slice(2, 10)}`,
          body: `cut-comment-${n}`,
          ackedId: null,
          attempts: 0,
        };
        writes.push(w);
        // A person who got no success sends the same form again (same key), after a short pause.
        while (!(await post(w)) && w.attempts < MAX_ATTEMPTS && !stop) await sleep(100 + Math.random() * 150);
        if (w.ackedId) acked.push(w);
      }
    }

    async function pollReadyz() {
      while (!stop) {
        const at = Date.now();
        const entry = { at, ms: 0, phase, status: 'error' as number | 'timeout' | 'error' };
        try {
          const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          await res.arrayBuffer();
          entry.status = res.status;
        } catch (err) {
          entry.status = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError') ? 'timeout' : 'error';
        }
        entry.ms = Date.now() - at;
        readyz.push(entry);
        await sleep(150);
      }
    }

    /** Waits until `n` more writes have been acknowledged (progress), failing after `ms`. */
    async function progress(n: number, ms: number, what: string) {
      const target = acked.length + n;
      const deadline = Date.now() + ms;
      while (acked.length < target) {
        if (Date.now() > deadline) throw new Error(`${what}: ${acked.length}/${target} acknowledged after ${ms} ms; unexpected: ${unexpected.slice(0, 5).join(' | ')}`);
        if (exitedAt) throw new Error(`the server exited during ${what}:\n${server.output()}`);
        await sleep(20);
      }
    }

    const backends = () =>
      admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${pg.name} and application_name = 'commonwise' and pid <> pg_backend_pid()`;

    const load = [...Array.from({ length: WRITERS }, writer), pollReadyz()];
    const cuts: number[] = [];
    try {
      await progress(40, 30_000, 'warm-up');

      // 1. Cut every backend of the app, CUTS times, while the writes go on.
      enter('cuts');
      for (let i = 0; i < CUTS; i++) {
        const [ended] = await admin<{ n: number }[]>`
          select count(*)::int as n from (
            select pg_terminate_backend(pid) from pg_stat_activity
            where datname = ${pg.name} and application_name = 'commonwise' and pid <> pg_backend_pid()
          ) t`;
        cuts.push(ended!.n);
        await sleep(CUT_GAP_MS[0] + Math.random() * (CUT_GAP_MS[1] - CUT_GAP_MS[0]));
        // Each cut lands on a working server: it reconnected and wrote since the last one.
        await progress(2, 15_000, `after cut ${i + 1}`);
      }

      // 2. The database unreachable for a while, then back.
      enter('outage');
      outage.from = Date.now();
      await proxy.down();
      await sleep(OUTAGE_MS);
      outage.to = Date.now();
      enter('recovery');
      await proxy.up();
      await progress(40, 30_000, 'recovery');
      // The writes may recover before /readyz is asked again: wait for one check begun after the outage.
      const deadline = Date.now() + 10_000;
      while (!readyz.some((r) => r.phase === 'recovery') && Date.now() < deadline) await sleep(50);
      mark('stop');
    } finally {
      stop = true;
      await Promise.all(load);
    }

    // The process never exited, and still stops cleanly.
    expect(exitedAt, server.output()).toBeUndefined();
    expect(await backends()).not.toEqual([]);
    server.signal('SIGTERM');
    expect((await waitExit(server as RunningServer, 20_000)).code, server.output()).toBe(0);

    // Every cut found the app's backends; every answer was a success or a proper 503, in time.
    expect(cuts).toHaveLength(CUTS);
    expect(cuts.every((n) => n > 0), `backends ended per cut: ${cuts.join(', ')}`).toBe(true);
    expect(hung).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.filter((u) => !u.titled || u.retryAfter === null || !/^\d+$/.test(u.retryAfter))).toEqual([]);
    // The page is in the person's language (their own setting, or Accept-Language before the session could be read).
    expect(unavailable.filter((u) => u.lang !== u.locale)).toEqual([]);
    expect(new Set(unavailable.map((u) => u.lang))).toEqual(new Set(['en', 'fr']));
    expect(unavailable.some((u) => u.during === 'outage')).toBe(true);

    // /readyz: answered always, and soon; 503 throughout the outage (from half a second in); 200
    // before it (a saturated pool may make it say 503 for a moment: it asks through the same pool
    // as the requests) and after it.
    expect(readyz.filter((r) => r.status === 'timeout' || r.status === 'error')).toEqual([]);
    // Its bound is READY_TIMEOUT_MS; the slack is for a machine whose two cores are busy with the load.
    expect(readyz.filter((r) => r.ms > READY_TIMEOUT_MS + 5_000)).toEqual([]);
    const inOutage = readyz.filter((r) => r.at > outage.from + 500 && r.at + r.ms < outage.to);
    expect(inOutage.length).toBeGreaterThanOrEqual(3);
    expect(inOutage.filter((r) => r.status !== 503)).toEqual([]);
    expect(readyz.some((r) => r.phase === 'warm-up' && r.status === 200)).toBe(true);
    expect(readyz.filter((r) => r.phase === 'recovery').at(-1)?.status, JSON.stringify({ last: readyz.slice(-4).map((r) => ({ ...r, at: r.at - testStarted })), phases })).toBe(200);
    expect(readyz.filter((r) => typeof r.status === 'number' && r.status !== 200 && r.status !== 503)).toEqual([]);

    // What was stored: every acknowledged comment exactly once and as acknowledged; any comment whole.
    const database = await openDatabase({ databaseUrl: pg.url, dataDir: 'unused', poolSize: 2 });
    try {
      const { db } = database;
      const rows = await db
        .select({ id: comments.id, body: comments.body, subjectId: comments.subjectId, authorId: comments.authorId })
        .from(comments)
        .where(like(comments.body, 'cut-comment-%'));
      const byBody = new Map<string, typeof rows>();
      for (const r of rows) byBody.set(r.body, [...(byBody.get(r.body) ?? []), r]);
      const twice = [...byBody].filter(([, rs]) => rs.length > 1).map(([b]) => b);
      expect(twice).toEqual([]);
      const lost = acked.filter((w) => {
        const [r] = byBody.get(w.body) ?? [];
        return !r || r.id !== w.ackedId || r.subjectId !== w.ideaId || r.authorId !== w.person.userId;
      });
      expect(lost.map((w) => w.n)).toEqual([]);
      const known = new Set(writes.map((w) => w.body));
      expect(rows.filter((r) => !known.has(r.body))).toEqual([]);

      // Whole: each comment has its claimed submission key and its one event; each key has its comment.
      const keys = await db
        .select({ key: submissionKeys.key, resultId: submissionKeys.resultId })
        .from(submissionKeys)
        .where(like(submissionKeys.key, 'comment:cut-key-%'));
      const commentIds = new Set(rows.map((r) => r.id));
      expect(keys.filter((k) => !k.resultId || !commentIds.has(k.resultId))).toEqual([]);
      expect(keys.length).toBe(rows.length);
      const posted = await db
        .select({ entityId: events.entityId })
        .from(events)
        .where(and(eq(events.name, 'comment.post'), inArray(events.subjectId, world.ideaIds)));
      expect(posted.length).toBe(rows.length);
      expect(new Set(posted.map((e) => e.entityId))).toEqual(commentIds);
      // The maintained count moved with each comment, and only then.
      const counted = await db.select({ id: subjects.id, n: subjects.commentCount }).from(subjects).where(inArray(subjects.id, world.ideaIds));
      for (const s of counted) {
        const [stored] = await db.select({ n: count() }).from(comments).where(eq(comments.subjectId, s.id));
        expect(s.n, `comment_count of ${s.id}`).toBe(stored!.n);
      }

      console.log(
        `connection cuts: ${CUTS} cuts ending ${cuts.reduce((a, b) => a + b, 0)} backends, ${writes.length} comment forms, ` +
          `${acked.length} acknowledged, ${rows.length} stored, ${unavailable.length} answers 503 ` +
          `(${unavailable.filter((u) => u.during === 'outage').length} during the ${OUTAGE_MS} ms outage), ` +
          `${readyz.length} /readyz polls (${readyz.filter((r) => r.status === 503).length} answered 503, ${inOutage.length} of them in the outage; slowest ${Math.max(...readyz.map((r) => r.ms))} ms), ` +
          `${proxy.accepted()} database connections made; ${phases.join(', ')}`,
      );
    } finally {
      await database.close();
    }
  });
});
