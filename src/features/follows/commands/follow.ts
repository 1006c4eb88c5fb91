import { and, eq } from 'drizzle-orm';
import { follows } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import type { Subject } from '../../../lib/subjects.js';
import { canFollow, canUnfollow } from '../policy.js';

/** Which subject: its id, and the kind the URL named when it named one (an idea's id under /challenges is a 404). */
export type FollowRef = { id: string; kind?: string | undefined };

/** The subject, if it exists, is of the expected kind and the public may see it (drafts are nobody's to follow). */
async function followable(deps: Deps, ref: FollowRef): Promise<Subject> {
  const subject = await deps.subjects.get(deps.db, ref.id, 'en');
  if (!subject || (ref.kind && subject.kind !== ref.kind) || !deps.subjects.canView(null, subject)) throw new NotFoundError(ref.kind ?? 'subject');
  return subject;
}

/**
 * Who may: any signed-in person, verified or not (canFollow), on a subject the public can see
 * that can still change.
 * Invariants: at most one row per (person, subject), enforced by the primary key: a repeated or
 * concurrent follow is INSERT … ON CONFLICT DO NOTHING, so it succeeds and stores nothing more.
 * No event: a follow is a private, low-stakes preference, and recording it would only copy what
 * people are interested in into a log others can read.
 * Throws: NotFoundError (unknown, malformed, other kind or draft), ForbiddenError (finished subject).
 */
export async function followSubject(deps: Deps, actor: Actor, ref: FollowRef): Promise<Subject> {
  const subject = await followable(deps, ref);
  const decision = canFollow(actor, subject);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await deps.db.insert(follows).values({ userId: actor!.id, subjectId: subject.id, createdAt: deps.clock.now() }).onConflictDoNothing();
  return subject;
}

/**
 * Who may: any signed-in person, for their own follow only (the row is keyed by their id), on
 * any visible subject, withdrawn or archived included.
 * Invariants: deleting a follow that is not there is not an error (repeated submits are harmless).
 * Throws: NotFoundError (unknown, malformed, other kind or draft).
 */
export async function unfollowSubject(deps: Deps, actor: Actor, ref: FollowRef): Promise<Subject> {
  const subject = await followable(deps, ref);
  const decision = canUnfollow(actor);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await deps.db.delete(follows).where(and(eq(follows.userId, actor!.id), eq(follows.subjectId, subject.id)));
  return subject;
}
