import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { memberships, moderationDecisions, moderationItems, organisations, reports, users } from '../../db/schema/index.js';
import type { ModerationState, ReportReason } from '../../db/schema/moderation.js';
import { decodeCursor, page, stampOf } from '../../lib/pagination.js';
import { builtOnce, literalCount, literalLimit } from '../../db/prepared.js';
import { isUuid } from '../../lib/fields.js';
import type { Moderator } from './policy.js';
import type { QueueQuery } from './schemas.js';

/** The person as a moderator (platform moderator or admin; owner of organisations), or null when they moderate nothing. One query. */
export async function moderatorOf(db: Db, userId: string): Promise<Moderator | null> {
  const query = builtOnce(db, 'moderator_of', () =>
    db
      .select({ platform: sql<boolean>`${users.isAdmin} OR ${users.isModerator}`, organisationId: memberships.organisationId })
      .from(users)
      .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.role, 'owner')))
      .where(eq(users.id, sql.placeholder('userId')))
      .prepare('moderator_of'),
  );
  const rows = await query.execute({ userId });
  if (rows.length === 0) return null;
  const orgs = new Set(rows.flatMap((r) => (r.organisationId ? [r.organisationId] : [])));
  if (!rows[0]!.platform && orgs.size === 0) return null;
  return { id: userId, platform: rows[0]!.platform, organisations: orgs };
}

export type QueueItem = {
  id: string;
  kind: string;
  state: ModerationState;
  title: string;
  excerpt: string;
  openReports: number;
  totalReports: number;
  reasonCounts: Partial<Record<ReportReason, number>>;
  atRisk: boolean;
  holdReason: 'premoderation' | 'newAccountLinks' | null;
  lastReportedAt: Date;
  decidedAt: Date | null;
  rule: string | null;
  organisationName: string | null;
};

export const QUEUE_PAGE = 20;
const EXCERPT = 200;

/**
 * One page of the queue as this moderator may see it: pending items (newest report first, or
 * most open reports first), hidden ones, or every decided one (latest decision first), narrowed
 * by kind, reason and organisation. Each order walks its index (moderation_items_newest_idx,
 * _most_idx, _org_idx, _decided_idx) from a keyset cursor: one query whatever the number of
 * reports.
 */
export async function listQueue(db: Db, m: Moderator, q: QueueQuery, limit = QUEUE_PAGE): Promise<{ items: QueueItem[]; next: string | null }> {
  const show = q.show ?? 'pending';
  const sort = show === 'decided' ? 'decided' : show === 'pending' && q.sort === 'most' ? 'most' : 'newest';
  // Which organisations: any (platform, unless narrowed), one, or the moderator's own.
  if (!m.platform && q.org && !m.organisations.has(q.org)) return { items: [], next: null };
  const orgs = q.org ? 'one' : m.platform ? 'any' : 'mine';
  const cursor = q.after ? (sort === 'most' ? decodeCursor(q.after, ['int', 'stamp', 'uuid']) : decodeCursor(q.after, ['stamp', 'uuid'])) : undefined;
  const shape = `moderation_queue:${sort}:${show === 'decided' ? '' : 'state'}:${q.kind ? 'k' : ''}:${q.reason ? 'r' : ''}:${orgs}:${cursor ? 'after' : ''}:${limit + 1}`;
  const query = builtOnce(db, shape, () => {
    const p = (name: string) => sql.placeholder(name);
    const at = sort === 'decided' ? moderationItems.decidedAt : moderationItems.lastReportedAt;
    const where: (SQL | undefined)[] = [
      // "decided" as literal SQL, the partial index's own predicate, so that every plan may use moderation_items_decided_idx.
      show === 'decided' ? sql`${moderationItems.state} NOT IN ('pending', 'held', 'appealed')` : eq(moderationItems.state, sql`${p('state')}`),
      q.kind ? eq(moderationItems.targetKind, sql`${p('kind')}`) : undefined,
      q.reason ? sql`${moderationItems.reasonCounts} ? ${p('reason')}::text` : undefined,
      orgs === 'one' ? sql`${moderationItems.organisationId} = ${p('org')}::uuid` : orgs === 'mine' ? sql`${moderationItems.organisationId} = ANY(${p('orgs')}::uuid[])` : undefined,
    ];
    if (cursor && sort === 'most') {
      where.push(
        sql`(${moderationItems.openReports} < ${p('c0')}::int OR (${moderationItems.openReports} = ${p('c0')}::int AND (${at} < ${p('c1')}::timestamptz OR (${at} = ${p('c1')}::timestamptz AND ${moderationItems.id} > ${p('c2')}::uuid))))`,
      );
    } else if (cursor) {
      where.push(sql`${at} <= ${p('c0')}::timestamptz AND (${at} < ${p('c0')}::timestamptz OR ${moderationItems.id} > ${p('c1')}::uuid)`);
    }
    const order = sort === 'most' ? [desc(moderationItems.openReports), desc(at), asc(moderationItems.id)] : [desc(at), asc(moderationItems.id)];
    return db
      .select({
        id: moderationItems.id,
        kind: moderationItems.targetKind,
        state: moderationItems.state,
        title: sql<string>`${moderationItems.snapshot} ->> 'title'`,
        // The first words only: a page of 25 never carries whole texts.
        body: sql<string>`left(${moderationItems.snapshot} ->> 'body', ${literalCount(EXCERPT * 2)})`,
        openReports: moderationItems.openReports,
        totalReports: moderationItems.totalReports,
        reasonCounts: moderationItems.reasonCounts,
        atRisk: moderationItems.atRisk,
        holdReason: moderationItems.holdReason,
        lastReportedAt: moderationItems.lastReportedAt,
        decidedAt: moderationItems.decidedAt,
        rule: moderationItems.rule,
        organisationName: organisations.name,
        stamp: stampOf(at),
      })
      .from(moderationItems)
      .leftJoin(organisations, eq(organisations.id, moderationItems.organisationId))
      .where(and(...where))
      .orderBy(...order)
      .limit(literalLimit(limit + 1))
      .prepare('moderation_queue');
  });
  const rows = await query.execute({
    state: show,
    kind: q.kind,
    reason: q.reason,
    org: q.org,
    orgs: `{${[...m.organisations].join(',')}}`,
    c0: cursor?.[0],
    c1: cursor?.[1],
    c2: cursor?.[2],
  });
  const item = ({ body, stamp: _s, ...r }: (typeof rows)[number]): QueueItem => ({ ...r, excerpt: excerpt(body) });
  if (sort === 'most') return page(rows, limit, (r) => [r.openReports, r.stamp, r.id], item);
  return page(rows, limit, (r) => [r.stamp, r.id], item);
}

function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= EXCERPT ? line : `${line.slice(0, EXCERPT - 1)}…`;
}

export type ItemDetail = {
  id: string;
  kind: string;
  targetId: string;
  subjectId: string | null;
  organisationId: string | null;
  organisationName: string | null;
  authorId: string | null;
  authorName: string | null;
  state: ModerationState;
  snapshot: { title: string; body: string };
  openReports: number;
  totalReports: number;
  reasonCounts: Partial<Record<ReportReason, number>>;
  atRisk: boolean;
  holdReason: 'premoderation' | 'newAccountLinks' | null;
  firstReportedAt: Date;
  lastReportedAt: Date;
  rule: string | null;
  decidedBy: string | null;
  appealedAt: Date | null;
  appealNote: string;
  /** Its words were erased after the retention period (eraseHiddenContent). */
  erasedAt: Date | null;
  reports: { reason: ReportReason; note: string; createdAt: Date; reporterName: string; open: boolean }[];
  decisions: { action: string; rule: string | null; note: string; message: string; createdAt: Date; moderatorName: string | null }[];
  /** Decisions on the author's other content, newest first (at most 10), and how many of their items were hidden. */
  authorHistory: { kind: string; action: string; rule: string | null; createdAt: Date }[];
};

const author = alias(users, 'author');
const HISTORY = 10;
const REPORTS_SHOWN = 100;

/** One item with its reports (newest 100), its decisions and its author's history: four bounded queries, each prepared once. */
export async function getItem(db: Db, id: string): Promise<ItemDetail | null> {
  if (!isUuid(id)) return null;
  const p = (name: string) => sql.placeholder(name);
  const main = builtOnce(db, 'moderation_item', () =>
    db
      .select({
        id: moderationItems.id,
        kind: moderationItems.targetKind,
        targetId: moderationItems.targetId,
        subjectId: moderationItems.subjectId,
        organisationId: moderationItems.organisationId,
        organisationName: organisations.name,
        authorId: moderationItems.authorId,
        authorName: author.displayName,
        state: moderationItems.state,
        snapshot: moderationItems.snapshot,
        openReports: moderationItems.openReports,
        totalReports: moderationItems.totalReports,
        reasonCounts: moderationItems.reasonCounts,
        atRisk: moderationItems.atRisk,
        holdReason: moderationItems.holdReason,
        firstReportedAt: moderationItems.firstReportedAt,
        lastReportedAt: moderationItems.lastReportedAt,
        rule: moderationItems.rule,
        decidedBy: moderationItems.decidedBy,
        appealedAt: moderationItems.appealedAt,
        appealNote: moderationItems.appealNote,
        erasedAt: moderationItems.erasedAt,
      })
      .from(moderationItems)
      .leftJoin(organisations, eq(organisations.id, moderationItems.organisationId))
      .leftJoin(author, eq(author.id, moderationItems.authorId))
      .where(eq(moderationItems.id, sql`${p('id')}::uuid`))
      .limit(literalLimit(1))
      .prepare('moderation_item'),
  );
  const [item] = await main.execute({ id: id.toLowerCase() });
  if (!item) return null;
  const itemReports = builtOnce(db, 'moderation_item_reports', () =>
    db
      .select({ reason: reports.reason, note: reports.note, createdAt: reports.createdAt, reporterName: users.displayName, open: sql<boolean>`${reports.closedAt} IS NULL` })
      .from(reports)
      .innerJoin(users, eq(users.id, reports.reporterId))
      .where(eq(reports.itemId, sql`${p('id')}::uuid`))
      .orderBy(desc(reports.createdAt))
      .limit(literalLimit(REPORTS_SHOWN))
      .prepare('moderation_item_reports'),
  );
  const decisions = builtOnce(db, 'moderation_item_decisions', () =>
    db
      .select({ action: moderationDecisions.action, rule: moderationDecisions.rule, note: moderationDecisions.note, message: moderationDecisions.message, createdAt: moderationDecisions.createdAt, moderatorName: users.displayName })
      .from(moderationDecisions)
      .leftJoin(users, eq(users.id, moderationDecisions.moderatorId))
      .where(eq(moderationDecisions.itemId, sql`${p('id')}::uuid`))
      .orderBy(desc(moderationDecisions.createdAt))
      .prepare('moderation_item_decisions'),
  );
  const history = builtOnce(db, 'moderation_author_history', () =>
    db
      .select({ kind: moderationItems.targetKind, action: moderationItems.state, rule: moderationItems.rule, createdAt: moderationItems.decidedAt })
      .from(moderationItems)
      .where(and(eq(moderationItems.authorId, sql`${p('author')}::uuid`), sql`${moderationItems.decidedAt} IS NOT NULL`, ne(moderationItems.id, sql`${p('id')}::uuid`)))
      .orderBy(desc(moderationItems.decidedAt))
      .limit(literalLimit(HISTORY))
      .prepare('moderation_author_history'),
  );
  const [reported, decided, earlier] = await Promise.all([
    itemReports.execute({ id: item.id }),
    decisions.execute({ id: item.id }),
    item.authorId ? history.execute({ author: item.authorId, id: item.id }) : Promise.resolve([]),
  ]);
  return { ...item, reports: reported, decisions: decided, authorHistory: earlier.map((h) => ({ ...h, createdAt: h.createdAt! })) };
}

/** The organisations a moderator may narrow the queue to (a platform moderator: those with items, by name; at most 200). */
export async function queueOrganisations(db: Db, m: Moderator): Promise<{ id: string; name: string }[]> {
  if (!m.platform) {
    if (m.organisations.size === 0) return [];
    return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...m.organisations])).orderBy(asc(organisations.name));
  }
  // Written out: in a one-table select drizzle leaves columns unqualified, and a bare "id" would be the subquery's own.
  return builtOnce(db, 'queue_organisations', () =>
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(sql`EXISTS (SELECT 1 FROM moderation_items mi WHERE mi.organisation_id = organisations.id)`)
      .orderBy(asc(organisations.name))
      .limit(literalLimit(200))
      .prepare('queue_organisations'),
  ).execute();
}

export type TargetItem = { id: string; authorId: string | null; state: ModerationState; rule: string | null; appealedAt: Date | null; message: string };

/** The moderation item of one thing, with the message of its last "hide" decision (what its author is shown on the review page), or null. Two queries. */
export async function itemOfTarget(db: Db, kind: string, targetId: string): Promise<TargetItem | null> {
  if (!isUuid(targetId)) return null;
  const [row] = await db
    .select({ id: moderationItems.id, authorId: moderationItems.authorId, state: moderationItems.state, rule: moderationItems.rule, appealedAt: moderationItems.appealedAt })
    .from(moderationItems)
    .where(and(eq(moderationItems.targetKind, kind), eq(moderationItems.targetId, targetId.toLowerCase())))
    .limit(1);
  if (!row) return null;
  const [hid] = await db
    .select({ message: moderationDecisions.message })
    .from(moderationDecisions)
    .where(and(eq(moderationDecisions.itemId, row.id), eq(moderationDecisions.action, 'hide')))
    .orderBy(desc(moderationDecisions.createdAt))
    .limit(1);
  return { ...row, message: hid?.message ?? '' };
}

/** Whether the author of an item is an admin or suspended already (whether they may be suspended). */
export async function authorStanding(db: Db, userId: string): Promise<{ isAdmin: boolean; suspendedAt: Date | null; suspendedUntil: Date | null; trust: 'trusted' | 'new' | null } | null> {
  const query = builtOnce(db, 'author_standing', () =>
    db
      .select({ isAdmin: users.isAdmin, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil, trust: users.trust })
      .from(users)
      .where(eq(users.id, sql`${sql.placeholder('id')}::uuid`))
      .limit(literalLimit(1))
      .prepare('author_standing'),
  );
  const [row] = await query.execute({ id: userId });
  return row ?? null;
}

// ---- The public moderation log ----

export type MonthLog = {
  reports: number;
  appeals: number;
  /** Decisions by kind, action and rule (codes only: no person, no content). */
  decisions: { kind: string; action: string; rule: string | null; count: number }[];
  /** How long decisions took, from the first report they answered: the median, in hours (null: none this month). */
  medianHours: number | null;
};

/** One month of moderation in numbers (three queries on the created_at / appealed_at indexes), with no personal data. */
export async function monthLog(db: Db, start: Date, end: Date): Promise<MonthLog> {
  const inMonth = (col: typeof reports.createdAt | typeof moderationDecisions.createdAt) => and(sql`${col} >= ${start.toISOString()}::timestamptz`, sql`${col} < ${end.toISOString()}::timestamptz`);
  const [counts, decisions, median] = await Promise.all([
    db
      .select({
        reports: sql<number>`(SELECT count(*)::int FROM reports r WHERE r.created_at >= ${start.toISOString()}::timestamptz AND r.created_at < ${end.toISOString()}::timestamptz)`,
        appeals: sql<number>`(SELECT count(*)::int FROM moderation_items m WHERE m.appealed_at >= ${start.toISOString()}::timestamptz AND m.appealed_at < ${end.toISOString()}::timestamptz)`,
      })
      .from(sql`(SELECT 1) AS one`),
    db
      .select({ kind: moderationItems.targetKind, action: moderationDecisions.action, rule: moderationDecisions.rule, count: sql<number>`count(*)::int` })
      .from(moderationDecisions)
      .innerJoin(moderationItems, eq(moderationItems.id, moderationDecisions.itemId))
      .where(inMonth(moderationDecisions.createdAt))
      .groupBy(moderationItems.targetKind, moderationDecisions.action, moderationDecisions.rule)
      .orderBy(moderationItems.targetKind, moderationDecisions.action, moderationDecisions.rule),
    db
      .select({ hours: sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY took.hours)` })
      .from(
        db
          .select({ hours: sql<number>`extract(epoch FROM (${moderationDecisions.createdAt} - min(${reports.createdAt}))) / 3600`.as('hours') })
          .from(moderationDecisions)
          .innerJoin(reports, eq(reports.decisionId, moderationDecisions.id))
          .where(inMonth(moderationDecisions.createdAt))
          .groupBy(moderationDecisions.id)
          .as('took'),
      ),
  ]);
  const hours = median[0]?.hours;
  return { reports: counts[0]?.reports ?? 0, appeals: counts[0]?.appeals ?? 0, decisions, medianHours: hours === null || hours === undefined ? null : Math.round(Number(hours) * 10) / 10 };
}
