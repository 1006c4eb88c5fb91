import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError } from '../../../lib/errors.js';
import { resendVerification } from './verify-email.js';

/**
 * Anyone may ask for a new confirmation link for an address (the "check your email" page after
 * sign-up, where nobody is signed in yet). Only an account waiting for confirmation gets one; the
 * outcome never says whether the address is registered or confirmed (no enumeration), like a
 * password reset. The route rate-limits it per client address and per address.
 */
export async function resendVerificationTo(deps: Deps, email: string): Promise<void> {
  const [user] = await deps.db.select({ id: users.id, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.email, email)).limit(1);
  if (!user || user.verifiedAt) return;
  try {
    await resendVerification(deps, user.id);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err; // confirmed meanwhile: nothing to send
  }
}
