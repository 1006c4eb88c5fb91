import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { newToken } from '../../auth/tokens.js';
import type { Db } from '../../db/client.js';
import { invitations, organisations, users } from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { defineJob, enqueueJob, type PayloadOf } from '../../jobs/queue.js';

const DAY = 86_400_000;

/**
 * Sends an invitation's mail, rendered now, in the inviter's language. The job carries the
 * invitation's id only. The invitation was stored sealed (the hash of a token nobody was told);
 * its link's token is made here, just before sending, and replaces the stored hash, so only the
 * link last sent works — a retried send never leaves two working links. An invitation accepted,
 * revoked or expired since is not sent.
 */
export const invitationMailJob = defineJob({
  payload: z.object({ invitationId: z.uuid() }),
  handle: (deps) => async ({ invitationId }) => {
    const now = deps.clock.now();
    const { token, hash } = newToken();
    const [sent] = await deps.db
      .update(invitations)
      .set({ tokenHash: hash })
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .returning({ email: invitations.email, role: invitations.role, title: invitations.title, expiresAt: invitations.expiresAt, organisationId: invitations.organisationId, invitedBy: invitations.invitedBy });
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
        link: `${deps.config.publicUrl}/invitations/${token}`,
      }),
      secrets: [token],
    });
  },
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'organisations.invitation-mail': PayloadOf<typeof invitationMailJob>;
  }
}

/** Queues an invitation's mail (within the command's transaction); the job makes its link and sends it. */
export function enqueueInvitationMail(tx: Db, invitationId: string): Promise<void> {
  return enqueueJob(tx, 'organisations.invitation-mail', { invitationId });
}
