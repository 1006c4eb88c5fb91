import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobs, outboxMessages, sessions, users } from '../../db/schema/index.js';
import { BadRequestError } from '../../lib/errors.js';
import { decodeCursor, page, stampOf } from '../../lib/pagination.js';

export const OUTBOX_PAGE = 50;

export function listOutbox(db: Db) {
  return db
    .select({ id: outboxMessages.id, to: outboxMessages.to, subject: outboxMessages.subject, createdAt: outboxMessages.createdAt })
    .from(outboxMessages)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(OUTBOX_PAGE);
}

export async function getOutboxMessage(db: Db, id: string) {
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1);
  return row ?? null;
}

export const DEAD_JOBS_PAGE = 50;

export type DeadJob = { id: number; kind: string; attempts: number; lastError: string | null; failedAt: Date };

/** A page cursor of the dead-jobs list: the failed_at stamp and the id (bigint, as digits). */
function afterDeadJob(after: string | undefined) {
  if (!after) return undefined;
  const [stamp, id] = decodeCursor(after, ['stamp', 'text']);
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new BadRequestError();
  // (failed_at, id) before the cursor's, newest first: "<=" on failed_at is the index bound, the rest a filter.
  return sql`${jobs.failedAt} <= ${stamp}::timestamptz and (${jobs.failedAt} < ${stamp}::timestamptz or ${jobs.id} < ${id}::bigint)`;
}

/**
 * Jobs that failed for good (dead), newest first, keyset-paginated on jobs_failed_at_idx: one
 * query whatever the page's length.
 */
export async function listDeadJobs(db: Db, options: { after?: string; limit?: number } = {}) {
  const limit = Math.min(Math.max(1, options.limit ?? DEAD_JOBS_PAGE), 100);
  const rows = await db
    .select({ id: jobs.id, kind: jobs.kind, attempts: jobs.attempts, lastError: jobs.lastError, failedAt: jobs.failedAt, stamp: stampOf(jobs.failedAt) })
    .from(jobs)
    .where(and(isNotNull(jobs.failedAt), isNull(jobs.doneAt), afterDeadJob(options.after)))
    .orderBy(desc(jobs.failedAt), desc(jobs.id))
    .limit(limit + 1);
  return page(
    rows,
    limit,
    (r) => [r.stamp, String(r.id)],
    ({ stamp: _s, failedAt, ...r }): DeadJob => ({ ...r, failedAt: failedAt! }),
  );
}

/** An account found by its exact address, with how many sessions it has in force (the admin's "Accounts" page). */
export async function findAccount(db: Db, email: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      createdAt: users.createdAt,
      isAdmin: users.isAdmin,
      suspendedAt: users.suspendedAt,
      suspendedUntil: users.suspendedUntil,
      sessions: sql<number>`(SELECT count(*)::int FROM ${sessions} WHERE ${sessions.userId} = ${users.id} AND ${sessions.expiresAt} > now())`,
    })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return row ? { ...row, sessions: Number(row.sessions) } : null;
}
