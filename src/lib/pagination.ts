import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { BadRequestError } from './errors.js';
import { isUuid } from './fields.js';

/**
 * Keyset pagination in "newest first" order — (timestamp DESC, id ASC), the order of the
 * `(…, created_at DESC, id)` indexes. The cursor keeps PostgreSQL's microseconds (a JS Date has
 * milliseconds only), so rows written in the same millisecond are neither skipped nor repeated.
 */

/** The column as an exact UTC text timestamp, to select alongside a page's rows. */
export const stampOf = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const encodeStampCursor = (stamp: string, id: string) => Buffer.from(JSON.stringify([stamp, id]), 'utf8').toString('base64url');

/** The cursor's [stamp, id]; a damaged cursor is the client's error (400). */
export function decodeStampCursor(raw: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && STAMP.test(v[0]) && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && isUuid(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw new BadRequestError();
}

/** Rows after the cursor: "<=" on the timestamp is the index bound, the rest a filter. */
export function afterStamp(at: AnyColumn, id: AnyColumn, after: string | undefined): SQL | undefined {
  if (!after) return undefined;
  const [stamp, last] = decodeStampCursor(after);
  return sql`${at} <= ${stamp}::timestamptz and (${at} < ${stamp}::timestamptz or ${id} > ${last}::uuid)`;
}

/** The first `limit` of `limit + 1` rows, without their `stamp`, and the next page's cursor. */
export function stampPage<R extends { stamp: string }>(rows: R[], limit: number, idOf: (r: R) => string): { items: Omit<R, 'stamp'>[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(({ stamp: _s, ...r }) => r), next: rows.length > limit && last ? encodeStampCursor(last.stamp, idOf(last)) : null };
}
