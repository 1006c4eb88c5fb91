import { and, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { SESSION_ABSOLUTE_DAYS } from '../../auth/sessions.js';
import { rawRows, type Db } from '../../db/client.js';
import { invitations, jobs, judgeInvitations, notifications, outboxMessages, rateLimits, securityEvents, sessions, submissionKeys, userTokens } from '../../db/schema/index.js';
import { SECURITY_LOG_DAYS } from '../../lib/security-log.js';
import { z } from 'zod';
import { expireMailSpool } from '../../jobs/mail.js';
import { defineJob, type PayloadOf } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';

/** The clean-up as a job (scheduled: no payload); its report goes to the log. */
export const housekeepingJob = defineJob({
  payload: z.object({}).strict(),
  handle: (deps) => async () => {
    const now = deps.clock.now();
    const deleted = await cleanUp(deps.db, now, deps.config.retentionDays);
    // This instance's development mail spool (DATA_DIR/mail): its messages hold working links.
    const mailSpool = await expireMailSpool(deps.config.dataDir, now);
    deps.logger.info('housekeeping', { ...deleted, mailSpool });
  },
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'housekeeping.clean': PayloadOf<typeof housekeepingJob>;
  }
}

/** Once a day, whatever the number of instances. */
export const HOUSEKEEPING_SCHEDULE: Schedule = { kind: 'housekeeping.clean', every: 'day' };

const DAY = 86_400_000;
/** Rows deleted per statement, so no delete holds its locks for long on a large table. */
const BATCH = 5_000;

export type CleanUpReport = {
  sessions: number;
  tokens: number;
  invitations: number;
  judgeInvitations: number;
  submissionKeys: number;
  rateLimits: number;
  jobs: number;
  notifications: number;
  outbox: number;
  voteOrigins: number;
  securityEvents: number;
};

/** Deletes the rows matching `where`, BATCH at a time, by primary key; returns how many. */
async function deleteInBatches(db: Db, table: PgTable, key: PgColumn, where: SQL | undefined): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db.select({ key }).from(table).where(where).limit(BATCH);
    const deleted = await db.delete(table).where(inArray(key, batch)).returning({ key });
    total += deleted.length;
    if (deleted.length < BATCH) return total;
  }
}

/**
 * Erases the network and browser hashes of supports (src/features/votes/origin.ts) in challenges
 * whose voting ended (closing date, or closed early) before `cutoff`: the anomaly report needs
 * them while the vote is looked at, not after. BATCH rows per statement; returns how many.
 */
async function eraseVoteOrigins(db: Db, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const erased = await rawRows<{ n: number }>(
      db,
      sql`WITH batch AS (
            SELECT v.idea_id, v.user_id FROM idea_votes AS v JOIN challenges AS c ON c.id = v.challenge_id
            WHERE (v.network IS NOT NULL OR v.agent IS NOT NULL)
              AND least(coalesce(c.closed_early_at, 'infinity'), coalesce(c.voting_close_at, 'infinity')) < ${cutoff.toISOString()}::timestamptz
            LIMIT ${BATCH}::int
          ), erased AS (
            UPDATE idea_votes AS v SET network = NULL, agent = NULL FROM batch WHERE v.idea_id = batch.idea_id AND v.user_id = batch.user_id RETURNING 1
          )
          SELECT count(*)::int AS n FROM erased`,
    );
    const n = Number(erased[0]?.n ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Deletes what has served its purpose and has been over for longer than the retention period
 * (RETENTION_DAYS): ended sessions (idle expiry or absolute lifetime passed), expired
 * verification and reset tokens, expired invitations to an organisation or a judging panel
 * (accepted or not: the membership or the judge row and the event are the record; the
 * tables are small, so no index on expires_at), submission keys (a form resent after that long
 * makes a new row), expired rate-limit counters, jobs that finished or failed for good, notifications read
 * that long ago (unread ones stay, however old; the events they came from are the record), and
 * outbox messages (kept for platform admins when there is no SMTP server); and erases the origin
 * hashes of supports in challenges whose voting ended that long ago (eraseVoteOrigins). The
 * security event log is kept SECURITY_LOG_DAYS (365), whatever RETENTION_DAYS says.
 */
export async function cleanUp(db: Db, now: Date, retentionDays: number): Promise<CleanUpReport> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY);
  const sessionsCutoff = new Date(cutoff.getTime() - SESSION_ABSOLUTE_DAYS * DAY);
  return {
    sessions: await deleteInBatches(db, sessions, sessions.idHash, or(lt(sessions.expiresAt, cutoff), lt(sessions.createdAt, sessionsCutoff))),
    tokens: await deleteInBatches(db, userTokens, userTokens.tokenHash, lt(userTokens.expiresAt, cutoff)),
    invitations: await deleteInBatches(db, invitations, invitations.id, lt(invitations.expiresAt, cutoff)),
    judgeInvitations: await deleteInBatches(db, judgeInvitations, judgeInvitations.id, lt(judgeInvitations.expiresAt, cutoff)),
    submissionKeys: await deleteInBatches(db, submissionKeys, submissionKeys.key, lt(submissionKeys.createdAt, cutoff)),
    rateLimits: await deleteInBatches(db, rateLimits, rateLimits.key, and(isNotNull(rateLimits.expire), lt(rateLimits.expire, cutoff))),
    jobs: await deleteInBatches(db, jobs, jobs.id, sql`(${jobs.doneAt} < ${cutoff.toISOString()}::timestamptz OR ${jobs.failedAt} < ${cutoff.toISOString()}::timestamptz)`),
    notifications: await deleteInBatches(db, notifications, notifications.id, lt(notifications.readAt, cutoff)),
    outbox: await deleteInBatches(db, outboxMessages, outboxMessages.id, lt(outboxMessages.createdAt, cutoff)),
    voteOrigins: await eraseVoteOrigins(db, cutoff),
    // Its own period, by the database's clock: the append-only trigger allows exactly these rows.
    securityEvents: await deleteInBatches(db, securityEvents, securityEvents.id, lt(securityEvents.at, sql`now() - make_interval(days => ${SECURITY_LOG_DAYS}::int)`)),
  };
}
