import { pageScope } from '../../../lib/page-versions.js';
import { eq } from 'drizzle-orm';
import { challenges, challengeTopics } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { challengePhase } from '../phase.js';
import { canEditChallenge, canRevealCounts } from '../policy.js';
import { hasSupports } from '../queries.js';
import type { ChallengeInput } from '../schemas.js';
import { checkTopics, contentValues, lockChallenge, recordChallengeRevision, replaceTopics } from './support.js';

/** The fields an edit may change, compared one by one for the revision row. */
export const REVISED_FIELDS = [
  'title',
  'summary',
  'brief',
  'rules',
  'prize',
  'titleFr',
  'summaryFr',
  'briefFr',
  'submissionsOpenAt',
  'submissionsCloseAt',
  'votingOpenAt',
  'votingCloseAt',
  'judgingCloseAt',
  'resultsAt',
  'voteBudget',
  'selfSupport',
  'hideCounts',
  'confirmRules',
  'premoderation',
  'responseDays',
  'responseThreshold',
  'commentPolicy',
  'commentPolicyFr',
  'topics',
] as const;
export type RevisedField = (typeof REVISED_FIELDS)[number];

const comparable = (v: unknown) => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(',') : v);
const stored = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/**
 * Who may: staff of the challenge's council or a platform admin, while it is a draft or
 * published (canEditChallenge).
 * Invariants: editing a published challenge writes a challenge_revisions row holding the
 * previous values of the fields that changed (none when nothing changed); drafts keep no history.
 * The brief is re-rendered and sanitised. A changed response rule applies to ideas that reach
 * the threshold from now on: due dates already set are commitments made, and stand.
 * "Hide support counts" is switched off only when canRevealCounts allows it, judged on the
 * challenge as it will be (its new dates) and whether anyone supports an idea of it now; it can
 * always be switched on.
 * Throws: NotFoundError; ForbiddenError; InvalidInputError({ topics }),
 * InvalidInputError({ hideCounts }) (switched off during the vote: nothing is stored).
 */
export async function updateChallenge(deps: Deps, actor: Actor, challengeId: string, input: ChallengeInput): Promise<{ changed: RevisedField[] }> {
  return deps.db.transaction(async (tx) => {
    const { challenge, membership } = await lockChallenge(tx, challengeId, actor);
    const decision = canEditChallenge(actor, challenge, membership);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    if (challenge.hideCounts && !input.hideCounts) {
      const phase = challengePhase({ ...challenge, ...input }, deps.clock.now());
      const reveal = canRevealCounts({ hideCounts: true, phase }, await hasSupports(tx, challenge.id));
      if (!reveal.ok) throw new InvalidInputError({ hideCounts: reveal.reason });
    }
    const topicIds = await checkTopics(tx, input.topics);
    const oldTopics = (await tx.select({ id: challengeTopics.topicId }).from(challengeTopics).where(eq(challengeTopics.challengeId, challenge.id)))
      .map((r) => r.id)
      .sort((a, b) => a - b);

    const before: Record<string, unknown> = {};
    const next = { ...input, topics: topicIds };
    const old = { ...challenge, topics: oldTopics };
    for (const f of REVISED_FIELDS) {
      if (comparable(old[f]) !== comparable(next[f])) before[f] = stored(old[f]);
    }
    const changed = Object.keys(before) as RevisedField[];
    if (changed.length === 0) return { changed };

    await tx
      .update(challenges)
      .set({
        ...contentValues(input),
        updatedAt: deps.clock.now(),
      })
      .where(eq(challenges.id, challenge.id));
    if (before['topics'] !== undefined) await replaceTopics(tx, challenge.id, topicIds);
    if (challenge.status === 'published') await recordChallengeRevision(tx, challenge.id, actor!.id, before);
    await recordEvent(tx, { actorId: actor!.id, name: 'challenge.update', entityType: 'challenge', entityId: challenge.id, subjectId: challenge.id, payload: { fields: changed }, pages: [pageScope.site] }, deps.clock.now());
    return { changed };
  });
}
