import { eq } from 'drizzle-orm';
import { hashPassword, passwordProblem } from '../../../auth/password.js';
import { users } from '../../../db/schema/index.js';
import type { Locale } from '../../../i18n/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { InvalidInputError } from '../../../lib/errors.js';
import { enqueueAccountMail } from '../mail.js';
import { hasLink } from '../../moderation/index.js';

type Input = { displayName: string; email: string; password: string; locale: Locale };

/**
 * Anyone may sign up. The outcome looks the same whether or not the email is registered (no
 * enumeration): a new address gets a verification link, a known one a "you already have an
 * account" mail (both made and sent by accountMailJob). Nothing is stored for a known address.
 * Throws InvalidInputError for a weak password, or a web address in the name.
 */
export async function signUp(deps: Deps, input: Input): Promise<void> {
  // Every account is new at sign-up: no web address in the name (see updateProfile).
  if (hasLink(input.displayName)) throw new InvalidInputError({ displayName: 'moderation.newAccount.nameLink' });
  const problem = await passwordProblem(input.password);
  if (problem) throw new InvalidInputError({ password: problem });
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) {
      await enqueueAccountMail(tx, 'existing', existing.id);
      return;
    }
    const inserted = await tx
      .insert(users)
      .values({ email: input.email, displayName: input.displayName, passwordHash, locale: input.locale })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const user = inserted[0];
    if (!user) return; // the same address signed up concurrently: the first one wins, nothing doubled
    await enqueueAccountMail(tx, 'verify', user.id);
    await recordEvent(tx, { actorId: user.id, name: 'user.sign_up', entityType: 'user', entityId: user.id, payload: {} }, deps.clock.now());
  });
  deps.nudgeJobs();
}
