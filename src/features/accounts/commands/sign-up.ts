import { eq } from 'drizzle-orm';
import { hashPassword, passwordProblem } from '../../../auth/password.js';
import { newToken } from '../../../auth/tokens.js';
import { userTokens, users } from '../../../db/schema/index.js';
import { translator, type Locale } from '../../../i18n/index.js';
import { enqueueMail } from '../../../jobs/mail.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { InvalidInputError } from '../../../lib/errors.js';

export const VERIFY_HOURS = 24;

type Input = { displayName: string; email: string; password: string; locale: Locale };

/**
 * Anyone may sign up. The outcome looks the same whether or not the email is registered (no
 * enumeration): a new address gets a verification link, a known one a "you already have an
 * account" mail. Nothing is stored for a known address. Throws InvalidInputError for a weak password.
 */
export async function signUp(deps: Deps, input: Input): Promise<void> {
  const problem = await passwordProblem(input.password);
  if (problem) throw new InvalidInputError({ password: problem });
  const passwordHash = await hashPassword(input.password);
  const t = translator(input.locale);
  await deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id, displayName: users.displayName, locale: users.locale }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) {
      const tt = translator(existing.locale);
      await enqueueMail(tx, {
        to: input.email,
        subject: tt('mail.existing.subject'),
        text: tt('mail.existing.body', { name: existing.displayName, link: `${deps.config.publicUrl}/sign-in` }),
      });
      return;
    }
    const inserted = await tx
      .insert(users)
      .values({ email: input.email, displayName: input.displayName, passwordHash, locale: input.locale })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const user = inserted[0];
    if (!user) return; // the same address signed up concurrently: the first one wins, nothing doubled
    await sendVerification(deps, tx, { id: user.id, email: input.email, displayName: input.displayName }, t);
    await recordEvent(tx, { actorId: user.id, name: 'user.sign_up', entityType: 'user', entityId: user.id, payload: {} }, deps.clock.now());
  });
  deps.nudgeJobs();
}

/** Creates a verification token and queues its mail (within the caller's transaction). */
export async function sendVerification(
  deps: Deps,
  tx: Deps['db'],
  user: { id: string; email: string; displayName: string },
  t: ReturnType<typeof translator>,
) {
  const { token, hash } = newToken();
  await tx.insert(userTokens).values({
    tokenHash: hash,
    userId: user.id,
    purpose: 'verify_email',
    expiresAt: new Date(deps.clock.now().getTime() + VERIFY_HOURS * 3_600_000),
  });
  await enqueueMail(tx, {
    to: user.email,
    subject: t('mail.verify.subject'),
    text: t('mail.verify.body', { name: user.displayName, link: `${deps.config.publicUrl}/verify-email?token=${token}` }),
  });
}
