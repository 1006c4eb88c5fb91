import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { BadRequestError } from './errors.js';
import { isUuid } from './fields.js';

/**
 * Keyset pagination, one way for every list. A cursor is the sort key values of the last row
 * shown and its id, as base64url JSON: opaque to people, checked on the way back in (a damaged or
 * edited cursor is a 400, never a 500). Timestamps in cursors are PostgreSQL's own microseconds,
 * as UTC text selected beside the page's rows with `stampOf` — a JS Date has milliseconds only,
 * and rows written in the same millisecond must be neither skipped nor repeated.
 */

/** What a cursor position holds: a timestamp (stampOf text), a whole number (int4), short text, or a UUID. */
export type CursorPart = 'stamp' | 'int' | 'text' | 'uuid';
type Decoded<S extends readonly CursorPart[]> = { [I in keyof S]: S[I] extends 'int' ? number : string };

/** The column as exact UTC text with microseconds, to select alongside a page's rows. */
export const stampOf = (col: AnyColumn | SQL) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** "2026-03-14T09:00:00.123456Z" naming a real instant (PostgreSQL would refuse 31 February with an error). */
function isStamp(v: unknown): v is string {
  if (typeof v !== 'string' || !STAMP.test(v)) return false;
  const d = new Date(v.slice(0, 23) + 'Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === v.slice(0, 19);
}

const valid: Record<CursorPart, (v: unknown) => boolean> = {
  stamp: isStamp,
  int: (v) => Number.isInteger(v) && Math.abs(v as number) <= 2_147_483_647, // the int4 columns lists sort on
  text: (v) => typeof v === 'string' && v.length <= 300,
  uuid: (v) => typeof v === 'string' && isUuid(v),
};

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The cursor's values in the given shape; anything else is the client's error (400). */
export function decodeCursor<const S extends readonly CursorPart[]>(raw: string, shape: S): Decoded<S> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError();
  }
  if (!Array.isArray(v) || v.length !== shape.length || !shape.every((part, i) => valid[part](v[i]))) throw new BadRequestError();
  return v.map((x, i) => (shape[i] === 'uuid' ? (x as string).toLowerCase() : x)) as Decoded<S>;
}

/**
 * Rows after the cursor in (timestamp DESC, id ASC) order — newest first, the order of the
 * `(…, created_at DESC, id)` indexes: "<=" on the timestamp is the index bound, the rest a filter.
 */
export function afterStamp(at: AnyColumn, id: AnyColumn, after: string | undefined): SQL | undefined {
  if (!after) return undefined;
  const [stamp, last] = decodeCursor(after, ['stamp', 'uuid']);
  return sql`${at} <= ${stamp}::timestamptz and (${at} < ${stamp}::timestamptz or ${id} > ${last}::uuid)`;
}

/** The first `limit` of `limit + 1` rows (newest first, with their `stamp`), without it, and the next page's cursor. */
export function stampPage<R extends { stamp: string }>(rows: R[], limit: number, idOf: (r: R) => string): { items: Omit<R, 'stamp'>[]; next: string | null } {
  return page(rows, limit, (r) => [r.stamp, idOf(r)], ({ stamp: _s, ...r }) => r);
}

/** The first `limit` of `limit + 1` rows, shaped by `item`, and the cursor after the last one (null on the last page). */
export function page<R, I>(rows: R[], limit: number, cursorOf: (r: R) => (string | number)[], item: (r: R) => I): { items: I[]; next: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(item), next: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

/** The links of a paginated page at `path`: the next page (from its cursor) and, past the first page, back to the first. */
export function pageLinks(path: string, after: string | undefined, next: string | null): { nextHref: string | null; firstHref: string | null } {
  return { nextHref: next ? `${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(next)}` : null, firstHref: after ? path : null };
}
