/**
 * Page throughput: starts the real server in its own process (embedded PGlite with demo data,
 * or PostgreSQL with BENCH_DATABASE_URL, seeded with the demo) and loads a few anonymous pages
 * with autocannon from this process, on loopback only: home, directory, an organisation's page,
 * sign-in, and the demo's most discussed idea page (found by walking the challenges).
 *
 *   npx tsx bench/pages.ts            # 10 s per page
 *   BENCH_SECONDS=30 npx tsx bench/pages.ts
 *   BENCH_PAGES=idea npx tsx bench/pages.ts   # only the most discussed idea page
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, startServer, waitExit } from '../tests/support/server.js';
import { loadPages, printRows } from './support.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
const databaseUrl = process.env['BENCH_DATABASE_URL'];
ensureBuilt(); // the server runs from dist/, as in production
const server = await startServer({ DATA_DIR: dataDir, DEMO: 'true', JOBS: 'false', LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
try {
  // BENCH_PAGES=idea,/ picks pages ("idea": the most discussed idea); all five by default.
  const wanted = (process.env['BENCH_PAGES'] ?? '/,/organisations,/organisations/riverside-council,/sign-in,idea').split(',');
  const pages = await Promise.all(wanted.map(async (p) => (p === 'idea' ? mostDiscussedIdea(server.url) : p)));
  const rows = await loadPages(server.url, pages, seconds);
  printRows(databaseUrl ? 'PostgreSQL' : 'PGlite', seconds, rows);
} finally {
  server.signal('SIGTERM');
  await waitExit(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** The demo idea page with the most comments (the page issue 9's spine must keep as fast). */
async function mostDiscussedIdea(base: string): Promise<string> {
  const links = (html: string, re: RegExp) => [...new Set([...html.matchAll(re)].map((m) => m[0]))];
  const challenges = links(await (await fetch(`${base}/challenges`)).text(), /\/challenges\/[0-9a-f-]{36}/g);
  let best = { path: '', comments: -1 };
  for (const ch of challenges)
    for (const idea of links(await (await fetch(base + ch)).text(), /\/ideas\/[0-9a-f-]{36}/g)) {
      const comments = ((await (await fetch(base + idea)).text()).match(/id="comment-/g) ?? []).length;
      if (comments > best.comments) best = { path: idea, comments };
    }
  return best.path;
}
