import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { challenges, judgeAssignments, judgeInvitations, judges, judgingSettings, organisations, users } from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { recordEvent } from '../../jobs/events.js';
import { defineJob, enqueueJob, type PayloadOf } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import type { Deps } from '../../lib/deps.js';

const DAY = 86_400_000;
/** Judges with scores still to give are reminded this many days before the judging close date. */
export const REMINDER_DAYS = 3;

/**
 * Sends a judge's invitation (issue 13, point 2), like an organisation's (organisations/mail.ts):
 * the link names the invitation by id (decision 0068). In the inviter's language. An invitation
 * accepted, revoked or expired since is not sent.
 */
export const judgeInvitationMailJob = defineJob({
  payload: z.object({ invitationId: z.uuid() }),
  handle: (deps) => async ({ invitationId }) => {
    const now = deps.clock.now();
    const [sent] = await deps.db
      .select({ email: judgeInvitations.email, expiresAt: judgeInvitations.expiresAt, challengeId: judgeInvitations.challengeId, invitedBy: judgeInvitations.invitedBy })
      .from(judgeInvitations)
      .where(and(eq(judgeInvitations.id, invitationId), isNull(judgeInvitations.acceptedAt), isNull(judgeInvitations.revokedAt), gt(judgeInvitations.expiresAt, now)))
      .limit(1);
    if (!sent) return;
    const [challenge] = await deps.db
      .select({ title: challenges.title, titleFr: challenges.titleFr, council: organisations.name, judgingCloseAt: challenges.judgingCloseAt })
      .from(challenges)
      .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
      .where(eq(challenges.id, sent.challengeId))
      .limit(1);
    if (!challenge) return;
    const [inviter] = sent.invitedBy ? await deps.db.select({ displayName: users.displayName, locale: users.locale }).from(users).where(eq(users.id, sent.invitedBy)).limit(1) : [];
    const locale = inviter?.locale ?? 'en';
    const t = translator(locale);
    const title = locale === 'fr' && challenge.titleFr ? challenge.titleFr : challenge.title;
    await deps.mailer.send({
      to: sent.email,
      subject: t('judging.mail.invite.subject', { challenge: title }),
      text: t('judging.mail.invite.body', {
        inviter: inviter?.displayName ?? challenge.council,
        council: challenge.council,
        challenge: title,
        days: Math.max(1, Math.ceil((sent.expiresAt.getTime() - now.getTime()) / DAY)),
        link: `${deps.config.publicUrl}/judge-invitations/${invitationId}`,
        area: `${deps.config.publicUrl}/judging`,
      }),
    });
  },
});

/** Queues a judge's invitation mail (within the command's transaction). */
export function enqueueJudgeInvitationMail(tx: Db, invitationId: string): Promise<void> {
  return enqueueJob(tx, 'judging.invitation-mail', { invitationId });
}

/**
 * Reminds each judge who still has scores to give, REMINDER_DAYS before the challenge's judging
 * close date: once per judge and deadline (`reminded_at`), in the app (the event 'judging.remind',
 * whose subscriber notifies them) and by mail (reminderMailJob). Only while the panel takes scores. Returns
 * how many judges were reminded.
 */
export async function remindJudges(deps: Deps, now: Date): Promise<number> {
  const soon = new Date(now.getTime() + REMINDER_DAYS * DAY);
  const due = await deps.db
    .select({
      judgeId: judges.id,
      challengeId: challenges.id,
      userId: users.id,
      email: users.email,
      locale: users.locale,
      title: challenges.title,
      titleFr: challenges.titleFr,
      closeAt: challenges.judgingCloseAt,
      left: sql<number>`(SELECT count(*)::int FROM ${judgeAssignments} a WHERE a.judge_id = ${judges.id} AND a.state <> 'submitted' AND a.conflict IS DISTINCT FROM 'declared' AND a.conflict IS DISTINCT FROM 'automatic')`,
    })
    .from(judges)
    .innerJoin(challenges, eq(challenges.id, judges.challengeId))
    .innerJoin(users, eq(users.id, judges.userId))
    .leftJoin(judgingSettings, eq(judgingSettings.challengeId, challenges.id))
    .where(
      and(
        isNull(judges.removedAt),
        eq(challenges.status, 'published'),
        gt(challenges.judgingCloseAt, now),
        lte(challenges.judgingCloseAt, soon),
        isNull(judgingSettings.panelClosedAt),
        isNull(judgingSettings.announcedAt),
        or(isNull(judges.remindedAt), sql`${judges.remindedAt} < ${challenges.judgingCloseAt} - make_interval(days => ${REMINDER_DAYS})`),
      ),
    )
    .limit(1000);
  let reminded = 0;
  for (const j of due.filter((d) => d.left > 0)) {
    await deps.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(judges)
        .set({ remindedAt: now })
        .where(and(eq(judges.id, j.judgeId), or(isNull(judges.remindedAt), lt(judges.remindedAt, new Date(j.closeAt!.getTime() - REMINDER_DAYS * DAY)))))
        .returning({ id: judges.id });
      if (!claimed) return;
      // The in-app notice (the event's subscriber) and the mail (its job) leave with the claim, or neither does.
      await recordEvent(tx, { actorId: null, name: 'judging.remind', entityType: 'judge', entityId: j.judgeId, subjectId: j.challengeId, payload: { judgeId: j.judgeId, left: j.left } }, now);
      await enqueueJob(tx, 'judging.remind-mail', { judgeId: j.judgeId, left: j.left });
      reminded++;
    });
  }
  if (reminded) deps.nudgeJobs();
  return reminded;
}

/** A judge's reminder by mail, in their language (queued by remindJudges). */
export const reminderMailJob = defineJob({
  payload: z.object({ judgeId: z.uuid(), left: z.number().int().min(1) }),
  handle: (deps) => async ({ judgeId, left }) => {
    const [j] = await deps.db
      .select({ email: users.email, locale: users.locale, title: challenges.title, titleFr: challenges.titleFr, closeAt: challenges.judgingCloseAt, challengeId: challenges.id })
      .from(judges)
      .innerJoin(users, eq(users.id, judges.userId))
      .innerJoin(challenges, eq(challenges.id, judges.challengeId))
      .where(eq(judges.id, judgeId))
      .limit(1);
    if (!j || !j.closeAt) return;
    const t = translator(j.locale);
    const title = j.locale === 'fr' && j.titleFr ? j.titleFr : j.title;
    await deps.mailer.send({
      to: j.email,
      subject: t('judging.mail.remind.subject', { challenge: title }),
      text: t('judging.mail.remind.body', { challenge: title, count: left, days: Math.max(1, Math.ceil((j.closeAt.getTime() - deps.clock.now().getTime()) / DAY)), link: `${deps.config.publicUrl}/judging/${j.challengeId}` }),
    });
  },
});

/** The reminders as a scheduled job (no payload). */
export const remindJob = defineJob({
  payload: z.object({}).strict(),
  handle: (deps) => async () => {
    const reminded = await remindJudges(deps, deps.clock.now());
    if (reminded) deps.logger.info('judging: judges reminded of the deadline', { reminded });
  },
});

export const REMIND_SCHEDULE: Schedule = { kind: 'judging.remind', every: 'hour' };

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'judging.invitation-mail': PayloadOf<typeof judgeInvitationMailJob>;
    'judging.remind': PayloadOf<typeof remindJob>;
    'judging.remind-mail': PayloadOf<typeof reminderMailJob>;
  }
}
