import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { awards, ideas, ineligibleIdeas, judgeAssignments, judgeInvitations, judges, shortlist, users } from '../../db/schema/index.js';
import { eligible } from './queries.js';

/**
 * What the council's staff see of a challenge's judging (issue 13): the panel with each judge's
 * progress, the invitations waiting, the conflicts, the shortlist and the ideas that could join
 * it. Each is one bounded query, whatever the size of the panel and the shortlist.
 */

export type PanelJudge = {
  id: string;
  name: string;
  joinedAt: Date;
  removedAt: Date | null;
  removedReason: string | null;
  /** Ideas assigned that they can score (no conflict), scores submitted, drafts, conflicts (declared or automatic). */
  assigned: number;
  submitted: number;
  drafts: number;
  conflicts: number;
};

export const PANEL_MAX = 100;

/** The panel, removed judges last: one query (counts grouped over the assignments). */
export async function listPanel(db: Db, challengeId: string): Promise<PanelJudge[]> {
  return db
    .select({
      id: judges.id,
      name: users.displayName,
      joinedAt: judges.createdAt,
      removedAt: judges.removedAt,
      removedReason: judges.removedReason,
      assigned: sql<number>`count(${judgeAssignments.ideaId}) FILTER (WHERE ${judgeAssignments.conflict} IS NULL OR ${judgeAssignments.conflict} = 'none')::int`,
      submitted: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.state} = 'submitted')::int`,
      drafts: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.state} = 'draft')::int`,
      conflicts: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.conflict} IN ('declared', 'automatic'))::int`,
    })
    .from(judges)
    .innerJoin(users, eq(users.id, judges.userId))
    .leftJoin(judgeAssignments, eq(judgeAssignments.judgeId, judges.id))
    .where(eq(judges.challengeId, challengeId))
    .groupBy(judges.id, users.displayName)
    .orderBy(sql`${judges.removedAt} IS NOT NULL`, asc(judges.createdAt), asc(judges.id))
    .limit(PANEL_MAX);
}

export type PendingInvitation = { id: string; email: string; expiresAt: Date };

/** Invitations still waiting (not accepted, revoked or expired), newest first. */
export async function listPendingInvitations(db: Db, challengeId: string, now: Date): Promise<PendingInvitation[]> {
  return db
    .select({ id: judgeInvitations.id, email: judgeInvitations.email, expiresAt: judgeInvitations.expiresAt })
    .from(judgeInvitations)
    .where(and(eq(judgeInvitations.challengeId, challengeId), isNull(judgeInvitations.acceptedAt), isNull(judgeInvitations.revokedAt), gt(judgeInvitations.expiresAt, now)))
    .orderBy(desc(judgeInvitations.createdAt))
    .limit(PANEL_MAX);
}

export type ConflictRow = { judgeName: string; ideaId: string; ideaTitle: string; conflict: 'declared' | 'automatic'; reason: string | null };

/** Every conflict of interest, declared or automatic (automatic ones' reason is a code: author, organisation, partner). */
export async function listConflicts(db: Db, challengeId: string): Promise<ConflictRow[]> {
  return db
    .select({
      judgeName: users.displayName,
      ideaId: ideas.id,
      ideaTitle: ideas.title,
      conflict: sql<'declared' | 'automatic'>`${judgeAssignments.conflict}`,
      reason: judgeAssignments.conflictReason,
    })
    .from(judgeAssignments)
    .innerJoin(judges, eq(judges.id, judgeAssignments.judgeId))
    .innerJoin(users, eq(users.id, judges.userId))
    .innerJoin(ideas, eq(ideas.id, judgeAssignments.ideaId))
    .where(and(eq(judgeAssignments.challengeId, challengeId), sql`${judgeAssignments.conflict} IN ('declared', 'automatic')`))
    .orderBy(asc(ideas.title), asc(users.displayName))
    .limit(500);
}

export type ShortlistedIdea = {
  id: string;
  title: string;
  supports: number;
  /** Judges able to score it (assigned, no conflict), and how many submitted. */
  judges: number;
  submitted: number;
};

/** The shortlist, most supported first, with each idea's judges and scores submitted: one query. */
export async function listShortlist(db: Db, challengeId: string): Promise<ShortlistedIdea[]> {
  return db
    .select({
      id: ideas.id,
      title: ideas.title,
      supports: ideas.supportCount,
      judges: sql<number>`count(${judgeAssignments.judgeId}) FILTER (WHERE (${judgeAssignments.conflict} IS NULL OR ${judgeAssignments.conflict} = 'none') AND ${judges.removedAt} IS NULL)::int`,
      submitted: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.state} = 'submitted' AND ${judges.removedAt} IS NULL)::int`,
    })
    .from(shortlist)
    .innerJoin(ideas, eq(ideas.id, shortlist.ideaId))
    .leftJoin(judgeAssignments, eq(judgeAssignments.ideaId, shortlist.ideaId))
    .leftJoin(judges, eq(judges.id, judgeAssignments.judgeId))
    .where(eq(shortlist.challengeId, challengeId))
    .groupBy(ideas.id)
    .orderBy(desc(ideas.supportCount), asc(ideas.id))
    .limit(500);
}

export type Candidate = { id: string; title: string; supports: number; authorName: string | null };
export const CANDIDATES_PAGE = 50;

/** The position after which a page of candidates starts: "<supports>.<idea id>". */
export const candidateCursor = (c: Candidate) => `${c.supports}.${c.id}`;
const CURSOR = /^(\d{1,9})\.([0-9a-f-]{36})$/;

/**
 * Ideas that could join the shortlist (shortlistable and not on it), most supported first, a
 * page at a time (keyset on the support count and id).
 */
export async function listCandidates(db: Db, challengeId: string, after: string | undefined): Promise<{ items: Candidate[]; next: string | null }> {
  const m = after ? CURSOR.exec(after) : null;
  const rows = await db
    .select({ id: ideas.id, title: ideas.title, supports: ideas.supportCount, authorName: users.displayName })
    .from(ideas)
    .leftJoin(users, eq(users.id, ideas.authorId))
    .where(
      and(
        eligible(challengeId),
        sql`NOT EXISTS (SELECT 1 FROM ${shortlist} s WHERE s.idea_id = ${ideas.id})`,
        m ? or(lt(ideas.supportCount, Number(m[1])), and(eq(ideas.supportCount, Number(m[1])), gt(ideas.id, m[2]!))) : undefined,
      ),
    )
    .orderBy(desc(ideas.supportCount), asc(ideas.id))
    .limit(CANDIDATES_PAGE + 1);
  const items = rows.slice(0, CANDIDATES_PAGE);
  return { items, next: rows.length > CANDIDATES_PAGE ? candidateCursor(items.at(-1)!) : null };
}

export type IneligibleRow = { id: string; title: string; reason: string; at: Date };

/** The ideas found ineligible, with the reasons. */
export async function listIneligible(db: Db, challengeId: string): Promise<IneligibleRow[]> {
  return db
    .select({ id: ideas.id, title: ideas.title, reason: ineligibleIdeas.reason, at: ineligibleIdeas.createdAt })
    .from(ineligibleIdeas)
    .innerJoin(ideas, eq(ideas.id, ineligibleIdeas.ideaId))
    .where(eq(ineligibleIdeas.challengeId, challengeId))
    .orderBy(desc(ineligibleIdeas.createdAt))
    .limit(500);
}

/** The reason an idea was found ineligible, or null: shown on its page. */
export async function ineligibility(db: Db, ideaId: string): Promise<{ reason: string; at: Date } | null> {
  const [row] = await db.select({ reason: ineligibleIdeas.reason, at: ineligibleIdeas.createdAt }).from(ineligibleIdeas).where(eq(ineligibleIdeas.ideaId, ideaId)).limit(1);
  return row ?? null;
}

/** A challenge's awards, places first (1st, 2nd…), then the people's choice, then mentions, with their ideas' titles. */
export async function listAwards(db: Db, challengeId: string) {
  return db
    .select({
      id: awards.id,
      ideaId: awards.ideaId,
      ideaTitle: ideas.title,
      kind: awards.kind,
      place: awards.place,
      citation: awards.citation,
      citationFr: awards.citationFr,
      prize: awards.prize,
      prizeFr: awards.prizeFr,
    })
    .from(awards)
    .innerJoin(ideas, eq(ideas.id, awards.ideaId))
    .where(eq(awards.challengeId, challengeId))
    .orderBy(sql`CASE ${awards.kind} WHEN 'place' THEN 0 WHEN 'people' THEN 1 ELSE 2 END`, asc(awards.place), asc(awards.createdAt))
    .limit(100);
}
