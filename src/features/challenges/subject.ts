import { inArray } from 'drizzle-orm';
import { challenges } from '../../db/schema/index.js';
import { localise } from '../../i18n/localise.js';
import type { Subject, SubjectKind } from '../../lib/subjects.js';
import type { ChallengeStatus } from './policy.js';

/** What a challenge's status makes of it as a subject (pure: the policy tests use it). */
export function challengeSubjectFacts(status: ChallengeStatus): Pick<Subject, 'state' | 'discussionShown' | 'finished'> {
  return { state: status, discussionShown: status !== 'draft', finished: status === 'archived' ? 'follows.policy.challengeArchived' : null };
}

/**
 * A challenge as a subject: followed (its phases, results and the official responses in it),
 * notified about. Drafts are seen by the organisation's staff and platform admins only; an
 * archived challenge can no longer be followed.
 */
export const challengeSubject: SubjectKind = {
  kind: 'challenge',
  async load(db, ids, locale) {
    const rows = await db
      .select({ id: challenges.id, title: challenges.title, titleFr: challenges.titleFr, status: challenges.status, organisationId: challenges.organisationId })
      .from(challenges)
      .where(inArray(challenges.id, [...ids]));
    return rows.map((r) => ({
      id: r.id,
      kind: 'challenge',
      label: 'challenges.subject.label',
      title: localise(locale, r.title, r.titleFr),
      url: `/challenges/${r.id}`,
      organisationId: r.organisationId,
      ownerIds: [],
      ...challengeSubjectFacts(r.status),
    }));
  },
  canView: (viewer, s) => s.state !== 'draft' || (viewer !== null && (viewer.isAdmin || (s.organisationId !== null && viewer.staffOf.has(s.organisationId)))),
};
