import { pageScope } from '../../../lib/page-versions.js';
import { and, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { challenges, ideas, ideaTopics, topics } from '../../../db/schema/index.js';
import { InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { challengePhase, phaseColumns, type PhaseState } from '../../challenges/index.js';
import type { IdeaStatus } from '../policy.js';
import { holdForReview, holdReasonFor } from '../../moderation/index.js';
import type { Deps } from '../../../lib/deps.js';

/** The challenge's phase now, read inside the command's transaction. */
export async function challengePhaseIn(tx: Db, challengeId: string, now: Date): Promise<PhaseState> {
  const [c] = await tx
    .select(phaseColumns)
    .from(challenges)
    .where(eq(challenges.id, challengeId))
    .limit(1);
  if (!c || c.status === 'draft') throw new NotFoundError('challenge');
  return challengePhase(c, now);
}

export type LockedIdea = { id: string; challengeId: string; authorId: string | null; status: IdeaStatus; title: string; summary: string; description: string; hiddenAt: Date | null };

/** The idea, locked for the rest of the transaction (so two withdrawals cannot both decrement). */
export async function lockIdea(tx: Db, id: string): Promise<LockedIdea> {
  const [row] = await tx
    .select({ id: ideas.id, challengeId: ideas.challengeId, authorId: ideas.authorId, status: ideas.status, title: ideas.title, summary: ideas.summary, description: ideas.description, hiddenAt: ideas.hiddenAt })
    .from(ideas)
    .where(eq(ideas.id, id))
    .limit(1)
    .for('update');
  if (!row) throw new NotFoundError('idea');
  return row;
}

/**
 * The pages a change to a published idea shows on (src/lib/page-versions.ts): its own, its
 * challenge's list, its author's page, and the site's (directories count ideas; a person's page
 * lists the titles of ideas they commented on).
 */
export const ideaPages = (idea: { id: string; challengeId: string; authorId: string | null }) => [
  pageScope.site,
  pageScope.subject(idea.id),
  pageScope.ideasOf(idea.challengeId),
  ...(idea.authorId ? [pageScope.person(idea.authorId)] : []),
];

/** Every topic id must be in the vocabulary. */
export async function checkTopics(tx: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.select({ id: topics.id }).from(topics).where(inArray(topics.id, ids));
  if (found.length !== ids.length) throw new InvalidInputError({ topics: 'ideas.validation.topicUnknown' });
}

/** The idea's topics become `ids` (checked by checkTopics), each row with the idea's challenge and shuffle key (the topic filter's index). */
export async function replaceTopics(tx: Db, ideaId: string, ids: number[]): Promise<void> {
  await tx.delete(ideaTopics).where(eq(ideaTopics.ideaId, ideaId));
  if (ids.length === 0) return;
  await tx
    .insert(ideaTopics)
    .select(
      tx
        .select({ ideaId: ideas.id, topicId: topics.id, challengeId: ideas.challengeId, shuffleKey: ideas.shuffleKey })
        .from(ideas)
        .innerJoin(topics, inArray(topics.id, ids))
        .where(eq(ideas.id, ideaId)),
    );
}

/**
 * Keeps challenges.idea_count (published, non-withdrawn ideas not hidden by the moderators) and
 * participant_count (their distinct authors) right after `idea` was published, shown again (+1),
 * withdrawn or hidden (-1) in this
 * transaction, at a constant cost whatever the challenge holds: the idea count moves by one, and
 * the participants by one only when the author has no other published idea there (one probe on
 * ideas_author_idx: a person has few ideas). The challenge page then reads two columns instead of
 * counting on every view.
 * The challenge row is locked first, by a statement of its own, so the probe that follows (a
 * later statement, whose READ COMMITTED snapshot includes every idea committed by a submission
 * that held the lock before) cannot miss a concurrent submission by the same person. FOR NO KEY
 * UPDATE, like the UPDATE itself: it does not wait for the KEY SHARE lock that inserting an idea
 * takes on its challenge, so two submissions cannot deadlock here.
 */
export async function adjustIdeaCount(tx: Db, idea: { id: string; challengeId: string; authorId: string | null }, delta: 1 | -1): Promise<void> {
  await tx.select({ id: challenges.id }).from(challenges).where(eq(challenges.id, idea.challengeId)).for('no key update');
  // A person counts once: only their first published idea there (or their last one withdrawn) moves the participants.
  const onlyIdeaOfAuthor =
    idea.authorId !== null &&
    (await tx
      .select({ id: ideas.id })
      .from(ideas)
      .where(and(eq(ideas.authorId, idea.authorId), eq(ideas.challengeId, idea.challengeId), ne(ideas.id, idea.id), notInArray(ideas.status, ['draft', 'withdrawn']), isNull(ideas.hiddenAt)))
      .limit(1)).length === 0;
  await tx
    .update(challenges)
    .set({
      ideaCount: sql`greatest(0, ${challenges.ideaCount} + ${delta})`,
      ...(onlyIdeaOfAuthor ? { participantCount: sql`greatest(0, ${challenges.participantCount} + ${delta})` } : {}),
    })
    .where(eq(challenges.id, idea.challengeId));
}

/**
 * A newly published idea waits for a moderator when its challenge is pre-moderated, or when a new
 * account's idea carries a link (src/features/moderation/hold.ts): hidden, out of the counts, in
 * the queue as held. In the publishing command's transaction, after its event.
 */
export async function holdIfNeeded(deps: Deps, tx: Db, idea: { id: string; challengeId: string; authorId: string | null; text: string }, now: Date): Promise<void> {
  if (!idea.authorId) return;
  const [challenge] = await tx.select({ premoderation: challenges.premoderation }).from(challenges).where(eq(challenges.id, idea.challengeId)).limit(1);
  const reason = await holdReasonFor(tx, idea.authorId, idea.text, challenge?.premoderation !== undefined && challenge.premoderation !== 'off', now);
  if (reason) await holdForReview(deps, tx, 'idea', idea.id, reason, now);
}
