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
