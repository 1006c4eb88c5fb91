import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { comments, ideas, moderationItems, users } from '../../db/schema/index.js';
import { recordEvent } from '../../jobs/events.js';
import type { Deps } from '../../lib/deps.js';
import { AWAITING } from './rules.js';
import { TRUSTED_AFTER_MS } from './policy.js';

export type HoldReason = 'premoderation' | 'newAccountLinks';

/** A web address in a text (what a new account may not post without a moderator looking first). */
const LINK = /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\.[a-z]/i;
export const hasLink = (text: string) => LINK.test(text);

/**
 * Whether an account is new: younger than a day, or with nothing of theirs shown yet (no idea
 * published and no comment that is not hidden or deleted); a moderator's say (users.trust)
 * overrides both. Two index probes at most.
 */
export async function isNewAccount(tx: Db, userId: string, now: Date): Promise<boolean> {
  const [u] = await tx.select({ createdAt: users.createdAt, trust: users.trust }).from(users).where(eq(users.id, userId)).limit(1);
  if (!u) return true;
  if (u.trust) return u.trust === 'new';
  if (now.getTime() - u.createdAt.getTime() < TRUSTED_AFTER_MS) return true;
  const [shown] = await tx
    .select({ one: sql<number>`1` })
    .from(comments)
    .where(and(eq(comments.authorId, userId), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
    .limit(1);
  if (shown) return false;
  const [idea] = await tx
    .select({ one: sql<number>`1` })
    .from(ideas)
    .where(and(eq(ideas.authorId, userId), ne(ideas.status, 'draft'), isNull(ideas.hiddenAt)))
    .limit(1);
  return !idea;
}

/** Why this new content waits for a moderator: the place is pre-moderated, or a new account posts a link; null: it appears at once. */
export async function holdReasonFor(tx: Db, authorId: string, text: string, premoderated: boolean, now: Date): Promise<HoldReason | null> {
  if (premoderated) return 'premoderation';
  if (hasLink(text) && (await isNewAccount(tx, authorId, now))) return 'newAccountLinks';
  return null;
}

/**
 * Holds content that was just posted until a moderator approves it (dismiss shows it) or hides it:
 * hidden through its kind (hidden_rule 'awaiting', out of every list and count), with a queue
 * item in state held that says why. In the posting command's transaction; records
 * moderation.hold with the pages the content left.
 */
export async function holdForReview(deps: Deps, tx: Db, kind: string, id: string, reason: HoldReason, now: Date): Promise<void> {
  const k = deps.reportables.kind(kind);
  if (!k?.setHidden) return;
  const thing = await k.load(tx, id);
  if (!thing) return;
  const subject = thing.subjectId ? await deps.subjects.get(tx, thing.subjectId, 'en') : null;
  const pages = await k.setHidden(tx, id, { rule: AWAITING, at: now });
  const [item] = await tx
    .insert(moderationItems)
    .values({
      targetKind: kind,
      targetId: id,
      subjectId: thing.subjectId,
      organisationId: subject?.organisationId ?? null,
      authorId: thing.authorId,
      state: 'held',
      holdReason: reason,
      snapshot: thing.snapshot,
      firstReportedAt: now,
      lastReportedAt: now,
    })
    .onConflictDoUpdate({ target: [moderationItems.targetKind, moderationItems.targetId], set: { state: 'held', holdReason: reason, lastReportedAt: now, snapshot: thing.snapshot } })
    .returning({ id: moderationItems.id });
  await recordEvent(tx, { actorId: thing.authorId, name: 'moderation.hold', entityType: 'moderation_item', entityId: item!.id, subjectId: thing.subjectId, payload: { kind, reason }, pages }, now);
}
