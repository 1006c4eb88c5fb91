import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challenges, ideas } from '../../db/schema/index.js';
import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';
import type { Locale } from '../../i18n/index.js';
import { localise } from '../../i18n/localise.js';
import { NotFoundError } from '../../lib/errors.js';
import { pageScope } from '../../lib/page-versions.js';
import type { DiscussionState, DiscussionView, Subject, SubjectKind } from '../../lib/subjects.js';
import { challengePhase, getChallenge, type ChallengeStatus, type Phase } from '../challenges/index.js';
import { canViewIdea, type IdeaStatus } from './policy.js';
import { getIdea } from './queries.js';

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

/** An idea's discussion as its page shows it (the idea page builds it from what it loaded; the kind's view loads it). */
export function ideaDiscussionView(
  idea: { id: string; title: string; status: IdeaStatus; commentCount: number },
  challenge: { commentPolicy: string; commentPolicyFr: string | null },
  phase: Phase,
  locale: Locale,
): DiscussionView {
  const policy = localise(locale, challenge.commentPolicy.trim(), challenge.commentPolicyFr?.trim());
  return {
    subjectId: idea.id,
    url: `/ideas/${idea.id}`,
    title: idea.title,
    shown: idea.status !== 'draft',
    count: idea.commentCount,
    // No policy in either language: the platform's default (empty text, in the page's language).
    policy: policy.text ? policy : { text: '' },
    open: ideaDiscussionOpen(idea.status, phase),
  };
}

/** The idea as this viewer may see it (a draft only by its author) in a challenge that is not a draft; else null. */
async function viewIdeaDiscussion(db: Db, id: string, actor: Actor, locale: Locale, now: Date): Promise<DiscussionView | null> {
  const idea = await getIdea(db, id);
  if (!idea || idea.hiddenAt || !canViewIdea(actor, idea).ok) return null;
  const challenge = await getChallenge(db, idea.challengeId);
  if (!challenge || challenge.status === 'draft') return null;
  return ideaDiscussionView(idea, challenge, challengePhase(challenge, now).phase, locale);
}

/**
 * The idea's status and its challenge's phase, read with the idea's row locked against
 * concurrent changes (a withdrawal takes FOR UPDATE), so a comment is never posted on an idea
 * withdrawn at the same moment; comment commands on one idea queue behind each other here.
 * Throws NotFoundError (no idea, a draft challenge).
 */
async function lockIdeaDiscussion(tx: Db, id: string, now: Date): Promise<DiscussionState> {
  const [idea] = await tx.select({ status: ideas.status, challengeId: ideas.challengeId, hiddenAt: ideas.hiddenAt }).from(ideas).where(eq(ideas.id, id)).limit(1).for('no key update');
  if (!idea) throw new NotFoundError('idea');
  const challenge = await getChallenge(tx, idea.challengeId);
  if (!challenge || challenge.status === 'draft') throw new NotFoundError('challenge');
  return {
    exists: idea.status !== 'draft' && idea.hiddenAt === null, // hidden by the moderators: its discussion is not there for anyone
    open: ideaDiscussionOpen(idea.status, challengePhase(challenge, now).phase),
    pages: [pageScope.subject(id)], // the idea page, and its card's comment count wherever a list shows it (pageShows)
    premoderated: challenge.premoderation === 'ideasAndComments',
  };
}

/** What an idea's status and its challenge's status make of it as a subject (pure: the policy tests use it). */
export function ideaSubjectFacts(status: IdeaStatus, challengeStatus: ChallengeStatus, hidden = false): Pick<Subject, 'state' | 'discussionShown' | 'finished'> {
  if (hidden && challengeStatus !== 'draft' && status !== 'draft') return { state: 'hidden', discussionShown: false, finished: 'ideas.policy.hidden' };
  return {
    state: challengeStatus === 'draft' ? 'draft' : status,
    discussionShown: status !== 'draft' && status !== 'withdrawn',
    finished: status === 'withdrawn' ? 'follows.policy.ideaWithdrawn' : challengeStatus === 'archived' ? 'follows.policy.challengeArchived' : null,
  };
}

/**
 * An idea as a subject: discussed, followed, notified about. A draft (or an idea of a draft
 * challenge), or an idea the moderators hid (state 'hidden'), is seen by its author only; a withdrawn idea stays visible but its
 * discussion is closed and kept out of notifications, and it can no longer be followed.
 */
export const ideaSubject: SubjectKind = {
  kind: 'idea',
  async load(db, ids) {
    const rows = await db
      .select({ id: ideas.id, title: ideas.title, status: ideas.status, authorId: ideas.authorId, organisationId: challenges.organisationId, challengeStatus: challenges.status, hidden: sql<boolean>`${ideas.hiddenAt} IS NOT NULL` })
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
      ...ideaSubjectFacts(r.status, r.challengeStatus, r.hidden),
    }));
  },
  canView: (viewer, s) => (s.state !== 'draft' && s.state !== 'hidden') || (viewer !== null && s.ownerIds.includes(viewer.id)),
  discussion: { lock: lockIdeaDiscussion, view: viewIdeaDiscussion },
};
