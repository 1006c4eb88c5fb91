import { and, eq, isNull, sql } from 'drizzle-orm';
import { moderationItems, reports } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import { isUniqueViolation } from '../../../lib/db-errors.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import type { Reported } from '../../../lib/reportables.js';
import type { Viewer } from '../../../lib/subjects.js';
import { canReport } from '../policy.js';
import type { ReportInput } from '../schemas.js';

export type ReportTarget = { reported: Reported; organisationId: string | null };

/**
 * The thing of that kind and id as this viewer may see it, with the organisation whose
 * moderators decide on it (its subject's); unknown, malformed, deleted or not visible to them: a
 * 404 (nobody learns that something they cannot see exists).
 */
export async function reportTarget(deps: Deps, viewer: Viewer, kind: string, id: string): Promise<ReportTarget> {
  const reported = await deps.reportables.load(deps.db, kind, id);
  if (!reported || reported.gone) throw new NotFoundError(kind);
  if (!reported.subjectId) return { reported, organisationId: null };
  const subject = await deps.subjects.get(deps.db, reported.subjectId, 'en');
  if (!subject || !deps.subjects.canView(viewer, subject)) throw new NotFoundError(kind);
  return { reported, organisationId: subject.organisationId };
}

/** The person's open report on this thing, if any (a second press is told when they made it). */
export async function openReportOf(deps: Deps, reporterId: string, kind: string, id: string): Promise<{ createdAt: Date } | null> {
  const [row] = await deps.db
    .select({ createdAt: reports.createdAt })
    .from(reports)
    .innerJoin(moderationItems, eq(moderationItems.id, reports.itemId))
    .where(and(eq(moderationItems.targetKind, kind), eq(moderationItems.targetId, id), eq(reports.reporterId, reporterId), isNull(reports.closedAt)))
    .limit(1);
  return row ?? null;
}

class AlreadyReported extends Error {
  constructor(readonly at: Date) {
    super('already reported');
  }
}

export type FileReportResult = { filed: true; itemId: string } | { filed: false; reportedAt: Date };

/**
 * Who may: a confirmed person who can see the thing and is not its author (canReport).
 * Invariants: one open report per person and thing (the partial unique index reports_open_key:
 * a second or concurrent press stores nothing and answers when they reported it); the thing's
 * moderation item is made by its first report (with the content as it was then) and counts its
 * open reports per reason in the same transaction; a report on a dismissed or restored item puts
 * it back in the queue. Records report.file (subscribers: the safeguarding mail for "someone may
 * be at risk").
 * Throws: NotFoundError, ForbiddenError.
 */
export async function fileReport(deps: Deps, actor: Actor, target: ReportTarget, input: ReportInput): Promise<FileReportResult> {
  const { reported, organisationId } = target;
  const decision = canReport(actor, reported);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const reporterId = actor!.id;
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const [item] = await tx
        .insert(moderationItems)
        .values({
          targetKind: reported.kind,
          targetId: reported.id,
          subjectId: reported.subjectId,
          organisationId,
          authorId: reported.authorId,
          snapshot: reported.snapshot,
          firstReportedAt: now,
          lastReportedAt: now,
        })
        .onConflictDoUpdate({ target: [moderationItems.targetKind, moderationItems.targetId], set: { lastReportedAt: now } })
        .returning({ id: moderationItems.id });
      const [already] = await tx
        .select({ createdAt: reports.createdAt })
        .from(reports)
        .where(and(eq(reports.itemId, item!.id), eq(reports.reporterId, reporterId), isNull(reports.closedAt)))
        .limit(1);
      if (already) throw new AlreadyReported(already.createdAt); // rolls back the upsert: nothing changes
      const [report] = await tx.insert(reports).values({ itemId: item!.id, reporterId, reason: input.reason, note: input.note, createdAt: now }).returning({ id: reports.id });
      await tx
        .update(moderationItems)
        .set({
          openReports: sql`${moderationItems.openReports} + 1`,
          totalReports: sql`${moderationItems.totalReports} + 1`,
          reasonCounts: sql`jsonb_set(${moderationItems.reasonCounts}, ARRAY[${input.reason}::text], to_jsonb(coalesce((${moderationItems.reasonCounts} ->> ${input.reason}::text)::int, 0) + 1))`,
          atRisk: input.reason === 'atRisk' ? true : sql`${moderationItems.atRisk}`,
          state: sql`CASE WHEN ${moderationItems.state} = 'hidden' THEN 'hidden' ELSE 'pending' END`,
        })
        .where(eq(moderationItems.id, item!.id));
      await recordEvent(
        tx,
        { actorId: reporterId, name: 'report.file', entityType: 'report', entityId: report!.id, subjectId: reported.subjectId, payload: { itemId: item!.id, kind: reported.kind, reason: input.reason } },
        now,
      );
      return { filed: true as const, itemId: item!.id };
    });
  } catch (err) {
    if (err instanceof AlreadyReported) return { filed: false, reportedAt: err.at };
    if (!isUniqueViolation(err, 'reports_open_key')) throw err;
    const open = await openReportOf(deps, reporterId, reported.kind, reported.id);
    return { filed: false, reportedAt: open?.createdAt ?? now };
  }
}
