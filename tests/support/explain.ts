import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { rawRows } from './db.js';

/** A statement as the app issued it (see TestEnv.captureQueries). */
export type CapturedQuery = { sql: string; params: unknown[] };

/** The statement with its parameters written in as literals, so it can be explained on its own. */
export function inlineParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return String(v);
    if (v instanceof Date) return `'${v.toISOString()}'`;
    return `'${String(v).replace(/'/g, "''")}'`;
  });
}

/**
 * The plan of a captured query, as text, with sorting turned off (a plan that still sorts has
 * no index delivering the order) and, on tiny test tables, the other scans `off` names.
 */
export async function explain(db: Db, query: CapturedQuery, off: ('seqscan' | 'bitmapscan')[] = []): Promise<string> {
  return db.transaction(async (tx) => {
    for (const method of ['sort', ...off]) await tx.execute(sql.raw(`SET LOCAL enable_${method} = off`));
    const rows = await rawRows<Record<string, string>>(tx, sql.raw(`EXPLAIN ${inlineParams(query.sql, query.params)}`));
    return rows.map((r) => Object.values(r)[0]).join('\n');
  });
}

/** The Sort and Incremental Sort nodes of a plan. */
export const sortNodes = (plan: string) => plan.split('\n').filter((line) => /(^|\s)(Incremental )?Sort\s+\(/.test(line));
