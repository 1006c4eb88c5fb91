import { and, asc, desc, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challengeFollows, challenges, ideaFollows, ideas } from '../../db/schema/index.js';
import { BadRequestError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import type { IdeaStatus } from '../ideas/policy.js';
import type { FollowKind, FollowTarget } from './policy.js';

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

/** Timestamps in cursors keep PostgreSQL's microseconds (a JS Date would round them and skip rows). */
const stamp = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const encode = (key: string, id: string) => Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
function decode(raw: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && STAMP.test(v[0]) && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && isUuid(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw new BadRequestError();
}

type PageOptions = { after?: string | undefined; limit?: number | undefined };

/** (created_at, id) after the cursor in (created_at DESC, id ASC) order: the index's own order. */
function afterCursor(createdAt: AnyColumn, id: AnyColumn, after: string | undefined) {
  if (!after) return undefined;
  const [key, last] = decode(after);
  return sql`${createdAt} <= ${key}::timestamptz and (${createdAt} < ${key}::timestamptz or ${id} > ${last}::uuid)`;
}

function paged<R extends { cursorKey: string }>(rows: R[], limit: number, idOf: (r: R) => string) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(({ cursorKey: _k, ...r }) => r), next: rows.length > limit && last ? encode(last.cursorKey, idOf(last)) : null };
}

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
      cursorKey: stamp(ideaFollows.createdAt),
    })
    .from(ideaFollows)
    .innerJoin(ideas, eq(ideas.id, ideaFollows.ideaId))
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(eq(ideaFollows.userId, userId), afterCursor(ideaFollows.createdAt, ideaFollows.ideaId, options.after)))
    .orderBy(desc(ideaFollows.createdAt), asc(ideaFollows.ideaId))
    .limit(limit + 1);
  return paged(rows, limit, (r) => r.ideaId);
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
      cursorKey: stamp(challengeFollows.createdAt),
    })
    .from(challengeFollows)
    .innerJoin(challenges, eq(challenges.id, challengeFollows.challengeId))
    .where(and(eq(challengeFollows.userId, userId), afterCursor(challengeFollows.createdAt, challengeFollows.challengeId, options.after)))
    .orderBy(desc(challengeFollows.createdAt), asc(challengeFollows.challengeId))
    .limit(limit + 1);
  return paged(rows, limit, (r) => r.challengeId);
}
