/**
 * The bare stack a page is compared with: hono + @hono/node-server in its own process, running
 * ONE prepared postgres.js query per request — the page's version lookup, the query a cache hit
 * of the real server runs — and answering the page's bytes as fetched once from the real server,
 * gzipped (the stored copy, like the page cache's), with the same headers.
 *
 *   node --import tsx bench/suite/bare-server.ts <config.json>
 *
 * The config (written by bench/run.ts): { databaseUrl, port, poolSize, pages: [{ path, scopes,
 * headers, gzip (base64) }] }. Prints "listening" once it answers.
 */
import fs from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

export type BarePage = { path: string; scopes: string[]; headers: [string, string][]; gzip: string };
export type BareConfig = { databaseUrl: string; port: number; poolSize: number; pages: BarePage[] };

const config = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as BareConfig;
const sql = postgres(config.databaseUrl, { max: config.poolSize, onnotice: () => {}, connection: { application_name: 'commonwise-bare' } });
const pages = new Map(config.pages.map((p) => [p.path, { scopes: p.scopes, headers: p.headers, body: Buffer.from(p.gzip, 'base64') }]));

const app = new Hono();
app.get('*', async (c) => {
  const url = new URL(c.req.url);
  const page = pages.get(url.pathname + url.search);
  if (!page) return c.text('not a bench page', 404);
  // postgres.js prepares a statement with parameters once per connection (prepare: true by default).
  const [row] = await sql<{ v: string }[]>`SELECT coalesce(sum(version), 0)::text AS v FROM page_versions WHERE key = ANY(${page.scopes}::text[])`;
  if (!row) throw new Error('no version');
  return new Response(page.body, { headers: page.headers });
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, () => console.log('listening'));
const stop = () => {
  server.close();
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
};
process.on('SIGTERM', stop).on('SIGINT', stop);
