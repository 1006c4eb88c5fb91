/**
 * Challenge page and directory under load with a large dataset, on PostgreSQL:
 *
 *   createdb cw_bench
 *   DATABASE_URL=postgres://…/cw_bench npm run seed -- --ideas 100000
 *   BENCH_DATABASE_URL=postgres://…/cw_bench npx tsx bench/challenges.ts
 *
 * Loads the directory and the challenge with the most ideas (its default sort, newest, a page
 * further down, and a search) with autocannon from this process, the server in another.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { ensureBuilt, startServer, waitExit } from '../tests/support/server.js';
import { loadPages, printRows } from './support.js';

const databaseUrl = process.env['BENCH_DATABASE_URL'];
if (!databaseUrl) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL database seeded with npm run seed -- --ideas N');
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);

const sqlClient = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const [top] = await sqlClient<{ id: string; idea_count: number }[]>`SELECT id, idea_count FROM challenges WHERE status = 'published' ORDER BY idea_count DESC LIMIT 1`;
const [counted] = await sqlClient<{ n: number }[]>`SELECT count(*)::int AS n FROM ideas`;
const n = counted?.n ?? 0;
await sqlClient.end();
if (!top) throw new Error('No published challenge: seed the database first.');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
ensureBuilt(); // the server runs from dist/, as in production
const server = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'false', JOBS: 'false', LOG_LEVEL: 'error' });
try {
  // A cursor from the second page, as a visitor clicking "Show more" would send it.
  const html = await (await fetch(`${server.url}/challenges/${top.id}?sort=newest`)).text();
  const more = /href="(\/challenges\/[^"]*after=[^"#]*)/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const pages = ['/challenges', '/challenges?sort=ideas', `/challenges/${top.id}`, `/challenges/${top.id}?sort=newest`, ...(more ? [more] : []), `/challenges/${top.id}?q=benches`];
  const rows = await loadPages(server.url, pages, seconds);
  printRows(`PostgreSQL, ${n} ideas (busiest challenge: ${top.idea_count})`, seconds, rows);
} finally {
  server.signal('SIGTERM');
  await waitExit(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
