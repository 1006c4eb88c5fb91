import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challenges, ideaResponses, ideas, memberships, organisations } from '../../db/schema/index.js';
import { decodeCursor, page, stampOf } from '../../lib/pagination.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';

// ---- One idea's responses (idea_responses_idea_idx) ----

export type OfficialResponse = {
  id: number;
  authorName: string;
  roleTitle: string;
  organisationName: string;
  bodyHtml: string;
  statusFrom: IdeaStatus | null;
  statusTo: IdeaStatus | null;
  reason: string;
  createdAt: Date;
};

/** The most responses one idea page shows (a council answers an idea a handful of times). */
export const RESPONSES_MAX = 100;

/**
 * An idea's official responses, oldest first, in one query: the newest RESPONSES_MAX if there
 * were ever more. The ones that changed the status are the idea's status timeline.
 */
export async function listResponses(db: Db, ideaId: string): Promise<OfficialResponse[]> {
  const rows = await db
    .select({
      id: ideaResponses.id,
      authorName: ideaResponses.authorName,
      roleTitle: ideaResponses.roleTitle,
      organisationName: organisations.name,
      bodyHtml: ideaResponses.bodyHtml,
      statusFrom: ideaResponses.statusFrom,
      statusTo: ideaResponses.statusTo,
      reason: ideaResponses.reason,
      createdAt: ideaResponses.createdAt,
    })
    .from(ideaResponses)
    .innerJoin(organisations, eq(organisations.id, ideaResponses.organisationId))
    .where(eq(ideaResponses.ideaId, ideaId))
    .orderBy(desc(ideaResponses.createdAt), desc(ideaResponses.id))
    .limit(RESPONSES_MAX);
  return rows.reverse();
}

// ---- A challenge's public record (ideas_response_due_idx) ----

/** Ideas still on the table: a withdrawn idea cannot be answered, so it is not held against the council; one the moderators hid is not listed. */
const answerable = and(ne(ideas.status, 'withdrawn'), isNull(ideas.hiddenAt));

export type OverdueIdea = { id: string; title: string; responseDueAt: Date };
export type ResponseRecord = { awaiting: number; overdue: number; overdueIdeas: OverdueIdea[] };
export const OVERDUE_SHOWN = 10;

/**
 * How many ideas of the challenge await an official response and how many of those are overdue
 * (one query on ideas_response_due_idx), and the longest-overdue ones (a second, bounded query,
 * only when some are overdue).
 */
export async function getResponseRecord(db: Db, challengeId: string, now: Date): Promise<ResponseRecord> {
  const due = and(eq(ideas.challengeId, challengeId), isNotNull(ideas.responseDueAt), answerable);
  const [row] = await db
    .select({ awaiting: count(), overdue: sql<number>`count(*) filter (where ${ideas.responseDueAt} < ${now.toISOString()}::timestamptz)`.mapWith(Number) })
    .from(ideas)
    .where(due);
  const awaiting = row?.awaiting ?? 0;
  const overdue = row?.overdue ?? 0;
  if (overdue === 0) return { awaiting, overdue, overdueIdeas: [] };
  const rows = await db
    .select({ id: ideas.id, title: ideas.title, responseDueAt: ideas.responseDueAt })
    .from(ideas)
    .where(and(due, lt(ideas.responseDueAt, now)))
    .orderBy(asc(ideas.responseDueAt), asc(ideas.id))
    .limit(OVERDUE_SHOWN);
  return { awaiting, overdue, overdueIdeas: rows.map((r) => ({ ...r, responseDueAt: r.responseDueAt! })) };
}

// ---- A staff member's ideas awaiting a response, across their councils ----

export type AwaitingIdea = {
  id: string;
  title: string;
  responseDueAt: Date;
  challengeId: string;
  challengeTitle: string;
  challengeTitleFr: string | null;
  organisationName: string;
};
export const AWAITING_PAGE = 50;

/**
 * Ideas awaiting an official response in the published or archived challenges of every council
 * the person is on the staff of: overdue first (the earliest due date is the most overdue), then
 * soonest due; keyset pagination on (response_due_at, id). One query per page.
 */
export async function listAwaitingResponses(db: Db, userId: string, after?: string, limit = AWAITING_PAGE): Promise<{ items: AwaitingIdea[]; next: string | null }> {
  const cursor = after ? decodeCursor(after, ['stamp', 'uuid']) : undefined;
  const rows = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      responseDueAt: ideas.responseDueAt,
      stamp: stampOf(ideas.responseDueAt),
      challengeId: challenges.id,
      challengeTitle: challenges.title,
      challengeTitleFr: challenges.titleFr,
      organisationName: organisations.name,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .innerJoin(challenges, eq(challenges.organisationId, memberships.organisationId))
    .innerJoin(ideas, eq(ideas.challengeId, challenges.id))
    .where(
      and(
        eq(memberships.userId, userId),
        inArray(challenges.status, ['published', 'archived']),
        isNotNull(ideas.responseDueAt),
        answerable,
        cursor
          ? sql`(${ideas.responseDueAt} > ${cursor[0]}::timestamptz or (${ideas.responseDueAt} = ${cursor[0]}::timestamptz and ${ideas.id} > ${cursor[1]}::uuid))`
          : undefined,
      ),
    )
    .orderBy(asc(ideas.responseDueAt), asc(ideas.id))
    .limit(limit + 1);
  return page(rows, limit, (r) => [r.stamp, r.id], ({ stamp: _s, ...r }) => ({ ...r, responseDueAt: r.responseDueAt! }));
}
