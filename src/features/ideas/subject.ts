import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challenges, ideas } from '../../db/schema/index.js';
import { allow, deny, type Decision } from '../../lib/policy.js';
import { NotFoundError } from '../../lib/errors.js';
import type { DiscussionState, Subject, SubjectKind } from '../../lib/subjects.js';
import { challengePhase, getChallenge, type ChallengeStatus, type Phase } from '../challenges/index.js';
import type { IdeaStatus } from './policy.js';

/**
 * Whether an idea's discussion takes new comments: a published idea (not a draft, not
 * withdrawn) of a challenge that is not archived. Everyone may read; a withdrawn idea's
 * discussion stays readable but closed.
 */
export function ideaDiscussionOpen(status: IdeaStatus, phase: Phase): Decision {
  if (status === 'draft') return deny('ideas.discussion.notPublished');
  if (status === 'withdrawn') return deny('ideas.discussion.withdrawn');
  if (phase === 'archived' || phase === 'draft') return deny('ideas.discussion.archived');
  return allow;
}

/**
 * The idea's status and its challenge's phase, read with the idea's row locked against
 * concurrent changes (a withdrawal takes FOR UPDATE), so a comment is never posted on an idea
 * withdrawn at the same moment; comment commands on one idea queue behind each other here.
 * Throws NotFoundError (no idea, a draft challenge).
 */
async function lockIdeaDiscussion(tx: Db, id: string, now: Date): Promise<DiscussionState> {
  const [idea] = await tx.select({ status: ideas.status, challengeId: ideas.challengeId }).from(ideas).where(eq(ideas.id, id)).limit(1).for('no key update');
  if (!idea) throw new NotFoundError('idea');
  const challenge = await getChallenge(tx, idea.challengeId);
  if (!challenge || challenge.status === 'draft') throw new NotFoundError('challenge');
  return { exists: idea.status !== 'draft', open: ideaDiscussionOpen(idea.status, challengePhase(challenge, now).phase) };
}

/** What an idea's status and its challenge's status make of it as a subject (pure: the policy tests use it). */
export function ideaSubjectFacts(status: IdeaStatus, challengeStatus: ChallengeStatus): Pick<Subject, 'state' | 'discussionShown' | 'finished'> {
  return {
    state: challengeStatus === 'draft' ? 'draft' : status,
    discussionShown: status !== 'draft' && status !== 'withdrawn',
    finished: status === 'withdrawn' ? 'follows.policy.ideaWithdrawn' : challengeStatus === 'archived' ? 'follows.policy.challengeArchived' : null,
  };
}

/**
 * An idea as a subject: discussed, followed, notified about. A draft (or an idea of a draft
 * challenge) is seen by its author only, as on its page; a withdrawn idea stays visible but its
 * discussion is closed and kept out of notifications, and it can no longer be followed.
 */
export const ideaSubject: SubjectKind = {
  kind: 'idea',
  async load(db, ids) {
    const rows = await db
      .select({ id: ideas.id, title: ideas.title, status: ideas.status, authorId: ideas.authorId, organisationId: challenges.organisationId, challengeStatus: challenges.status })
      .from(ideas)
      .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
      .where(inArray(ideas.id, [...ids]));
    return rows.map((r) => ({
      id: r.id,
      kind: 'idea',
      label: 'ideas.subject.label',
      title: { text: r.title },
      url: `/ideas/${r.id}`,
      organisationId: r.organisationId,
      ownerIds: r.authorId ? [r.authorId] : [],
      ...ideaSubjectFacts(r.status, r.challengeStatus),
    }));
  },
  canView: (viewer, s) => s.state !== 'draft' || (viewer !== null && s.ownerIds.includes(viewer.id)),
  discussion: { lock: lockIdeaDiscussion },
};
