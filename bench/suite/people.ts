/**
 * Signed-in people for write load: verified accounts with a live session each, written straight
 * into the database (no sign-in round trips, no argon2), as a browser would then present them:
 * the session cookie and the CSRF token of the session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';

export type Person = { userId: string; cookie: string; csrf: string };

const DAY = 86_400_000;

/** `n` people with a verified account and (unless `sessions` is false) a session valid a week; one INSERT per 1,000 of each. */
export async function createPeople(sql: Sql, run: string, n: number, label: string, options: { sessions?: boolean } = {}): Promise<Person[]> {
  const people: Person[] = [];
  const now = Date.now();
  for (let start = 0; start < n; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - start) }, (_, i) => ({
      n: start + i,
      id: randomBytes(20).toString('hex'),
      csrf: randomBytes(24).toString('base64url'),
    }));
    // Trusted (a moderator's say): established residents, not new accounts with their hourly post limit.
    const users = await sql<{ id: string }[]>`
      INSERT INTO users ${sql(batch.map((b) => ({ email: `bench-${run}-${label}-${b.n}@example.org`, display_name: `Bench ${label} ${b.n}`, password_hash: 'x', email_verified_at: new Date(), trust: 'trusted' })))}
      RETURNING id`;
    // Valid a week: lucia only extends (and rewrites) a session in its second half.
    if (options.sessions !== false)
      await sql`INSERT INTO sessions ${sql(
        batch.map((b, i) => ({ id_hash: createHash('sha256').update(b.id).digest('hex'), user_id: users[i]!.id, expires_at: new Date(now + 7 * DAY), csrf_token: b.csrf })),
      )}`;
    people.push(...batch.map((b, i) => ({ userId: users[i]!.id, cookie: `cw_session=${b.id}`, csrf: b.csrf })));
  }
  return people;
}

/** A form body as the no-JavaScript form posts it. */
export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
