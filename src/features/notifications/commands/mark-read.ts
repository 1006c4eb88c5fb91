import { and, eq, isNull } from 'drizzle-orm';
import { notifications } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';

/**
 * Who may: the person notified, for their own notifications only (the row is matched on their id:
 * someone else's id is a 404, never a change).
 * Invariants: read_at is set once (marking a read notification again changes nothing).
 * Throws: ForbiddenError (signed out), NotFoundError (not theirs, unknown).
 */
export async function markNotificationRead(deps: Deps, actor: Actor, id: number): Promise<void> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  const [row] = await deps.db.select({ readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, actor.id))).limit(1);
  if (!row) throw new NotFoundError('notification');
  if (row.readAt === null) await deps.db.update(notifications).set({ readAt: deps.clock.now() }).where(and(eq(notifications.id, id), isNull(notifications.readAt)));
}

/** Marks every unread notification of the person read; returns how many changed. */
export async function markAllNotificationsRead(deps: Deps, actor: Actor): Promise<number> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  const rows = await deps.db
    .update(notifications)
    .set({ readAt: deps.clock.now() })
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
