import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { count, eq, inArray, sql } from 'drizzle-orm';
import { events, jobs, notifications, outboxMessages, rateLimits, sessions, subjects, submissionKeys, userTokens } from '../../src/db/schema/index.js';
import { cleanUp, HOUSEKEEPING_SCHEDULE } from '../../src/features/housekeeping/clean-up.js';
import { expireMailSpool } from '../../src/jobs/mail.js';
import { enqueueJob } from '../../src/jobs/queue.js';
import { enqueueScheduled } from '../../src/jobs/schedule.js';
import { createTestEnvOn } from '../support/app.js';
import { createUser, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db } = useTestEnv();
const ago = (days: number) => new Date(Date.now() - days * DAY);
const tag = () => Math.random().toString(36).slice(2, 10);

/** One row of each kind `days` after it ended (negative: still live), tagged so each test sees its own. */
async function rows(userId: string, t: string, days: number) {
  await db().insert(sessions).values({ idHash: `s-${t}`, userId, expiresAt: ago(days), createdAt: ago(Math.max(days, 0) + 1), csrfToken: 'x' });
  await db().insert(userTokens).values({ tokenHash: `t-${t}`, userId, purpose: 'verify_email', expiresAt: ago(days) });
  await db().insert(submissionKeys).values({ key: `k-${t}`, userId, resultId: 'r', createdAt: ago(days) });
  await db().insert(rateLimits).values({ key: `r-${t}`, points: 1, expire: ago(days) });
  await db().insert(jobs).values([
    { kind: 'test.done', payload: {}, dedupeKey: `jd-${t}`, doneAt: ago(days) },
    { kind: 'test.failed', payload: {}, dedupeKey: `jf-${t}`, failedAt: ago(days) },
  ]);
  // A notification read `days` ago, and one never read (kept whatever its age).
  const [subject] = await db().insert(subjects).values({ id: randomUUID(), kind: 'test' }).returning();
  const [event] = await db().insert(events).values({ name: 'comment.post', actorId: null, entityType: 'test', entityId: t, payload: {} }).returning();
  const notice = { userId, eventId: event!.id, subjectId: subject!.id, reason: 'follower', message: `n-${t}` };
  await db().insert(notifications).values(notice);
  await db().update(notifications).set({ readAt: ago(days) }).where(eq(notifications.message, `n-${t}`));
  const [other] = await db().insert(events).values({ name: 'comment.post', actorId: null, entityType: 'test', entityId: t, payload: {} }).returning();
  await db().insert(notifications).values({ ...notice, eventId: other!.id, message: `u-${t}`, createdAt: ago(400) });
  await db().insert(outboxMessages).values({ to: `o-${t}@example.org`, subject: 'Sent', text: 'Kept for admins', createdAt: ago(days) });
}

async function left(t: string) {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
  return {
    sessions: await n(db().select({ n: count() }).from(sessions).where(eq(sessions.idHash, `s-${t}`))),
    tokens: await n(db().select({ n: count() }).from(userTokens).where(eq(userTokens.tokenHash, `t-${t}`))),
    submissionKeys: await n(db().select({ n: count() }).from(submissionKeys).where(eq(submissionKeys.key, `k-${t}`))),
    rateLimits: await n(db().select({ n: count() }).from(rateLimits).where(eq(rateLimits.key, `r-${t}`))),
    jobs: await n(db().select({ n: count() }).from(jobs).where(inArray(jobs.dedupeKey, [`jd-${t}`, `jf-${t}`]))),
    notifications: await n(db().select({ n: count() }).from(notifications).where(eq(notifications.message, `n-${t}`))),
    unread: await n(db().select({ n: count() }).from(notifications).where(eq(notifications.message, `u-${t}`))),
    outbox: await n(db().select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.to, `o-${t}@example.org`))),
  };
}

const none = { sessions: 0, tokens: 0, submissionKeys: 0, rateLimits: 0, jobs: 0, notifications: 0, unread: 1, outbox: 0 };
const all = { sessions: 1, tokens: 1, submissionKeys: 1, rateLimits: 1, jobs: 2, notifications: 1, unread: 1, outbox: 1 };

describe('housekeeping', () => {
  it('deletes what ended more than the retention period ago, keeps the rest, and runs daily from the job queue', async () => {
    const user = await createUser(db());
    const [old, recent, live] = [tag(), tag(), tag()];
    await rows(user.id, old, 31);
    await rows(user.id, recent, 29);
    await rows(user.id, live, -1);
    // A session whose idle expiry is still ahead but whose absolute lifetime (30 days) ended long ago.
    await db().insert(sessions).values({ idHash: `s-abs-${old}`, userId: user.id, expiresAt: ago(-5), createdAt: ago(61), csrfToken: 'x' });

    await db().delete(jobs).where(eq(jobs.kind, HOUSEKEEPING_SCHEDULE.kind));
    await enqueueScheduled(db(), HOUSEKEEPING_SCHEDULE, new Date());
    await enqueueScheduled(db(), HOUSEKEEPING_SCHEDULE, new Date()); // a second instance starting the same day
    expect(await db().select().from(jobs).where(eq(jobs.kind, HOUSEKEEPING_SCHEDULE.kind))).toHaveLength(1);
    expect(await env.drainJobs()).toBeGreaterThanOrEqual(1);

    expect(await left(old)).toEqual(none);
    expect((await db().select({ n: count() }).from(sessions).where(eq(sessions.idHash, `s-abs-${old}`)))[0]!.n).toBe(0);
    expect(await left(recent)).toEqual(all);
    expect(await left(live)).toEqual(all);

    // The next run is queued for the start of tomorrow (UTC).
    const queued = await db().select().from(jobs).where(eq(jobs.kind, HOUSEKEEPING_SCHEDULE.kind)).orderBy(jobs.id);
    expect(queued).toHaveLength(2);
    expect(queued[0]!.doneAt).not.toBeNull();
    expect(queued[1]!.doneAt).toBeNull();
    expect(queued[1]!.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(queued[1]!.runAt.getTime() % DAY).toBe(0);
  });

  it('follows RETENTION_DAYS, and takes the time from the clock', async () => {
    const user = await createUser(db());
    const t = tag();
    await rows(user.id, t, 12);
    const short = createTestEnvOn(env, { env: { RETENTION_DAYS: '10' } });
    try {
      // Ten days ago, nothing had ended ten days before.
      await cleanUp(db(), ago(10), short.config.retentionDays);
      expect(await left(t)).toEqual(all);
      const report = await cleanUp(db(), new Date(), short.config.retentionDays);
      expect(await left(t)).toEqual(none);
      expect(report.tokens).toBeGreaterThanOrEqual(1);
    } finally {
      await short.close();
    }
  });

  it('deletes in batches: more rows than one batch all go', async () => {
    const user = await createUser(db());
    const t = tag();
    await db().execute(
      sql`INSERT INTO submission_keys (key, user_id, result_id, created_at) SELECT ${'bulk-' + t + '-'} || g, ${user.id}::uuid, 'r', now() - interval '40 days' FROM generate_series(1, 5200) g`,
    );
    const report = await cleanUp(db(), new Date(), 30);
    expect(report.submissionKeys).toBeGreaterThanOrEqual(5200);
    expect((await db().select({ n: count() }).from(submissionKeys).where(sql`${submissionKeys.key} like ${'bulk-' + t + '-%'}`))[0]!.n).toBe(0);
  });

  it('keeps jobs the queue finished or killed until the retention period is over, and never a pending one', async () => {
    const t = tag();
    await db().delete(jobs).where(sql`${jobs.doneAt} IS NULL AND ${jobs.failedAt} IS NULL`); // only this test's jobs are due
    const user = await createUser(db());
    await enqueueJob(db(), 'accounts.mail', { mail: 'existing', userId: user.id }, { dedupeKey: `hk-done-${t}` });
    // A payload that fails its schema: dead at once, through the queue itself.
    await db().insert(jobs).values({ kind: 'accounts.mail', payload: { mail: 7 }, dedupeKey: `hk-dead-${t}` });
    // Waiting (e.g. a dead job an admin retried, or a scheduled run): never deleted, however old.
    await db().insert(jobs).values({ kind: 'accounts.mail', payload: {}, dedupeKey: `hk-pending-${t}`, createdAt: ago(400), runAt: ago(-1) });
    expect(await env.drainJobs()).toBe(2);
    const state = async () =>
      Object.fromEntries(
        (await db().select({ key: jobs.dedupeKey, done: jobs.doneAt, failed: jobs.failedAt }).from(jobs).where(sql`${jobs.dedupeKey} like ${'hk-%-' + t}`)).map((r) => [
          r.key!.split('-')[1],
          r.done ? 'done' : r.failed ? 'dead' : 'pending',
        ]),
      );
    expect(await state()).toEqual({ done: 'done', dead: 'dead', pending: 'pending' });
    await cleanUp(db(), ago(-29), 30); // 29 days on: all kept
    expect(await state()).toEqual({ done: 'done', dead: 'dead', pending: 'pending' });
    await cleanUp(db(), ago(-31), 30); // 31 days on: the finished and the dead go, the pending stays
    expect(await state()).toEqual({ pending: 'pending' });
  });

  it('empties the development mail spool of messages older than 7 days (they hold working links), and nothing else', async () => {
    const spool = path.join(env.config.dataDir, 'mail');
    fs.mkdirSync(spool, { recursive: true });
    const file = (name: string, days: number) => {
      const p = path.join(spool, name);
      fs.writeFileSync(p, `To: someone@example.org\n\n${name}`);
      fs.utimesSync(p, ago(days), ago(days));
      return name;
    };
    const old = [file(`old-${tag()}.eml`, 8), file(`older-${tag()}.eml`, 40)];
    const kept = [file(`recent-${tag()}.eml`, 6), file(`today-${tag()}.eml`, 0), file(`notes-${tag()}.txt`, 40)];

    await db().delete(jobs).where(eq(jobs.kind, HOUSEKEEPING_SCHEDULE.kind));
    await enqueueScheduled(db(), HOUSEKEEPING_SCHEDULE, new Date());
    expect(await env.drainJobs()).toBeGreaterThanOrEqual(1);

    const left = fs.readdirSync(spool);
    for (const name of old) expect(left).not.toContain(name);
    for (const name of kept) expect(left).toContain(name);
    expect(await expireMailSpool(path.join(env.config.dataDir, 'no-such-dir'), new Date())).toBe(0); // no spool: nothing to do
  });
});
