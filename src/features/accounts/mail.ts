import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { newToken } from '../../auth/tokens.js';
import type { Db } from '../../db/client.js';
import { userTokens, users } from '../../db/schema/index.js';
import { translator } from '../../i18n/index.js';
import { defineJob, enqueueJob, type PayloadOf } from '../../jobs/queue.js';

export const VERIFY_HOURS = 24;
export const RESET_HOURS = 1;

/** The messages an account is sent: a confirmation link, a reset link, or "you already have an account". */
export type AccountMail = 'verify' | 'reset' | 'existing';

/**
 * Sends an account's mail, rendered now from the account as it is now. The job carries the
 * account's id and the kind of mail only; a link's token is made here, just before sending, and
 * replaces every unused token of the same purpose (deleted in the same transaction), so only
 * the newest link sent works — a retried send never leaves two working links, and a second
 * request ends the first one's link. Nothing is sent to an account deleted since, nor a
 * confirmation link to an address confirmed since.
 */
export const accountMailJob = defineJob({
  payload: z.object({ mail: z.enum(['verify', 'reset', 'existing']), userId: z.uuid() }),
  handle: (deps) => async ({ mail, userId }) => {
    const [user] = await deps.db
      .select({ email: users.email, displayName: users.displayName, locale: users.locale, verifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user) return;
    const t = translator(user.locale);
    const site = deps.config.publicUrl;
    if (mail === 'existing') {
      await deps.mailer.send({ to: user.email, subject: t('mail.existing.subject'), text: t('mail.existing.body', { name: user.displayName, link: `${site}/sign-in` }) });
      return;
    }
    if (mail === 'verify' && user.verifiedAt) return;
    const purpose = mail === 'verify' ? 'verify_email' : 'reset_password';
    const hours = mail === 'verify' ? VERIFY_HOURS : RESET_HOURS;
    const token = await replaceToken(deps.db, userId, purpose, new Date(deps.clock.now().getTime() + hours * 3_600_000));
    const link = oneTimeLink(site, mail === 'verify' ? '/verify-email' : '/reset-password', token);
    await deps.mailer.send({
      to: user.email,
      subject: t(mail === 'verify' ? 'mail.verify.subject' : 'mail.reset.subject'),
      text: t(mail === 'verify' ? 'mail.verify.body' : 'mail.reset.body', { name: user.displayName, link, code: token }),
      secrets: [token],
    });
  },
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'accounts.mail': PayloadOf<typeof accountMailJob>;
  }
}

/**
 * A one-time link that sets the account's password (the reset page), valid `hours`: what
 * create-admin prints for a new admin instead of a password of its making (ASVS V6.4.1: an
 * initial secret made by the system works once and expires soon). Only its hash is stored.
 */
export async function setPasswordLink(db: Db, userId: string, site: string, now: Date, hours: number): Promise<string> {
  const token = await replaceToken(db, userId, 'reset_password', new Date(now.getTime() + hours * 3_600_000));
  return oneTimeLink(site, '/reset-password', token);
}

/**
 * A one-time link: the token after '#' (decision 0068). Browsers never send that part to a server,
 * nor in Referer, so the token is in no request line or log of ours or of a proxy; the page's
 * script puts it in the form, which posts it in the body (ASVS V14.2.1).
 */
const oneTimeLink = (site: string, path: '/verify-email' | '/reset-password', token: string) => `${site}${path}#${token}`;

/** The account's new one-time token for `purpose` (its hash stored), its unused ones deleted. */
async function replaceToken(db: Db, userId: string, purpose: 'verify_email' | 'reset_password', expiresAt: Date): Promise<string> {
  const { token, hash } = newToken();
  await db.transaction(async (tx) => {
    await tx.delete(userTokens).where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
    await tx.insert(userTokens).values({ tokenHash: hash, userId, purpose, expiresAt });
  });
  return token;
}

/** Queues an account's mail (within the command's transaction); the job renders and sends it. */
export function enqueueAccountMail(tx: Db, mail: AccountMail, userId: string): Promise<void> {
  return enqueueJob(tx, 'accounts.mail', { mail, userId });
}
