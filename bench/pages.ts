/**
 * Page throughput: starts the real server in its own process (embedded PGlite with demo data,
 * or PostgreSQL with BENCH_DATABASE_URL, seeded with the demo) and loads a few anonymous pages
 * with autocannon from this process, on loopback only.
 *
 *   npx tsx bench/pages.ts            # 10 s per page
 *   BENCH_SECONDS=30 npx tsx bench/pages.ts
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { startServer, waitExit } from '../tests/support/server.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
const databaseUrl = process.env['BENCH_DATABASE_URL'];
const server = await startServer({ DATA_DIR: dataDir, DEMO: 'true', JOBS: 'false', LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });

const pages = ['/', '/organisations', '/organisations/riverside-council', '/sign-in'];
const rows: string[] = [];
try {
  for (const page of pages) {
    const result = await autocannon({ url: server.url + page, connections: 20, duration: seconds, headers: { 'accept-encoding': 'gzip' } });
    const errors = result.errors + result.non2xx;
    rows.push(`| ${page} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${errors} |`);
  }
} finally {
  server.signal('SIGTERM');
  await waitExit(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`\n${databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${os.cpus().length} cores, 20 connections, ${seconds} s per page\n`);
console.log('| page | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
