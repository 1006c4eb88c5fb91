import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { challengeRevisions, challenges, challengeTopics, topics } from '../../../db/schema/index.js';
import { InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import type { Actor } from '../../../lib/policy.js';
import { getMembership, type MembershipRef } from '../../organisations/index.js';
import type { ChallengeRef } from '../policy.js';
import type { ChallengeInput } from '../schemas.js';
import { renderMarkdown } from '../../../lib/markdown.js';

/** The challenge row locked for this transaction, and the actor's membership of its council. */
export async function lockChallenge(tx: Db, id: string, actor: Actor): Promise<{ challenge: ChallengeRef & typeof challenges.$inferSelect; membership: MembershipRef }> {
  if (!isUuid(id)) throw new NotFoundError('challenge');
  const [row] = await tx.select().from(challenges).where(eq(challenges.id, id)).for('update').limit(1);
  if (!row) throw new NotFoundError('challenge');
  return { challenge: row, membership: await getMembership(tx, row.organisationId, actor?.id) };
}

/** The topic ids must all be in the vocabulary; otherwise the form says which field is wrong. */
export async function checkTopics(tx: Db, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await tx.select({ id: topics.id }).from(topics).where(inArray(topics.id, unique));
  if (found.length !== unique.length) throw new InvalidInputError({ topics: 'challenges.validation.topic' });
  return unique.sort((a, b) => a - b);
}

export async function replaceTopics(tx: Db, challengeId: string, ids: number[]) {
  await tx.delete(challengeTopics).where(eq(challengeTopics.challengeId, challengeId));
  if (ids.length > 0) await tx.insert(challengeTopics).values(ids.map((topicId) => ({ challengeId, topicId })));
}

/** The stored columns for a challenge's content, dates and settings, with its markdown rendered (and sanitised) once, here. */
export function contentValues(input: ChallengeInput) {
  return {
    title: input.title,
    summary: input.summary,
    brief: input.brief,
    briefHtml: renderMarkdown(input.brief),
    rules: input.rules,
    prize: input.prize,
    titleFr: input.titleFr,
    summaryFr: input.summaryFr,
    briefFr: input.briefFr,
    briefFrHtml: input.briefFr === null ? null : renderMarkdown(input.briefFr),
    submissionsOpenAt: input.submissionsOpenAt,
    submissionsCloseAt: input.submissionsCloseAt,
    votingOpenAt: input.votingOpenAt,
    votingCloseAt: input.votingCloseAt,
    judgingCloseAt: input.judgingCloseAt,
    resultsAt: input.resultsAt,
    voteBudget: input.voteBudget,
    selfSupport: input.selfSupport,
    hideCounts: input.hideCounts,
    confirmRules: input.confirmRules,
    premoderation: input.premoderation,
    responseDays: input.responseDays,
    responseThreshold: input.responseThreshold,
    commentPolicy: input.commentPolicy,
    commentPolicyFr: input.commentPolicyFr,
  };
}

/**
 * Keeps what a change to a published challenge replaced in its history (the challenge's history
 * page): field name → previous value. For changes made elsewhere too (its judging rubric).
 */
export async function recordChallengeRevision(tx: Db, challengeId: string, editedBy: string, before: Record<string, unknown>, at?: Date): Promise<void> {
  await tx.insert(challengeRevisions).values({ challengeId, editedBy, before, ...(at ? { editedAt: at } : {}) });
}
