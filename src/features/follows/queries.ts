import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challengeFollows, challenges, ideaFollows, ideas } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import type { FollowKind, FollowTarget } from './policy.js';
import { afterStamp, stampOf, stampPage } from '../../lib/pagination.js';

export type FollowRef = { kind: FollowKind; id: string };

/** The idea (with its challenge's status) or challenge to follow, or null when unknown or malformed. */
export async function getFollowTarget(db: Db, ref: FollowRef): Promise<(FollowTarget & { id: string }) | null> {
  if (!isUuid(ref.id)) return null;
  const id = ref.id.toLowerCase();
  if (ref.kind === 'idea') {
    const [row] = await db
      .select({ id: ideas.id, status: ideas.status, challengeStatus: challenges.status })
      .from(ideas)
      .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
      .where(eq(ideas.id, id))
      .limit(1);
    return row ? { kind: 'idea', ...row } : null;
  }
  const [row] = await db.select({ id: challenges.id, status: challenges.status }).from(challenges).where(eq(challenges.id, id)).limit(1);
  return row ? { kind: 'challenge', ...row } : null;
}

/**
 * The target and whether the person follows it, in one query (what the follow control needs to
 * render for a signed-in person); null when unknown or malformed.
 */
export async function getFollowState(db: Db, userId: string, ref: FollowRef): Promise<{ target: FollowTarget & { id: string }; following: boolean } | null> {
  if (!isUuid(ref.id)) return null;
  const id = ref.id.toLowerCase();
  if (ref.kind === 'idea') {
    const [row] = await db
      .select({
        id: ideas.id,
        status: ideas.status,
        challengeStatus: challenges.status,
        following: sql<boolean>`exists (select 1 from ${ideaFollows} where ${ideaFollows.userId} = ${userId} and ${ideaFollows.ideaId} = ${ideas.id})`,
      })
      .from(ideas)
      .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
      .where(eq(ideas.id, id))
      .limit(1);
    return row ? { target: { kind: 'idea', id: row.id, status: row.status, challengeStatus: row.challengeStatus }, following: row.following } : null;
  }
  const [row] = await db
    .select({
      id: challenges.id,
      status: challenges.status,
      following: sql<boolean>`exists (select 1 from ${challengeFollows} where ${challengeFollows.userId} = ${userId} and ${challengeFollows.challengeId} = ${challenges.id})`,
    })
    .from(challenges)
    .where(eq(challenges.id, id))
    .limit(1);
  return row ? { target: { kind: 'challenge', id: row.id, status: row.status }, following: row.following } : null;
}

// ---- A person's follows (private to them), newest first ----

export const FOLLOWS_PAGE = 20;

type PageOptions = { after?: string | undefined; limit?: number | undefined };

export type FollowedIdea = { ideaId: string; title: string; status: IdeaStatus; challengeId: string; challengeTitle: string; challengeTitleFr: string | null; followedAt: Date };

/** The ideas a person follows, most recently followed first; keyset on idea_follows_user_created_idx. */
export async function listFollowedIdeas(db: Db, userId: string, options: PageOptions = {}): Promise<{ items: FollowedIdea[]; next: string | null }> {
  const limit = Math.min(Math.max(1, options.limit ?? FOLLOWS_PAGE), 100);
  const rows = await db
    .select({
      ideaId: ideaFollows.ideaId,
      title: ideas.title,
      status: ideas.status,
      challengeId: challenges.id,
      challengeTitle: challenges.title,
      challengeTitleFr: challenges.titleFr,
      followedAt: ideaFollows.createdAt,
      stamp: stampOf(ideaFollows.createdAt),
    })
    .from(ideaFollows)
    .innerJoin(ideas, eq(ideas.id, ideaFollows.ideaId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(eq(ideaFollows.userId, userId), afterStamp(ideaFollows.createdAt, ideaFollows.ideaId, options.after)))
    .orderBy(desc(ideaFollows.createdAt), asc(ideaFollows.ideaId))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.ideaId);
}

export type FollowedChallenge = { challengeId: string; title: string; titleFr: string | null; status: 'draft' | 'published' | 'archived'; followedAt: Date };

/** The challenges a person follows, most recently followed first; keyset on challenge_follows_user_created_idx. */
export async function listFollowedChallenges(db: Db, userId: string, options: PageOptions = {}): Promise<{ items: FollowedChallenge[]; next: string | null }> {
  const limit = Math.min(Math.max(1, options.limit ?? FOLLOWS_PAGE), 100);
  const rows = await db
    .select({
      challengeId: challengeFollows.challengeId,
      title: challenges.title,
      titleFr: challenges.titleFr,
      status: challenges.status,
      followedAt: challengeFollows.createdAt,
      stamp: stampOf(challengeFollows.createdAt),
    })
    .from(challengeFollows)
    .innerJoin(challenges, eq(challenges.id, challengeFollows.challengeId))
    .where(and(eq(challengeFollows.userId, userId), afterStamp(challengeFollows.createdAt, challengeFollows.challengeId, options.after)))
    .orderBy(desc(challengeFollows.createdAt), asc(challengeFollows.challengeId))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.challengeId);
}
