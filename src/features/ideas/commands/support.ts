import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { challenges, ideas, ideaTopics, memberships, organisations, topics } from '../../../db/schema/index.js';
import { InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { challengePhase, type PhaseState } from '../../challenges/phase.js';
import { phaseColumns } from '../../challenges/queries.js';
import type { IdeaStatus, OrgMembershipRef } from '../policy.js';

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

export type LockedIdea = { id: string; challengeId: string; authorId: string | null; status: IdeaStatus; title: string; summary: string; description: string };

/** The idea, locked for the rest of the transaction (so two withdrawals cannot both decrement). */
export async function lockIdea(tx: Db, id: string): Promise<LockedIdea> {
  const [row] = await tx
    .select({ id: ideas.id, challengeId: ideas.challengeId, authorId: ideas.authorId, status: ideas.status, title: ideas.title, summary: ideas.summary, description: ideas.description })
    .from(ideas)
    .where(eq(ideas.id, id))
    .limit(1)
    .for('update');
  if (!row) throw new NotFoundError('idea');
  return row;
}

/** Every topic id must be in the vocabulary. */
export async function checkTopics(tx: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.select({ id: topics.id }).from(topics).where(inArray(topics.id, ids));
  if (found.length !== ids.length) throw new InvalidInputError({ topics: 'ideas.validation.topicUnknown' });
}

export async function replaceTopics(tx: Db, ideaId: string, ids: number[]): Promise<void> {
  await tx.delete(ideaTopics).where(eq(ideaTopics.ideaId, ideaId));
  if (ids.length) await tx.insert(ideaTopics).values(ids.map((topicId) => ({ ideaId, topicId })));
}

/** The actor's organisation memberships, with each organisation's kind. */
export function membershipsOf(tx: Db, userId: string, organisationId: string): Promise<OrgMembershipRef[]> {
  return tx
    .select({ organisationId: memberships.organisationId, kind: organisations.kind })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
}

/**
 * Keeps challenges.idea_count equal to the published, non-withdrawn ideas, and recounts its
 * participants (their distinct authors), after a publish or a withdrawal in this transaction:
 * the challenge page then reads two columns instead of counting on every view.
 */
export async function adjustIdeaCount(tx: Db, challengeId: string, delta: 1 | -1): Promise<void> {
  await tx
    .update(challenges)
    .set({
      ideaCount: sql`greatest(0, ${challenges.ideaCount} + ${delta})`,
      participantCount: sql`(SELECT count(DISTINCT ${ideas.authorId})::int FROM ${ideas} WHERE ${ideas.challengeId} = ${challengeId} AND ${ideas.status} NOT IN ('draft', 'withdrawn'))`,
    })
    .where(eq(challenges.id, challengeId));
}

/**
 * The id of the idea a form's submission key creates: derived from the user and the key, so a
 * repeated submit finds the idea the first one created (UUID layout, version nibble 8 = custom).
 */
export function ideaIdFor(userId: string, submissionKey: string): string {
  const h = createHash('sha256').update(`idea:${userId}:${submissionKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Timestamps the list cursors compare are written with millisecond precision (a JS Date), so a
 * cursor (also a JS Date) never falls between two rows of the same millisecond.
 */
export const nowMs = () => new Date();
