import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isDeadlock, isUniqueViolation } from '../../src/lib/db-errors.js';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** As drizzle wraps a driver's error: "Failed query: …" with the driver's error as `cause`. */
const wrapped = (cause: unknown) => new Error('Failed query: select 1', { cause });

describe('isDatabaseUnavailable', () => {
  it.each([
    // postgres.js
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'CONNECT_TIMEOUT',
    // the operating system
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENOTFOUND',
    // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, idle_session_timeout, too_many_connections, class 08
    '57P01',
    '57P02',
    '57P03',
    '57P05',
    '53300',
    '08006',
    '08001',
    '08P01',
  ])('%s means the database cannot be reached, alone or wrapped by drizzle', (code) => {
    expect(isDatabaseUnavailable(coded(code))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(coded(code)))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(wrapped(coded(code))))).toBe(true);
  });

  it('sees an ECONNREFUSED among the attempts of a failed connect (AggregateError)', () => {
    expect(isDatabaseUnavailable(new AggregateError([new Error('x'), coded('ECONNREFUSED')], 'connect failed'))).toBe(true);
  });

  it.each([
    ['a unique violation', coded('23505')],
    ['a serialisation failure', coded('40001')],
    ['a statement cancelled', coded('57014')],
    ['a database dropped (not temporary)', coded('57P04')],
    ['a syntax error', coded('42601')],
    ['a plain error', new Error('boom')],
    ['a plain error wrapping another', wrapped(new Error('boom'))],
    ['a string', 'CONNECTION_CLOSED'],
    ['nothing', undefined],
  ])('%s is not unavailability', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('ends on an error whose cause is itself', () => {
    const e = new Error('loop') as Error & { cause?: unknown };
    e.cause = e;
    expect(isDatabaseUnavailable(e)).toBe(false);
  });

  it('leaves isUniqueViolation as it was', () => {
    expect(isUniqueViolation(wrapped(coded('23505')))).toBe(true);
    expect(isUniqueViolation(coded('CONNECTION_CLOSED'))).toBe(false);
  });
});

describe('isDeadlock', () => {
  it('knows SQLSTATE 40P01, as the driver throws it and as drizzle wraps it, and nothing else', () => {
    expect(isDeadlock(coded('40P01'))).toBe(true);
    expect(isDeadlock(wrapped(coded('40P01')))).toBe(true);
    expect(isDeadlock(coded('23505'))).toBe(false);
    expect(isDeadlock(new Error('deadlock detected'))).toBe(false);
    expect(isDeadlock(undefined)).toBe(false);
  });
});
