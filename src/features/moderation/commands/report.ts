import { and, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { moderationItems, reports, users } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import { isUniqueViolation } from '../../../lib/db-errors.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import type { Reported } from '../../../lib/reportables.js';
import type { Viewer } from '../../../lib/subjects.js';
import { canReport, shouldHold, TRUSTED_AFTER_MS } from '../policy.js';
import { HELD } from '../rules.js';
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

/**
 * An automatic hold: once the item's open reports come from MODERATION_HOLD_REPORTS distinct
 * trusted people (confirmed accounts older than a day, or trusted by a moderator), its content is hidden until a moderator
 * decides (state held) — never when someone may be at risk. Returns the pages to renew, or null.
 */
async function holdIfReported(deps: Deps, tx: Db, itemId: string, reported: Reported, now: Date): Promise<readonly string[] | null> {
  const kind = deps.reportables.kind(reported.kind);
  if (deps.config.holdReports === 0 || !kind?.setHidden) return null;
  const [row] = await tx
    .select({ state: moderationItems.state, atRisk: moderationItems.atRisk, trusted: sql<number>`count(${users.id})::int` })
    .from(moderationItems)
    .leftJoin(reports, and(eq(reports.itemId, moderationItems.id), isNull(reports.closedAt)))
    // Trusted: a moderator said so, or (automatically) a confirmed account older than a day.
    .leftJoin(
      users,
      and(
        eq(users.id, reports.reporterId),
        or(eq(users.trust, 'trusted'), and(isNull(users.trust), isNotNull(users.emailVerifiedAt), lte(users.createdAt, new Date(now.getTime() - TRUSTED_AFTER_MS)))),
      ),
    )
    .where(eq(moderationItems.id, itemId))
    .groupBy(moderationItems.id);
  if (!row || !shouldHold(row, row.trusted, deps.config.holdReports, true)) return null;
  const pages = await kind.setHidden(tx, reported.id, { rule: HELD, at: now });
  await tx.update(moderationItems).set({ state: 'held' }).where(eq(moderationItems.id, itemId));
  return pages;
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
          state: sql`CASE WHEN ${moderationItems.state} IN ('dismissed', 'restored') THEN 'pending' ELSE ${moderationItems.state} END`,
        })
        .where(eq(moderationItems.id, item!.id));
      const pages = await holdIfReported(deps, tx, item!.id, reported, now);
      await recordEvent(
        tx,
        {
          actorId: reporterId,
          name: 'report.file',
          entityType: 'report',
          entityId: report!.id,
          subjectId: reported.subjectId,
          payload: { itemId: item!.id, kind: reported.kind, reason: input.reason, held: pages !== null },
          pages: pages ?? [],
        },
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
