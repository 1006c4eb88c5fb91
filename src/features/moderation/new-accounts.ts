import type { AppContext } from '../../http/context.js';
import { RateLimitedError } from '../../lib/errors.js';
import { isNewAccount } from './hold.js';
import { newAccountPostLimit } from './limits.js';

/**
 * Counts one new post of the signed-in person against the new accounts' hourly limit, when their
 * account is new; beyond it, a 429 that says why and how long to wait. Called by the routes that
 * post new content, before their command's transaction (the limiter has its own statements).
 */
export async function limitNewAccountPosts(c: AppContext): Promise<void> {
  const user = c.get('user');
  if (!user) return;
  const deps = c.get('deps');
  if (!(await isNewAccount(deps.db, user.id, c.get('now')))) return;
  try {
    await deps.rateLimits.consume(newAccountPostLimit, user.id);
  } catch (err) {
    if (err instanceof RateLimitedError) throw new RateLimitedError(err.retryAfterSeconds, 'moderation.newAccount.limited');
    throw err;
  }
}
