import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challenges, ideas, judgeAssignments, judgeInvitations, judges, judgingSettings, organisations, users } from '../../db/schema/index.js';
import { panelOpen } from './policy.js';

/**
 * What a judge sees (issue 13, point 2): their Judging area lists only the challenges and ideas
 * assigned to them — never another judge's scores, never the panel's progress.
 */

export type JudgeChallenge = {
  challengeId: string;
  title: string;
  titleFr: string | null;
  council: string;
  judgingCloseAt: Date | null;
  open: boolean;
  removed: boolean;
  /** Ideas they can score, submitted, conflicts. */
  assigned: number;
  submitted: number;
};

/** The challenges this person judges (newest first), each with their own progress: one query. */
export async function listJudgeChallenges(db: Db, userId: string, now: Date): Promise<JudgeChallenge[]> {
  const rows = await db
    .select({
      challengeId: challenges.id,
      title: challenges.title,
      titleFr: challenges.titleFr,
      council: organisations.name,
      judgingCloseAt: challenges.judgingCloseAt,
      panelClosedAt: judgingSettings.panelClosedAt,
      announcedAt: judgingSettings.announcedAt,
      removedAt: judges.removedAt,
      assigned: sql<number>`count(${judgeAssignments.ideaId}) FILTER (WHERE ${judgeAssignments.conflict} IS NULL OR ${judgeAssignments.conflict} = 'none')::int`,
      submitted: sql<number>`count(*) FILTER (WHERE ${judgeAssignments.state} = 'submitted')::int`,
    })
    .from(judges)
    .innerJoin(challenges, eq(challenges.id, judges.challengeId))
    .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
    .leftJoin(judgingSettings, eq(judgingSettings.challengeId, challenges.id))
    .leftJoin(judgeAssignments, eq(judgeAssignments.judgeId, judges.id))
    .where(eq(judges.userId, userId))
    .groupBy(judges.id, challenges.id, organisations.name, judgingSettings.challengeId)
    .orderBy(desc(judges.createdAt))
    .limit(100);
  return rows.map((r) => ({
    challengeId: r.challengeId,
    title: r.title,
    titleFr: r.titleFr,
    council: r.council,
    judgingCloseAt: r.judgingCloseAt,
    open: panelOpen(r, { panelClosedAt: r.panelClosedAt, announcedAt: r.announcedAt }, now),
    removed: r.removedAt !== null,
    assigned: r.assigned,
    submitted: r.submitted,
  }));
}

export type WaitingInvitation = { id: string; challengeId: string; title: string; titleFr: string | null; council: string; expiresAt: Date };

/** Invitations to judge waiting for this (confirmed) address: accepted from the Judging area without the mail's link. */
export async function listWaitingInvitations(db: Db, email: string, now: Date): Promise<WaitingInvitation[]> {
  return db
    .select({ id: judgeInvitations.id, challengeId: challenges.id, title: challenges.title, titleFr: challenges.titleFr, council: organisations.name, expiresAt: judgeInvitations.expiresAt })
    .from(judgeInvitations)
    .innerJoin(challenges, eq(challenges.id, judgeInvitations.challengeId))
    .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
    .where(and(eq(judgeInvitations.email, email.toLowerCase()), isNull(judgeInvitations.acceptedAt), isNull(judgeInvitations.revokedAt), gt(judgeInvitations.expiresAt, now)))
    .orderBy(desc(judgeInvitations.createdAt))
    .limit(50);
}

/** A judge's row on a challenge's panel (removed or not), or null. */
export async function getJudge(db: Db, challengeId: string, userId: string) {
  const [row] = await db.select().from(judges).where(and(eq(judges.challengeId, challengeId), eq(judges.userId, userId))).limit(1);
  return row ?? null;
}

export type AssignedIdea = {
  ideaId: string;
  title: string;
  /** Null in a blind review. */
  author: string | null;
  organisation: string | null;
  conflict: 'none' | 'declared' | 'automatic' | null;
  state: 'todo' | 'draft' | 'submitted';
};

/** A judge's assignments in one challenge, in title order; without names when the review is blind; not an idea moderators hid: one query. */
export async function listAssigned(db: Db, judgeId: string, blind: boolean): Promise<AssignedIdea[]> {
  const rows = await db
    .select({
      ideaId: ideas.id,
      title: ideas.title,
      author: users.displayName,
      organisation: organisations.name,
      conflict: judgeAssignments.conflict,
      state: judgeAssignments.state,
    })
    .from(judgeAssignments)
    .innerJoin(ideas, eq(ideas.id, judgeAssignments.ideaId))
    .leftJoin(users, eq(users.id, ideas.authorId))
    .leftJoin(organisations, eq(organisations.id, ideas.organisationId))
    .where(and(eq(judgeAssignments.judgeId, judgeId), isNull(ideas.hiddenAt)))
    .orderBy(asc(ideas.title), asc(ideas.id))
    .limit(500);
  return rows.map((r) => (blind ? { ...r, author: null, organisation: null } : r));
}

/** One assignment of a judge with the idea's text (names left out when blind), or null when not assigned (or the idea was hidden by moderators). */
export async function getAssigned(db: Db, judgeId: string, ideaId: string, blind: boolean) {
  const [row] = await db
    .select({
      ideaId: ideas.id,
      title: ideas.title,
      summary: ideas.summary,
      descriptionHtml: ideas.descriptionHtml,
      language: ideas.language,
      author: users.displayName,
      organisation: organisations.name,
      conflict: judgeAssignments.conflict,
      conflictReason: judgeAssignments.conflictReason,
      state: judgeAssignments.state,
      values: judgeAssignments.values,
      comments: judgeAssignments.comments,
      notes: judgeAssignments.notes,
      version: judgeAssignments.version,
      savedAt: judgeAssignments.savedAt,
      submittedAt: judgeAssignments.submittedAt,
    })
    .from(judgeAssignments)
    .innerJoin(ideas, eq(ideas.id, judgeAssignments.ideaId))
    .leftJoin(users, eq(users.id, ideas.authorId))
    .leftJoin(organisations, eq(organisations.id, ideas.organisationId))
    .where(and(eq(judgeAssignments.judgeId, judgeId), eq(judgeAssignments.ideaId, ideaId), isNull(ideas.hiddenAt)))
    .limit(1);
  if (!row) return null;
  return blind ? { ...row, author: null, organisation: null } : row;
}
export type Assigned = NonNullable<Awaited<ReturnType<typeof getAssigned>>>;
