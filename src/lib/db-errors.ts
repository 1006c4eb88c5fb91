type DriverError = { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };

/**
 * The error in `err`, or in what it wraps (drizzle puts the driver's error in `cause`), that
 * carries this SQLSTATE in `code` (postgres.js and PGlite both do), if any.
 */
function withSqlState(err: unknown, code: string): DriverError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as DriverError;
    if (o.code === code) return o;
    e = o.cause;
  }
  return undefined;
}

/** True when `err` is a unique or primary-key violation (SQLSTATE 23505), optionally of one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const o = withSqlState(err, '23505');
  if (!o) return false;
  const name = o.constraint_name ?? o.constraint;
  return constraint === undefined || name === undefined || name === constraint;
}

/** True when `err` is a deadlock PostgreSQL broke by failing this statement (SQLSTATE 40P01). */
export const isDeadlock = (err: unknown): boolean => withSqlState(err, '40P01') !== undefined;

/**
 * Error codes that mean "the database cannot be reached just now", not "this request is wrong":
 * the one list, read by `isDatabaseUnavailable`. A request that meets one is answered 503 with
 * Retry-After (src/http/middleware/errors.tsx), and /readyz reports the database unavailable.
 */
const UNAVAILABLE = new Set([
  // postgres.js: the connection closed under the query, the pool was ended or destroyed, or a
  // connection could not be made within connect_timeout.
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // The operating system: nothing listening, the connection reset or broken, no route, no name.
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL (SQLSTATE): the session was ended by an administrator or a shutdown (57P01), a
  // crash of another backend (57P02), the server is starting or stopping (57P03), the idle
  // session timeout (57P05), or it has no connection slot left (53300).
  '57P01',
  '57P02',
  '57P03',
  '57P05',
  '53300',
]);

/**
 * True when `err`, or what it wraps (drizzle puts the driver's error in `cause`; a failed connect
 * to several addresses is an AggregateError), says the database is unreachable or went away:
 * a code of UNAVAILABLE, or SQLSTATE class 08 (connection exception).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [err];
  while (pending.length > 0 && seen.size < 20) {
    const e = pending.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const o = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string' && (UNAVAILABLE.has(o.code) || /^08[0-9A-Z]{3}$/.test(o.code))) return true;
    pending.push(o.cause);
    if (Array.isArray(o.errors)) pending.push(...o.errors);
  }
  return false;
}
