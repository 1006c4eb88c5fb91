import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { retryDeadJob } from '../../../jobs/queue.js';
import { canAdministerPlatform } from '../policy.js';

/**
 * Who may: a platform admin (canAdministerPlatform).
 * Invariants: only a dead job (failed for good, not done) goes back in the queue — attempts from
 * 0, due now, its error cleared; the check and the change are one conditional UPDATE, so two
 * admins retrying at once make one retry, recorded as a 'job.retry' event.
 * Throws: ForbiddenError; NotFoundError (no such job: never was, or deleted by housekeeping);
 * ConflictError('admin.jobs.notDead') (it exists but is not dead: pending, running, done or
 * already retried).
 * The event keeps the kind, not the cleared error: an error's text may quote people's data
 * (an address a mail server refused), and events hold ids and codes only.
 */
export async function retryJob(deps: Deps, actor: Actor, jobId: number): Promise<{ kind: string }> {
  const decision = canAdministerPlatform(actor);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const retried = await deps.db.transaction(async (tx) => {
    const result = await retryDeadJob(tx, jobId);
    if (result === 'not-found') throw new NotFoundError('job');
    if (result === 'not-dead') throw new ConflictError('admin.jobs.notDead');
    await recordEvent(tx, { actorId: actor!.id, name: 'job.retry', entityType: 'job', entityId: String(jobId), payload: { kind: result.kind } }, deps.clock.now());
    return { kind: result.kind };
  });
  deps.nudgeJobs();
  return retried;
}
