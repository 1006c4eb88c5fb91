import { eq } from 'drizzle-orm';
import { endAllSessions } from '../../../auth/sessions.js';
import { users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import type { RequestOrigin } from '../../../lib/security-log.js';
import { canAdministerPlatform } from '../policy.js';

/**
 * Who may: a platform admin (canAdministerPlatform).
 * Invariants: every session of the account ends (each browser signed in to it is signed out at
 * its next request), in one transaction with the 'admin.end_sessions' event naming the admin and
 * how many sessions ended, and its security event. The account itself is untouched: it can sign in again (suspension is
 * the moderators' tool for keeping someone out, and it ends the sessions the same way).
 * Throws: ForbiddenError; NotFoundError (no such account).
 */
export async function endAccountSessions(deps: Deps, actor: Actor, userId: string, origin: RequestOrigin): Promise<{ ended: number }> {
  const decision = canAdministerPlatform(actor);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return deps.db.transaction(async (tx) => {
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1).for('update');
    if (!account) throw new NotFoundError('user');
    const ended = await endAllSessions(tx, account.id);
    await recordEvent(tx, { actorId: actor!.id, name: 'admin.end_sessions', entityType: 'user', entityId: account.id, payload: { ended } }, deps.clock.now());
    await deps.securityLog.record({ kind: 'sessions.end_all', outcome: 'success', userId: actor!.id, ...origin, detail: { account: account.id, ended, why: 'admin' } }, tx);
    return { ended };
  });
}
