import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challenges, follows, ideas } from '../../db/schema/index.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import { afterStamp, stampOf, stampPage } from '../../lib/pagination.js';
import type { Deps } from '../../lib/deps.js';
import type { Locale } from '../../i18n/index.js';
import type { Subject, Viewer } from '../../lib/subjects.js';

/** Whether the person follows the subject (one index lookup). */
export async function isFollowing(db: Db, userId: string, subjectId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`1` })
    .from(follows)
    .where(and(eq(follows.userId, userId), eq(follows.subjectId, subjectId)))
    .limit(1);
  return row !== undefined;
}

// ---- A person's follows (private to them), newest first ----

export const FOLLOWS_PAGE = 20;

type PageOptions = { after?: string | undefined; limit?: number | undefined };

export type FollowedIdea = { ideaId: string; title: string; status: IdeaStatus; challengeId: string; challengeTitle: string; challengeTitleFr: string | null; followedAt: Date };

/** The ideas a person follows, most recently followed first; keyset on follows_user_created_idx. */
export async function listFollowedIdeas(db: Db, userId: string, options: PageOptions = {}): Promise<{ items: FollowedIdea[]; next: string | null }> {
  const limit = Math.min(Math.max(1, options.limit ?? FOLLOWS_PAGE), 100);
  const rows = await db
    .select({
      ideaId: follows.subjectId,
      title: ideas.title,
      status: ideas.status,
      challengeId: challenges.id,
      challengeTitle: challenges.title,
      challengeTitleFr: challenges.titleFr,
      followedAt: follows.createdAt,
      stamp: stampOf(follows.createdAt),
    })
    .from(follows)
    .innerJoin(ideas, eq(ideas.id, follows.subjectId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(eq(follows.userId, userId), afterStamp(follows.createdAt, follows.subjectId, options.after)))
    .orderBy(desc(follows.createdAt), asc(follows.subjectId))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.ideaId);
}

export type FollowedChallenge = { challengeId: string; title: string; titleFr: string | null; status: 'draft' | 'published' | 'archived'; followedAt: Date };

/** The challenges a person follows, most recently followed first; keyset on follows_user_created_idx. */
export async function listFollowedChallenges(db: Db, userId: string, options: PageOptions = {}): Promise<{ items: FollowedChallenge[]; next: string | null }> {
  const limit = Math.min(Math.max(1, options.limit ?? FOLLOWS_PAGE), 100);
  const rows = await db
    .select({
      challengeId: follows.subjectId,
      title: challenges.title,
      titleFr: challenges.titleFr,
      status: challenges.status,
      followedAt: follows.createdAt,
      stamp: stampOf(follows.createdAt),
    })
    .from(follows)
    .innerJoin(challenges, eq(challenges.id, follows.subjectId))
    .where(and(eq(follows.userId, userId), afterStamp(follows.createdAt, follows.subjectId, options.after)))
    .orderBy(desc(follows.createdAt), asc(follows.subjectId))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.challengeId);
}

export type FollowedSubject = { subjectId: string; followedAt: Date; subject: Subject | null };

/**
 * Everything a person follows, most recently followed first (the "What you follow" page): one
 * query for the page of follows, then one per kind present to resolve them (src/lib/subjects.ts).
 * A subject this person may no longer see (its challenge back to draft) is listed without its
 * title (`subject: null`), so it can still be unfollowed.
 */
export async function listFollowing(
  deps: Pick<Deps, 'db' | 'subjects'>,
  viewer: NonNullable<Viewer>,
  locale: Locale,
  options: PageOptions = {},
): Promise<{ items: FollowedSubject[]; next: string | null }> {
  const limit = Math.min(Math.max(1, options.limit ?? FOLLOWS_PAGE), 100);
  const rows = await deps.db
    .select({ subjectId: follows.subjectId, followedAt: follows.createdAt, stamp: stampOf(follows.createdAt) })
    .from(follows)
    .where(and(eq(follows.userId, viewer.id), afterStamp(follows.createdAt, follows.subjectId, options.after)))
    .orderBy(desc(follows.createdAt), asc(follows.subjectId))
    .limit(limit + 1);
  const { items, next } = stampPage(rows, limit, (r) => r.subjectId);
  const found = await deps.subjects.load(deps.db, items.map((i) => i.subjectId), locale);
  return {
    items: items.map((i) => {
      const subject = found.get(i.subjectId);
      return { ...i, subject: subject && deps.subjects.canView(viewer, subject) ? subject : null };
    }),
    next,
  };
}
