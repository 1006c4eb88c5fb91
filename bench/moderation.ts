/**
 * The moderation queue under load, on the real server and PostgreSQL (issue 12's target: p99 ≤
 * 100 ms at 20 connections with 100,000 reports):
 *
 *   createdb cw_bench_moderation
 *   BENCH_DATABASE_URL=postgres://…/cw_bench_moderation npx tsx bench/moderation.ts
 *
 * Seeds (straight into the database, set-based, once per database) two councils with a
 * challenge and an idea each, BENCH_REPORTERS people, and BENCH_REPORTS reports spread over
 * reported comments (five per item, of mixed reasons; a fifth of the items decided), then a
 * platform moderator and an organisation's owner with a session each. Then autocannon, 20
 * connections, BENCH_SECONDS per page, signed in: the queue in each order and filter, a later
 * page of it, and an item page. Prints a table; the figures go into bench/README.md by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { ensureBuilt, startServer } from '../tests/support/server.js';
import { createPeople } from './suite/people.js';
import { measureSignedIn, REFERENCE, report, type Row, type SignedInPage } from './suite/signed-in.js';

const databaseUrl = process.env['BENCH_DATABASE_URL'];
if (!databaseUrl) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL database (it is migrated, and bench data is added to it).');
const REPORTS = Number(process.env['BENCH_REPORTS'] ?? 100_000);
const REPORTERS = Number(process.env['BENCH_REPORTERS'] ?? 5_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const PER_ITEM = 5;

const migrated = await openDatabase({ databaseUrl, dataDir: 'unused', poolSize: 1 });
await migrated.migrate();
await migrated.close();
const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });

// ---- Seed (once per database) ----

const existing = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM reports`)[0]!.n;
const run = randomBytes(4).toString('hex');
if (existing < REPORTS) {
  console.log(`Seeding ${REPORTS} reports…`);
  const started = Date.now();
  const orgs = await sql<{ id: string }[]>`
    INSERT INTO organisations (kind, name, slug) VALUES ('council', ${`Bench Council ${run}`}, ${`bench-council-${run}`}), ('council', ${`Bench Other ${run}`}, ${`bench-other-${run}`})
    RETURNING id`;
  const reporters = await createPeople(sql, run, REPORTERS, 'reporter', { sessions: false });
  const [author] = await createPeople(sql, run, 1, 'author', { sessions: false });
  const items = Math.ceil(REPORTS / PER_ITEM);
  await sql.begin(async (tx) => {
    // Each item: a comment's worth of text, under one of the two councils; a fifth decided (hidden or dismissed).
    await tx`
      INSERT INTO moderation_items (target_kind, target_id, organisation_id, author_id, state, open_reports, total_reports, reason_counts, at_risk, snapshot, first_reported_at, last_reported_at, decided_at, rule)
      SELECT 'comment', gen_random_uuid(), (${sql.array(orgs.map((o) => o.id))}::uuid[])[1 + i % 2], ${author!.userId}::uuid,
             CASE WHEN i % 5 = 0 THEN (CASE WHEN i % 10 = 0 THEN 'hidden' ELSE 'dismissed' END) ELSE 'pending' END,
             CASE WHEN i % 5 = 0 THEN 0 ELSE ${PER_ITEM}::int END, ${PER_ITEM}::int,
             CASE WHEN i % 5 = 0 THEN '{}'::jsonb ELSE jsonb_build_object((ARRAY['spam','abuse','hate','personal','offTopic'])[1 + i % 5], ${PER_ITEM}::int) END,
             i % 997 = 0,
             jsonb_build_object('title', '', 'body', 'Reported comment number ' || i || ': ' || repeat('some words ', 20)),
             now() - (i || ' minutes')::interval, now() - (i || ' seconds')::interval,
             CASE WHEN i % 5 = 0 THEN now() - (i || ' seconds')::interval END,
             CASE WHEN i % 10 = 0 THEN 'spam' END
      FROM generate_series(1, ${items}::int) AS i`;
    await tx`
      INSERT INTO reports (item_id, reporter_id, reason, note, created_at, closed_at)
      SELECT m.id, (${sql.array(reporters.map((r) => r.userId))}::uuid[])[1 + ((m.rn * ${PER_ITEM}::int + k) % ${REPORTERS}::int)],
             (ARRAY['spam','abuse','hate','personal','offTopic'])[1 + m.rn % 5], '', m.last_reported_at, m.decided_at
      FROM (SELECT id, last_reported_at, decided_at, row_number() OVER (ORDER BY id) AS rn FROM moderation_items WHERE total_reports > 0) m,
           generate_series(0, ${PER_ITEM - 1}::int) AS k`;
  });
  await sql`ANALYZE moderation_items`;
  await sql`ANALYZE reports`;
  console.log(`Seeded in ${Math.round((Date.now() - started) / 1000)} s.`);
}
const { reports: reportCount, items: itemCount } = (await sql<{ reports: number; items: number }[]>`SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM moderation_items) AS items`)[0]!;
const [org] = await sql<{ id: string }[]>`SELECT organisation_id AS id FROM moderation_items WHERE organisation_id IS NOT NULL LIMIT 1`;
const [anItem] = await sql<{ id: string }[]>`SELECT id FROM moderation_items WHERE state = 'pending' ORDER BY last_reported_at DESC LIMIT 1`;
const [moderator] = await createPeople(sql, run, 1, 'moderator');
const [owner] = await createPeople(sql, run, 1, 'owner');
await sql`UPDATE users SET is_moderator = true WHERE id = ${moderator!.userId}`;
await sql`INSERT INTO memberships (organisation_id, user_id, role) VALUES (${org!.id}, ${owner!.userId}, 'owner')`;

// ---- Load ----

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-moderation-'));
ensureBuilt();
const server = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'false', JOBS: 'false', LOG_LEVEL: 'error' });

/** A later page of the pending queue (its cursor, as the "Next page" link carries it). */
const nextHref = async (cookie: string, page: string) => {
  const html = await (await fetch(server.url + page, { headers: { cookie } })).text();
  const m = /href="(\/moderation\?[^"]*after=[^"]+)"/.exec(html);
  if (!m) throw new Error(`no next page on ${page}`);
  return m[1]!.replace(/&amp;/g, '&');
};

const pages: SignedInPage[] = [
  [REFERENCE, '/following', moderator!.cookie],
  ['pending, newest report first', '/moderation', moderator!.cookie],
  ['pending, most reported first', '/moderation?sort=most', moderator!.cookie],
  ['pending, second page', await nextHref(moderator!.cookie, '/moderation'), moderator!.cookie],
  ['pending, one reason', '/moderation?reason=abuse', moderator!.cookie],
  ['hidden', '/moderation?show=hidden', moderator!.cookie],
  ['decided, latest first', '/moderation?show=decided', moderator!.cookie],
  ['one organisation, its owner', '/moderation', owner!.cookie],
  ['an item page', `/moderation/items/${anItem!.id}`, moderator!.cookie],
  [REFERENCE, '/following', moderator!.cookie],
];

let rows: Row[] = [];
try {
  rows = await measureSignedIn(server.url, pages, SECONDS);
} finally {
  await server.stop();
  await sql.end();
}

report(`Moderation queue: ${reportCount.toLocaleString('en')} reports on ${itemCount.toLocaleString('en')} items, ${os.cpus().length} cores, 20 connections, ${SECONDS} s per page`, rows);
