import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { ideas } from '../../../db/schema/index.js';
import { ConflictError } from '../../../lib/errors.js';
import { votesFollowStatus } from '../../votes/index.js';
import { isPublished, type IdeaStatus } from '../policy.js';

/**
 * Moves a published idea to another published status, inside the caller's transaction (the
 * caller holds the idea's row lock and has checked who may, and canChangeIdeaStatus). Both
 * statuses count as published, so challenges.idea_count and participant_count stay as they
 * are; a move into or out of draft/withdrawn belongs to publishIdea/withdrawIdea, which
 * maintain those counts. The supporters' budgets follow (votesFollowStatus): "not taken
 * forward" gives them their supports back, as a withdrawal does, and taking the idea up again
 * counts them again.
 * Throws: ConflictError when the idea is no longer in `from` (or a move would change the counts).
 */
export async function setIdeaStatus(tx: Db, ideaId: string, from: IdeaStatus, to: IdeaStatus): Promise<void> {
  if (!isPublished(from) || !isPublished(to)) throw new ConflictError('error.conflict.body');
  const moved = await tx
    .update(ideas)
    .set({ status: to })
    .where(and(eq(ideas.id, ideaId), eq(ideas.status, from)))
    .returning({ id: ideas.id });
  if (moved.length !== 1) throw new ConflictError('error.conflict.body');
  await votesFollowStatus(tx, ideaId, from, to);
}

/**
 * The idea has had an official answer: its first answer's time is kept (responded_at), and
 * the response commitment is met (response_due_at cleared, so it leaves the awaiting and
 * overdue lists).
 */
export async function markIdeaResponded(tx: Db, ideaId: string, at: Date): Promise<void> {
  await tx
    .update(ideas)
    .set({ respondedAt: sql`coalesce(${ideas.respondedAt}, ${at.toISOString()}::timestamptz)`, responseDueAt: null })
    .where(eq(ideas.id, ideaId));
}
