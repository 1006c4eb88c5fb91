import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/** The first row of a raw statement's result: postgres.js answers an array, PGlite `{ rows }`. */
export function firstRow<T>(result: unknown): T | undefined {
  return allRows<T>(result)[0];
}

/** Every row of a raw statement's result. */
function allRows<T>(result: unknown): T[] {
  return ((Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows) ?? []) as T[];
}

const dialect = new PgDialect();

/**
 * Runs a raw statement as a named prepared statement, and answers its first row. On PostgreSQL
 * (postgres.js keeps prepared statements per connection) the server then parses and plans it
 * once per connection instead of on every request: planning the vote statement's CTEs cost about
 * 0.5 ms of PostgreSQL CPU, more than running it (measured: 830 → 340 µs per vote). PGlite
 * runs it as usual. db.execute() has no way to name a statement, hence the session's own
 * prepareQuery (public as db._.session).
 */
export async function runPrepared<T>(db: Db, name: string, statement: SQL): Promise<T | undefined> {
  return (await rowsPrepared<T>(db, name, statement))[0];
}

/** runPrepared's every row. */
export async function rowsPrepared<T>(db: Db, name: string, statement: SQL): Promise<T[]> {
  return allRows<T>(await db._.session.prepareQuery(dialect.sqlToQuery(statement), undefined, name, false).execute());
}

/**
 * A raw statement with `sql.placeholder` values, built and named once per database (builtOnce):
 * `firstOf(db, name, build)(values)` answers its first row. For the hottest raw reads (a cache
 * hit's page version).
 */
export function firstOf<T>(db: Db, name: string, build: () => SQL): (values: Record<string, unknown>) => Promise<T | undefined> {
  const query = builtOnce(db, name, () => db._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false));
  return async (values) => firstRow<T>(await query.execute(values));
}

const builtQueries = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per database and shape: `build` (drizzle's builder, with `sql.placeholder`
 * for every value) runs on the first call only; later calls answer the same prepared query, to be
 * executed with the values. Drizzle's builder cost more CPU than the query itself on a page
 * (ISSUE 11: 19 % of a challenge page's time). `shape` names everything that changes the
 * query's text (sort, which filters, a literal limit): a handful of shapes per query, each also
 * one server-side prepared statement per connection on PostgreSQL. The query is bound to the
 * database it was built on: a transaction gets its own, built again for each transaction.
 */
export function builtOnce<Q>(db: Db, shape: string, build: () => Q): Q {
  let queries = builtQueries.get(db);
  if (!queries) builtQueries.set(db, (queries = new Map()));
  let query = queries.get(shape) as Q | undefined;
  if (query === undefined) queries.set(shape, (query = build()));
  return query;
}

/**
 * A row limit written into the query's text rather than bound as a parameter: PostgreSQL plans
 * a parameterised LIMIT as if it were 10 % of the rows, so a prepared page query was planned
 * afresh on every execution (1.2–1.9 ms, more than running it). A literal lets the cached
 * generic plan serve. For drizzle's `.limit()`, which writes an SQL object as it is.
 */
export function literalLimit(n: number): number {
  return literalCount(n) as unknown as number;
}

/** A non-negative integer written into a query's text (a limit, a row count); anything else throws. */
export function literalCount(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad count ${n}`);
  return sql.raw(String(n));
}
