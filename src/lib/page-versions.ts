import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { firstOf, runPrepared } from '../db/prepared.js';

/** A text[] literal (keys are our own: ids and names, no quotes or braces). */
export const textArray = (keys: readonly string[]) => `{${keys.map((k) => `"${k}"`).join(',')}}`;

/**
 * Page versions: what the anonymous page cache keys on (src/http/page-cache.ts,
 * docs/decisions/0051-anonymous-pages-come-from-a-rendered-cache.md). A page depends on a few
 * scopes; a command bumps the scopes its change shows on, in its own transaction (recordEvent's
 * `pages`), so once a write is acknowledged no page cached before it can be served again.
 *
 * - `site`: what many pages show — people's and organisations' names, memberships, every
 *   challenge's own text, dates and state, the counts directories show, idea titles (a person's
 *   page lists them). Every cached page depends on it.
 * - `subject(id)`: a subject's own page (an idea: its text, supports, comments, response), and
 *   its card wherever a list shows it (a list page names the cards it showed: pageShows in
 *   src/http/page-cache.ts).
 * - `ideasOf(challengeId)`: the challenge page's list of ideas (which ideas, their statuses and
 *   text, in which order).
 * - `ranking(challengeId)`: its orders by support (most supported, trending) — what a support
 *   and the trending recount change besides the ideas' own pages and cards.
 * - `person(userId)`: a person's public page (their ideas and comments).
 * - `judging(challengeId)`: a competition's judging as its staff see it (panel, shortlist, scores,
 *   ties): bumped by every judging action, read by the scoreboard's cache (src/features/judging/board.ts).
 */
export const pageScope = {
  site: 'site',
  subject: (id: string) => `subject:${id}`,
  ideasOf: (challengeId: string) => `ideas:${challengeId}`,
  ranking: (challengeId: string) => `ranking:${challengeId}`,
  person: (userId: string) => `person:${userId}`,
  judging: (challengeId: string) => `judging:${challengeId}`,
} as const;

/**
 * Bumps each scope's version by one, in the caller's transaction. The rows are locked in key
 * order (one statement, sorted keys), and commands bump last, so two commands never wait on
 * each other's versions in opposite orders.
 */
export async function bumpPages(tx: Db, scopes: readonly string[]): Promise<void> {
  const keys = [...new Set(scopes)].sort();
  if (keys.length === 0) return;
  await runPrepared(tx, 'page_versions_bump', sql`
    INSERT INTO page_versions (key, version)
    SELECT k, 1 FROM unnest(${textArray(keys)}::text[]) AS k ORDER BY k
    ON CONFLICT (key) DO UPDATE SET version = page_versions.version + 1`);
  bumpedHere(keys);
}

/**
 * The versions as this process counts them, for the embedded database (docs/decisions/0054-…).
 * PGlite is one connection in one process (its data directory is locked), so every bump goes
 * through this process: a page's version is read here, and a cache hit costs no query at all —
 * the one connection was the queue behind the embedded mode's tail. Every bump of the table is
 * counted here too, just after its statement: within a transaction (PGlite runs no other query
 * until the commit, so a reader that sees the new count reads the new rows, and a rollback only
 * costs a miss), or after a statement of its own (before the write is acknowledged). Fixed
 * memory: counters in SLOTS slots by the scope's hash; scopes sharing a slot only make pages
 * miss more often, never stale. On PostgreSQL, where other processes write too, the table decides.
 */
const SLOTS = 1 << 16;
const counted = new Uint32Array(SLOTS);
function slotOf(key: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SLOTS;
}

/** How many bumps this process has counted: a page made while it moved may hold rows from before a bump its cards' counts already show. */
let bumps = 0;

/** Counts a bump of these scopes in this process (bumpPages does; so does a statement that bumps the table itself, after it ran). */
export function bumpedHere(scopes: readonly string[]): void {
  for (const key of new Set(scopes)) counted[slotOf(key)]! += 1;
  bumps++;
}

/** The bumps counted so far in this process (see `bumps`). */
export const bumpsHere = (): number => bumps;

/** The sum of this process's counters for these scopes. */
export const countedHere = (scopes: readonly string[]): number => [...new Set(scopes)].reduce((sum, key) => sum + counted[slotOf(key)]!, 0);

/**
 * The versions of a page: `base`, of the scopes it shows whatever its content (read before its
 * data), and `shown`, of the scopes its content named when it was made (the cards of a list,
 * pageShows) — one sum each, in one query on PostgreSQL, from this process on the embedded
 * database. Counters only go up, so a sum changes whenever any of its counters does. Read before
 * the page's data (a write landing between the two leaves newer data under an older version,
 * never the reverse). The rows are found by one list of keys, one index scan (an OR of the two
 * lists made a bitmap scan of each: three times the time on a table of 100,000 keys).
 */
export async function pageVersions(db: Db, kind: 'pglite' | 'postgres', base: readonly string[], shown: readonly string[]): Promise<{ base: string; shown: string }> {
  if (kind === 'pglite') return { base: String(countedHere(base)), shown: String(countedHere(shown)) };
  const row = await firstOf<{ base: string; shown: string }>(
    db,
    'page_versions',
    () => sql`SELECT coalesce(sum(version) FILTER (WHERE key = ANY(${sql.placeholder('base')}::text[])), 0)::text AS base,
                     coalesce(sum(version) FILTER (WHERE key = ANY(${sql.placeholder('shown')}::text[])), 0)::text AS shown
              FROM page_versions WHERE key = ANY(${sql.placeholder('all')}::text[])`,
  )({ base: textArray(base), shown: textArray(shown), all: textArray([...base, ...shown]) });
  return { base: row?.base ?? '0', shown: row?.shown ?? '0' };
}
