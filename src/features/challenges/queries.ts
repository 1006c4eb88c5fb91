import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { builtOnce, literalLimit } from '../../db/prepared.js';
import { challengeRevisions, challenges, challengeTopics, ideaVotes, organisations, topics, users } from '../../db/schema/index.js';
import { BadRequestError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { decodeCursor, page, stampOf } from '../../lib/pagination.js';
import type { PhaseDates } from './phase.js';
import type { DirectoryQuery, Sort } from './schemas.js';

export type Topic = { id: number; slug: string; nameEn: string; nameFr: string };

/**
 * The topics of a row (a challenge, an idea) as a JSON array in the row itself, through its link
 * table (`owner` and `topic` are the link's columns, `row` the owner's id): one query for rows
 * and their topics. Sort the result with byName.
 */
export function topicsOfRow(owner: PgColumn, topic: PgColumn, row: PgColumn) {
  return sql<Topic[]>`(SELECT coalesce(json_agg(json_build_object('id', ${topics.id}, 'slug', ${topics.slug}, 'nameEn', ${topics.nameEn}, 'nameFr', ${topics.nameFr})), '[]'::json) FROM ${owner.table} JOIN ${topics} ON ${topics.id} = ${topic} WHERE ${owner} = ${row})`;
}

/** Topics in the vocabulary's order (by English name), for lists fetched as JSON. */
export const byName = (list: Topic[]): Topic[] => list.sort((a, b) => (a.nameEn < b.nameEn ? -1 : a.nameEn > b.nameEn ? 1 : 0));

const vocabularies = new WeakMap<Db, Promise<Topic[]>>();

/**
 * The whole topic vocabulary (a dozen rows, fixed by migration: no command writes it), read once
 * per database and process — every challenge page and form shows it.
 */
export async function listTopics(db: Db): Promise<Topic[]> {
  let vocabulary = vocabularies.get(db);
  if (!vocabulary) {
    vocabulary = db
      .select({ id: topics.id, slug: topics.slug, nameEn: topics.nameEn, nameFr: topics.nameFr })
      .from(topics)
      .orderBy(asc(topics.nameEn))
      .limit(100)
      .execute();
    vocabularies.set(db, vocabulary);
    vocabulary.catch(() => vocabularies.delete(db)); // a failed read is tried again by the next page
  }
  return [...(await vocabulary)];
}

/** Councils for the directory's filter (bounded: a platform serves at most a few hundred). */
export function listCouncils(db: Db, limit = 300): Promise<{ name: string; slug: string }[]> {
  return db
    .select({ name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.kind, 'council'))
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(limit);
}

/** The columns challengePhase() needs (see ./phase.ts); shared by every read that shows a phase. */
export const phaseColumns = {
  status: challenges.status,
  submissionsOpenAt: challenges.submissionsOpenAt,
  submissionsCloseAt: challenges.submissionsCloseAt,
  votingOpenAt: challenges.votingOpenAt,
  votingCloseAt: challenges.votingCloseAt,
  judgingCloseAt: challenges.judgingCloseAt,
  resultsAt: challenges.resultsAt,
  closedEarlyAt: challenges.closedEarlyAt,
};

const challengeColumns = {
  ...phaseColumns,
  id: challenges.id,
  organisationId: challenges.organisationId,
  title: challenges.title,
  summary: challenges.summary,
  brief: challenges.brief,
  briefHtml: challenges.briefHtml,
  rules: challenges.rules,
  prize: challenges.prize,
  titleFr: challenges.titleFr,
  summaryFr: challenges.summaryFr,
  briefFr: challenges.briefFr,
  briefFrHtml: challenges.briefFrHtml,
  voteBudget: challenges.voteBudget,
  selfSupport: challenges.selfSupport,
  hideCounts: challenges.hideCounts,
  confirmRules: challenges.confirmRules,
  premoderation: challenges.premoderation,
  responseDays: challenges.responseDays,
  responseThreshold: challenges.responseThreshold,
  commentPolicy: challenges.commentPolicy,
  commentPolicyFr: challenges.commentPolicyFr,
  publishedAt: challenges.publishedAt,
  archivedAt: challenges.archivedAt,
  ideaCount: challenges.ideaCount,
  participantCount: challenges.participantCount,
  updatedAt: challenges.updatedAt,
};

export type Challenge = {
  [K in keyof typeof challengeColumns]: (typeof challenges.$inferSelect)[K];
} & { organisation: { id: string; name: string; slug: string; kind: 'council' | 'partner' }; topics: Topic[] };

/** A challenge's topics as a JSON array in the same row (saves the page a round trip); sorted by byName. */
const topicsJson = topicsOfRow(challengeTopics.challengeId, challengeTopics.topicId, challenges.id);

/** One challenge with its council and topics, or null (any status: callers check canViewChallenge). */
export async function getChallenge(db: Db, id: string): Promise<Challenge | null> {
  if (!isUuid(id)) return null;
  const query = builtOnce(db, 'challenge_by_id', () =>
    db
      .select({ ...challengeColumns, organisation: { id: organisations.id, name: organisations.name, slug: organisations.slug, kind: organisations.kind }, topics: topicsJson })
      .from(challenges)
      .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
      .where(eq(challenges.id, sql.placeholder('id')))
      .limit(literalLimit(1))
      .prepare('challenge_by_id'), // every challenge and idea page runs it: built once, planned once per connection
  );
  const [row] = await query.execute({ id });
  return row ? { ...row, topics: byName(row.topics) } : null;
}

// ---- Directory: keyset pagination, one index per sort ----

export const DIRECTORY_PAGE = 20;

/** The cursor of a directory page: the sort it belongs to, the last row's sort key and its id (src/lib/pagination.ts). */
function decodeDirectoryCursor(raw: string, sort: Sort): { key: string | number; id: string } {
  const [cursorSort, key, id] = sort === 'ideas' ? decodeCursor(raw, ['text', 'int', 'uuid']) : decodeCursor(raw, ['text', 'stamp', 'uuid']);
  if (cursorSort !== sort) throw new BadRequestError(); // a cursor from another order
  return { key, id };
}

export type DirectoryItem = PhaseDates & {
  id: string;
  title: string;
  summary: string;
  titleFr: string | null;
  summaryFr: string | null;
  ideaCount: number;
  organisation: { name: string; slug: string };
  topics: Topic[];
};

export type DirectoryResult = { items: DirectoryItem[]; next: string | null };

/** SQL for "in this phase at `now`", matching challengePhase() in phase.ts. */
/** The SQL of challengePhase()'s windows at `at`, for the directory's phase filter and the home page. */
function phaseSql(at: Date) {
  const now = sql`${at.toISOString()}::timestamptz`;
  return {
    now,
    live: sql`${challenges.status} = 'published' and (${challenges.closedEarlyAt} is null or ${challenges.closedEarlyAt} > ${now})`,
    noResults: sql`(${challenges.resultsAt} is null or ${challenges.resultsAt} > ${now})`,
    ideasOpen: sql`(${challenges.submissionsOpenAt} <= ${now} and ${challenges.submissionsCloseAt} > ${now})`,
    votingOpen: sql`(${challenges.votingOpenAt} <= ${now} and (${challenges.votingCloseAt} is null or ${challenges.votingCloseAt} > ${now}))`,
  };
}

function phaseCondition(phase: DirectoryQuery['phase'], at: Date): SQL | undefined {
  const { now, live, noResults, ideasOpen, votingOpen } = phaseSql(at);
  switch (phase) {
    case 'open':
      return sql`${live} and ${noResults} and ${ideasOpen} and not (${challenges.votingOpenAt} is not null and ${votingOpen})`;
    case 'voting':
      return sql`${live} and ${noResults} and ${votingOpen}`;
    case 'results':
      return sql`${live} and ${challenges.resultsAt} <= ${now}`;
    case 'archived':
      return eq(challenges.status, 'archived');
    default:
      return undefined;
  }
}

/** What a directory card shows (and the home page's live challenges). */
const directoryColumns = {
  id: challenges.id,
  ...phaseColumns,
  title: challenges.title,
  summary: challenges.summary,
  titleFr: challenges.titleFr,
  summaryFr: challenges.summaryFr,
  ideaCount: challenges.ideaCount,
  organisation: { name: organisations.name, slug: organisations.slug },
  topics: topicsJson,
};

/**
 * One page of published (and archived) challenges; drafts never. Each sort walks its own
 * index: newest → challenges_newest_idx (published_at desc, id), most ideas →
 * challenges_ideas_idx (idea_count desc, id), closing soon → challenges_closing_idx
 * (submissions_close_at, id) over challenges still taking ideas. One query whatever the page
 * size: the page, each row with its topics.
 */
export async function listChallenges(db: Db, query: DirectoryQuery, now: Date, limit = DIRECTORY_PAGE): Promise<DirectoryResult> {
  const sort = query.sort;
  const after = query.after ? decodeDirectoryCursor(query.after, sort) : undefined;
  let keyset: SQL | undefined;
  let keyColumn: SQL<string | number>;
  let order: SQL[];
  let base: SQL;
  if (sort === 'closing') {
    // A raw sql parameter is not serialised by drizzle's postgres.js driver: pass text, cast in SQL.
    base = sql`${challenges.status} = 'published' and ${challenges.submissionsCloseAt} > ${now.toISOString()}::timestamptz`;
    keyColumn = stampOf(challenges.submissionsCloseAt);
    order = [sql`${challenges.submissionsCloseAt} asc`, sql`${challenges.id} asc`];
    if (after) keyset = sql`(${challenges.submissionsCloseAt}, ${challenges.id}) > (${after.key}::timestamptz, ${after.id}::uuid)`;
  } else if (sort === 'ideas') {
    base = sql`${challenges.status} <> 'draft'`;
    keyColumn = sql<number>`${challenges.ideaCount}`;
    order = [sql`${challenges.ideaCount} desc`, sql`${challenges.id} asc`];
    if (after) keyset = sql`(${challenges.ideaCount} < ${Number(after.key)} or (${challenges.ideaCount} = ${Number(after.key)} and ${challenges.id} > ${after.id}::uuid))`;
  } else {
    base = sql`${challenges.status} <> 'draft'`;
    keyColumn = stampOf(challenges.publishedAt);
    order = [sql`${challenges.publishedAt} desc`, sql`${challenges.id} asc`];
    if (after) keyset = sql`(${challenges.publishedAt} < ${after.key}::timestamptz or (${challenges.publishedAt} = ${after.key}::timestamptz and ${challenges.id} > ${after.id}::uuid))`;
  }
  const rows = await db
    .select({ ...directoryColumns, sortKey: keyColumn })
    .from(challenges)
    .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
    .where(
      and(
        base,
        phaseCondition(query.phase, now),
        query.council ? eq(organisations.slug, query.council) : undefined,
        query.topic
          ? sql`${challenges.id} in (select ${challengeTopics.challengeId} from ${challengeTopics} join ${topics} on ${topics.id} = ${challengeTopics.topicId} where ${topics.slug} = ${query.topic})`
          : undefined,
        query.q ? sql`${challenges.search} @@ websearch_to_tsquery('simple', ${query.q})` : undefined,
        keyset,
      ),
    )
    .orderBy(...order)
    .limit(limit + 1);
  return page(rows, limit, (r) => [sort, r.sortKey, r.id], ({ sortKey: _k, ...r }) => ({ ...r, topics: byName(r.topics) }));
}

// ---- What people can act on now (the home page) ----

export const LIVE_MAX = 6;

/**
 * Challenges taking ideas or supports now (the phases 'open' and 'voting' of challengePhase():
 * published, not closed early, no results yet), the one whose open window closes soonest first
 * (a voting with no end last). One query, bounded: the home page shows a few and links to the
 * directory for the rest.
 */
export async function listLiveChallenges(db: Db, now: Date, limit = LIVE_MAX): Promise<DirectoryItem[]> {
  const { live, noResults, ideasOpen, votingOpen } = phaseSql(now);
  // least() skips nulls: the earlier of the open windows' ends.
  const closes = sql`least(case when ${ideasOpen} then ${challenges.submissionsCloseAt} end, case when ${votingOpen} then ${challenges.votingCloseAt} end)`;
  const rows = await db
    .select(directoryColumns)
    .from(challenges)
    .innerJoin(organisations, eq(organisations.id, challenges.organisationId))
    .where(sql`${live} and ${noResults} and (${ideasOpen} or ${votingOpen})`)
    .orderBy(sql`${closes} asc nulls last`, asc(challenges.id))
    .limit(Math.min(Math.max(1, limit), 50));
  return rows.map((r) => ({ ...r, topics: byName(r.topics) }));
}

// ---- A council's own list ----

export const COUNCIL_PAGE_MAX = 10;

export type CouncilChallenge = { id: string; status: 'draft' | 'published' | 'archived'; title: string; titleFr: string | null; summary: string; summaryFr: string | null } & Pick<
  DirectoryItem,
  'submissionsOpenAt' | 'submissionsCloseAt' | 'votingOpenAt' | 'votingCloseAt' | 'judgingCloseAt' | 'resultsAt' | 'closedEarlyAt' | 'ideaCount'
>;

/** A council's newest challenges (challenges_org_idx); drafts only for its staff. */
export function listCouncilChallenges(db: Db, organisationId: string, opts: { includeDrafts: boolean; limit?: number }): Promise<CouncilChallenge[]> {
  return db
    .select({
      id: challenges.id,
      ...phaseColumns,
      title: challenges.title,
      titleFr: challenges.titleFr,
      summary: challenges.summary,
      summaryFr: challenges.summaryFr,
      ideaCount: challenges.ideaCount,
    })
    .from(challenges)
    .where(and(eq(challenges.organisationId, organisationId), opts.includeDrafts ? undefined : ne(challenges.status, 'draft')))
    .orderBy(desc(challenges.createdAt), desc(challenges.id))
    .limit(opts.limit ?? COUNCIL_PAGE_MAX);
}

// ---- History ----

export const HISTORY_MAX = 200;
export type Revision = { id: number; editedAt: Date; editor: string | null; before: Record<string, unknown> };

/** The newest edits of a published challenge, with who made them. */
export async function listRevisions(db: Db, challengeId: string, limit = HISTORY_MAX): Promise<Revision[]> {
  const rows = await db
    .select({ id: challengeRevisions.id, editedAt: challengeRevisions.editedAt, editor: users.displayName, before: challengeRevisions.before })
    .from(challengeRevisions)
    .leftJoin(users, eq(users.id, challengeRevisions.editedBy))
    .where(eq(challengeRevisions.challengeId, challengeId))
    .orderBy(desc(challengeRevisions.editedAt), desc(challengeRevisions.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, before: (r.before ?? {}) as Record<string, unknown> }));
}

// ---- Supports (whether hidden counts may be shown: canRevealCounts) ----

/** Whether anyone supports an idea of the challenge now (one probe on idea_votes_challenge_user_idx). */
export async function hasSupports(db: Db, challengeId: string): Promise<boolean> {
  const [row] = await db.select({ one: sql<number>`1` }).from(ideaVotes).where(eq(ideaVotes.challengeId, challengeId)).limit(1);
  return row !== undefined;
}
