/**
 * The suite's data sets, made once by `npm run seed -- --ideas N` and reused by every later run:
 * PostgreSQL databases cw_bench_<label> (1k, 10k, 100k, 1m) on the bench server, and embedded
 * (PGlite) data directories under the bench cache directory. A PostgreSQL set is reused when it
 * holds between N and 1.1 N ideas (the demo adds a few); a data directory when the marker written
 * after its seed names N. Anything else is dropped and seeded again.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rawRows, type Database } from '../../src/db/client.js';
import { pageScope } from '../../src/lib/page-versions.js';
import { childEnv, ROOT } from '../../tests/support/server.js';
import { ensureCompetition } from './competition.js';

/** 1000 → "1k", 1000000 → "1m". */
export const sizeLabel = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));
export const pgDatabaseName = (n: number) => `cw_bench_${sizeLabel(n)}`;

/** The PostgreSQL server of the suite: BENCH_DATABASE_URL (its database part is ignored), else PGHOST/PGPORT/PGUSER, else postgres://root@127.0.0.1:5432. */
export function benchServerUrl(): URL {
  const given = process.env['BENCH_DATABASE_URL'];
  if (given) return new URL(given);
  const user = process.env['PGUSER'] ?? 'root';
  const password = process.env['PGPASSWORD'] ? `:${encodeURIComponent(process.env['PGPASSWORD'])}` : '';
  const host = process.env['PGHOST'] ?? '127.0.0.1';
  return new URL(`postgres://${encodeURIComponent(user)}${password}@${host}:${process.env['PGPORT'] ?? '5432'}/postgres`);
}

export function databaseUrl(name: string): string {
  const url = benchServerUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

/** Where embedded data sets are kept between runs (BENCH_CACHE_DIR, default ~/.cache/commonwise-bench). */
export const cacheDir = () => path.resolve(process.env['BENCH_CACHE_DIR'] ?? path.join(process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'commonwise-bench'));

/** Runs one statement on the server's maintenance database. */
export async function adminSql<T extends object>(statement: string): Promise<T[]> {
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    return (await admin.unsafe(statement)) as unknown as T[];
  } finally {
    await admin.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return (await adminSql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_database WHERE datname = '${name}'`))[0]?.n === 1;
}

/** What made a data set: the checkout whose seeder ran, and when (kept with the data set, printed with the results). */
export type Provenance = { ideas: number; seededAt: string; seeder: string };

/** The seeding checkout's commit (and "+changes" when its tree differs), or its path when it is not a git checkout. */
function seederOf(project: string): string {
  try {
    const commit = execFileSync('git', ['-C', project, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['-C', project, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${commit}${dirty ? '+changes' : ''}`;
  } catch {
    return project;
  }
}

/** Runs `npm run seed -- --ideas N` (the compiled CLI of `project`, default this checkout) with `env`, its output prefixed. */
async function seed(ideas: number, env: Record<string, string>, log: (line: string) => void): Promise<Provenance> {
  const project = path.resolve(process.env['BENCH_SEED_PROJECT'] ?? ROOT);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(project, 'node_modules/.bin/node'), ['dist/cli/seed.js', '--ideas', String(ideas)], { cwd: project, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (d: Buffer) => {
      tail = (tail + d.toString()).slice(-4000);
      for (const line of d.toString().split('\n')) if (/ideas|added|error/i.test(line)) log(`    seed: ${line.trim()}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited ${code}:\n${tail}`))));
  });
  log(`    seeded ${ideas} ideas in ${Math.round((Date.now() - started) / 1000)} s`);
  return { ideas, seededAt: new Date().toISOString(), seeder: seederOf(project) };
}

/**
 * cw_bench_<N>: reused when it holds N ideas, else (re)created and seeded; what seeded it is kept
 * as the database's comment. Answers its URL and that provenance (unknown for a set made by hand).
 */
export async function ensurePgDataset(ideas: number, log: (line: string) => void): Promise<{ url: string; provenance: Provenance | undefined }> {
  const name = pgDatabaseName(ideas);
  const url = databaseUrl(name);
  if (await databaseExists(name)) {
    const check = postgres(url, { max: 1, onnotice: () => {} });
    let n = -1;
    let provenance: Provenance | undefined;
    try {
      const [comment] = await check<{ c: string | null }[]>`SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = ${name}`;
      try {
        provenance = comment?.c ? (JSON.parse(comment.c) as Provenance) : undefined;
      } catch {
        /* someone else's comment */
      }
      n = (await check<{ n: number }[]>`SELECT count(*)::int AS n FROM ideas`)[0]?.n ?? -1;
    } catch {
      /* no ideas table: not seeded */
    } finally {
      await check.end();
    }
    if (n >= ideas && n <= ideas * 1.1) return { url, provenance };
    log(`  ${name} holds ${n} ideas, not ${ideas}: dropping it and seeding again`);
    await adminSql(`DROP DATABASE ${name} WITH (FORCE)`);
  }
  log(`  seeding ${name} (${ideas} ideas; once, reused by later runs)…`);
  await adminSql(`CREATE DATABASE ${name}`);
  try {
    const provenance = await seed(ideas, { DATABASE_URL: url }, log);
    await adminSql(`COMMENT ON DATABASE ${name} IS '${JSON.stringify(provenance).replace(/'/g, "''")}'`);
    return { url, provenance };
  } catch (err) {
    await adminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
}

/** An embedded data directory with N ideas, seeded once under the cache directory. Answers its path and what seeded it. */
export async function ensurePgliteDataset(ideas: number, log: (line: string) => void): Promise<{ dir: string; provenance: Provenance }> {
  const dir = path.join(cacheDir(), `pglite-${sizeLabel(ideas)}`);
  const marker = path.join(dir, 'bench-dataset.json');
  try {
    const provenance = JSON.parse(fs.readFileSync(marker, 'utf8')) as Provenance;
    if (provenance.ideas === ideas) return { dir, provenance };
  } catch {
    /* absent or unreadable: seed */
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(`  seeding the embedded database ${dir} (${ideas} ideas; once, reused by later runs)…`);
  let provenance: Provenance;
  try {
    provenance = await seed(ideas, { DATA_DIR: dir }, log);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  fs.writeFileSync(marker, JSON.stringify(provenance));
  return { dir, provenance };
}

/** A copy of an embedded data set for one server (a data directory serves one process). */
export function copyPgliteDataset(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-pglite-'));
  fs.cpSync(dir, copy, { recursive: true, filter: (src) => path.basename(src) !== 'commonwise.lock' });
  return copy;
}

/** A page of the suite: its path (and query) and the page-version scopes it depends on (the bare stack's query). */
export type BenchPage = { name: string; path: string; scopes: string[] };

export type PageSet = {
  ideas: number;
  busiestChallenge: { id: string; ideas: number };
  pages: BenchPage[];
  /** The busiest challenge's most supported ideas that take supports (the mixed scenario's). */
  mixIdeas: string[];
};

/** Picks the suite's pages in a data set (the same rules at every size). */
export async function choosePages(target: { databaseUrl: string } | { dataDir: string }): Promise<PageSet> {
  const database: Database =
    'databaseUrl' in target ? await openDatabase({ databaseUrl: target.databaseUrl, dataDir: 'unused', poolSize: 1 }) : await openDatabase({ dataDir: target.dataDir });
  try {
    await database.migrate();
    const q = <T>(s: ReturnType<typeof sql>) => rawRows<T>(database.db, s);
    const [count] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM ideas`);
    const [busiest] = await q<{ id: string; n: number }>(sql`SELECT id, idea_count AS n FROM challenges WHERE status = 'published' ORDER BY idea_count DESC, id LIMIT 1`);
    if (!busiest) throw new Error('no published challenge: the data set is not seeded');
    const [idea] = await q<{ id: string }>(
      sql`SELECT id FROM ideas WHERE challenge_id = ${busiest.id} AND published_at IS NOT NULL AND status <> 'draft' ORDER BY support_count DESC, id LIMIT 1`,
    );
    const mix = await q<{ id: string }>(
      sql`SELECT id FROM ideas WHERE challenge_id = ${busiest.id} AND published_at IS NOT NULL AND status NOT IN ('draft', 'withdrawn', 'not_taken_forward') ORDER BY support_count DESC, id LIMIT 5`,
    );
    const [org] = await q<{ slug: string }>(
      sql`SELECT o.slug FROM organisations o JOIN challenges c ON c.organisation_id = o.id WHERE c.status = 'published' GROUP BY o.slug ORDER BY count(*) DESC, o.slug LIMIT 1`,
    );
    const [person] = await q<{ id: string }>(
      sql`SELECT author_id AS id FROM ideas WHERE author_id IS NOT NULL AND published_at IS NOT NULL GROUP BY author_id ORDER BY count(*) DESC, author_id LIMIT 1`,
    );
    if (!idea || !org || !person) throw new Error('the data set lacks an idea, an organisation or an author');
    const site = pageScope.site;
    const ch = busiest.id;
    // A finished competition on the busiest challenge (its first run writes it into the data set): its results page.
    await ensureCompetition(database.db, ch);
    return {
      ideas: Number(count?.n ?? 0),
      busiestChallenge: { id: ch, ideas: Number(busiest.n) },
      mixIdeas: mix.map((m) => m.id),
      pages: [
        { name: 'home', path: '/', scopes: [site] },
        { name: 'challenges', path: '/challenges', scopes: [site] },
        { name: 'challenge (random)', path: `/challenges/${ch}`, scopes: [site, pageScope.subject(ch), pageScope.ideasOf(ch)] },
        { name: 'challenge (newest)', path: `/challenges/${ch}?sort=newest`, scopes: [site, pageScope.subject(ch), pageScope.ideasOf(ch)] },
        { name: 'idea', path: `/ideas/${idea.id}`, scopes: [site, pageScope.subject(idea.id)] },
        { name: 'organisations', path: '/organisations', scopes: [site] },
        { name: 'organisation', path: `/organisations/${org.slug}`, scopes: [site] },
        { name: 'person', path: `/people/${person.id}`, scopes: [site, pageScope.person(person.id)] },
        { name: 'results', path: `/challenges/${ch}/results`, scopes: [site, pageScope.subject(ch)] },
      ],
    };
  } finally {
    await database.close();
  }
}
