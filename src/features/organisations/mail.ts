import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { invitations, organisations, users } from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { defineJob, enqueueJob, type PayloadOf } from '../../jobs/queue.js';

const DAY = 86_400_000;

/**
 * Sends an invitation's mail, rendered now, in the inviter's language. The job carries the
 * invitation's id only, and so does the link (decision 0068): it is not a credential, since only
 * the signed-in account of the invited address, confirmed, can accept. An invitation accepted,
 * revoked or expired since is not sent.
 */
export const invitationMailJob = defineJob({
  payload: z.object({ invitationId: z.uuid() }),
  handle: (deps) => async ({ invitationId }) => {
    const now = deps.clock.now();
    const [sent] = await deps.db
      .select({ email: invitations.email, role: invitations.role, title: invitations.title, expiresAt: invitations.expiresAt, organisationId: invitations.organisationId, invitedBy: invitations.invitedBy })
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .limit(1);
    if (!sent) return;
    const [org] = await deps.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, sent.organisationId)).limit(1);
    const [inviter] = sent.invitedBy
      ? await deps.db.select({ displayName: users.displayName, locale: users.locale }).from(users).where(eq(users.id, sent.invitedBy)).limit(1)
      : [];
    if (!org) return;
    const t = translator(inviter?.locale ?? 'en');
    const role = t(`orgs.role.${sent.role}`);
    await deps.mailer.send({
      to: sent.email,
      subject: t('orgs.mail.invite.subject', { organisation: org.name }),
      text: t('orgs.mail.invite.body', {
        inviter: inviter?.displayName ?? org.name,
        organisation: org.name,
        role: sent.title ? `${sent.title} (${role})` : role,
        days: Math.max(1, Math.ceil((sent.expiresAt.getTime() - now.getTime()) / DAY)),
        link: `${deps.config.publicUrl}/invitations/${invitationId}`,
      }),
    });
  },
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'organisations.invitation-mail': PayloadOf<typeof invitationMailJob>;
  }
}

/** Queues an invitation's mail (within the command's transaction); the job renders and sends it. */
export function enqueueInvitationMail(tx: Db, invitationId: string): Promise<void> {
  return enqueueJob(tx, 'organisations.invitation-mail', { invitationId });
}
