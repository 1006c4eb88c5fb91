/**
 * True when `err` (or what it wraps: drizzle puts the driver's error in `cause`) is a unique or
 * primary-key violation (SQLSTATE 23505), optionally of one named constraint. postgres.js and
 * PGlite both carry SQLSTATE in `code`.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (o.code === '23505') {
      const name = o.constraint_name ?? o.constraint;
      return constraint === undefined || name === undefined || name === constraint;
    }
    e = o.cause;
  }
  return false;
}

/** True when `err` (or what it wraps) is a deadlock PostgreSQL broke by failing this statement (SQLSTATE 40P01). */
export function isDeadlock(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === '40P01') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

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
