import { and, asc, desc, eq, isNotNull, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { builtOnce, literalCount, literalLimit } from '../../db/prepared.js';
import type { ContentLanguage } from '../../db/schema/columns.js';
import { challenges, ideas, ideaTopics, organisations, subjects, users } from '../../db/schema/index.js';
import { BadRequestError } from '../../lib/errors.js';
import { CONTROL_CHARS, isUuid } from '../../lib/fields.js';
import { afterStamp, decodeCursor, page, stampOf, stampPage } from '../../lib/pagination.js';
import { byName, topicsOfRow, type Topic } from '../challenges/index.js';
import { shuffleStart } from './fair-order.js';
import { LISTED_STATUSES, type IdeaStatus, type WithdrawReason } from './policy.js';
import type { IdeaSort } from './schemas.js';

/** Shown in lists: published, not withdrawn, not hidden by the moderators. */
const listed = and(notInArray(ideas.status, ['draft', 'withdrawn']), isNull(ideas.hiddenAt));
/** Ideas still in play: published, not withdrawn, not "not taken forward" (OUT_OF_PLAY), not hidden. */
const inPlay = and(notInArray(ideas.status, ['draft', 'withdrawn', 'not_taken_forward']), isNull(ideas.hiddenAt));

/** The idea's comment count, kept on its subject row (one index lookup per idea shown; the table named, as drizzle leaves columns unqualified without a join). */
const commentCount = sql<number>`(SELECT s.comment_count FROM ${subjects} s WHERE s.id = "ideas"."id")`.mapWith(Number);

// ---- Cards (list) ----

export type IdeaCard = {
  id: string;
  authorId: string | null;
  title: string;
  summary: string;
  /** The language its author wrote it in. */
  language: ContentLanguage;
  status: IdeaStatus;
  supportCount: number;
  commentCount: number;
  publishedAt: Date | null;
  editedAt: Date | null;
  authorName: string | null;
  organisationName: string | null;
  topics: Topic[];
};

/** An idea's topics as a JSON array in its own row (one query for ideas and their topics). */
const topicsJson = topicsOfRow(ideaTopics.ideaId, ideaTopics.topicId, ideas.id);

const cardColumns = {
  id: ideas.id,
  authorId: ideas.authorId,
  title: ideas.title,
  summary: ideas.summary,
  language: ideas.language,
  status: ideas.status,
  supportCount: ideas.supportCount,
  publishedAt: ideas.publishedAt,
  editedAt: ideas.editedAt,
  commentCount: commentCount.as('comment_count'),
  shuffleKey: ideas.shuffleKey,
  recentSupport: ideas.recentSupport,
  authorName: users.displayName,
  organisationName: organisations.name,
  topics: topicsJson.as('topics'),
  /** published_at with microseconds, for the "newest" cursor. */
  publishedStamp: stampOf(ideas.publishedAt).as('published_stamp'),
  /** Its card's page version, read with its row (pageShows in src/http/page-cache.ts). */
  pageVersion: sql<number>`coalesce((SELECT pv.version FROM page_versions pv WHERE pv.key = 'subject:' || "ideas"."id"), 0)`.mapWith(Number).as('page_version'),
};

export const IDEAS_PAGE = 20;

export type ListParams = {
  challengeId: string;
  sort: IdeaSort;
  /** One status (LISTED_STATUSES); without, the ideas still in play. */
  status?: IdeaStatus | undefined;
  topic?: number | undefined;
  q?: string | undefined;
  /** The visitor's seed (random sort only). */
  seed: string;
  after?: string | undefined;
  limit?: number;
};

/** `versions`: each card's page version, read in the same statement as the cards (for pageShows). */
export type IdeaPage = { items: IdeaCard[]; next: string | null; versions: number[] };

/**
 * One page of a challenge's ideas — those still in play, or those of one status (withdrawn ones
 * only if they had been published) — in one of four index-served orders, with
 * keyset pagination (no duplicates or gaps as ideas arrive: a new idea sorts before the cursor
 * in "newest", and in "random" lands either ahead, where it will be reached, or behind):
 *
 * - supported: ideas_supported_idx (challenge_id, support_count DESC, id)
 * - trending:  ideas_trending_idx (challenge_id, recent_support DESC, id): supports in the last 7 days
 * - newest:    ideas_newest_idx (challenge_id, published_at DESC, id)
 * - random:    ideas_shuffle_idx (challenge_id, shuffle_key, id) over the ideas in play,
 *              ideas_shuffle_status_idx (challenge_id, status, shuffle_key, id) for one status,
 *              or idea_topics_shuffle_idx (topic_id, challenge_id, shuffle_key, idea_id) for a
 *              topic, walked from the seed's start point up to the end (part 0), then from the
 *              beginning up to the start (part 1), which runs only when part 0 ran out. Either
 *              way a page reads only the rows it shows (docs/decisions/0053-…).
 *
 * One query whatever the page size: the cards, with author and organisation names joined and
 * their topics as a JSON array. Built once per shape (sort, which filters, cursor or not, the
 * limit as a literal) with placeholders for the values (builtOnce): drizzle's builder cost more
 * than the query, and a parameterised LIMIT had PostgreSQL plan every execution afresh (planning
 * 1.2–1.9 ms against 1.1 ms running).
 */
export async function listIdeas(db: Db, p: ListParams): Promise<IdeaPage> {
  const limit = p.limit ?? IDEAS_PAGE;
  const n = limit + 1;
  if (p.status && !(LISTED_STATUSES as readonly string[]).includes(p.status)) throw new BadRequestError();
  const shape = (rest: string) =>
    `ideas_cards:${p.sort}:${p.status ?? ''}:${p.topic !== undefined ? 't' : ''}:${p.q ? 'q' : ''}:${rest}:${n}`;
  // Every value goes in as a placeholder; the status, checked against LISTED_STATUSES above, is written in the text.
  const filters: (SQL | undefined)[] = [
    eq(ideas.challengeId, sql.placeholder('challengeId')),
    // The list indexes' predicate, as literal SQL so that every plan (a generic one too) may use them.
    sql`${ideas.status} <> 'draft'`,
    // Hidden by the moderators: in no list, whatever the filter (a filter on the rows the index gives).
    isNull(ideas.hiddenAt),
    p.status ? sql`${ideas.status} = ${sql.raw(`'${p.status}'`)}` : sql`${ideas.status} NOT IN ('withdrawn', 'not_taken_forward')`,
    p.status === 'withdrawn' ? isNotNull(ideas.publishedAt) : undefined,
    // Control characters never reach here: the query guard refuses them (src/http/middleware/query.ts).
    p.q ? sql`${ideas.search} @@ websearch_to_tsquery('simple', ${sql.placeholder('q')})` : undefined,
  ];
  const topicExists =
    p.topic !== undefined
      ? sql`exists (select 1 from ${ideaTopics} where ${ideaTopics.ideaId} = ${ideas.id} and ${ideaTopics.topicId} = ${sql.placeholder('topic')})`
      : undefined;
  const base = () =>
    db.select(cardColumns).from(ideas).leftJoin(users, eq(users.id, ideas.authorId)).leftJoin(organisations, eq(organisations.id, ideas.organisationId));
  const [c0, c1, c2] = [sql.placeholder('c0'), sql.placeholder('c1'), sql.placeholder('c2')];

  type Row = Awaited<ReturnType<ReturnType<typeof base>['limit']>>[number];
  let rows: (Row & { part?: number })[];
  let cursorOf: (r: Row & { part?: number }) => (string | number)[];

  if (p.sort === 'supported' || p.sort === 'trending') {
    // Mixed directions (count DESC, id ASC) follow the index; "<=" is the index bound, the rest a filter.
    const col = p.sort === 'supported' ? ideas.supportCount : ideas.recentSupport;
    const c = p.after ? decodeCursor(p.after, ['int', 'uuid']) : undefined;
    const query = builtOnce(db, shape(c ? 'after' : ''), () =>
      base()
        .where(and(...filters, topicExists, c ? sql`${col} <= ${c0}::int and (${col} < ${c0}::int or ${ideas.id} > ${c1}::uuid)` : undefined))
        .orderBy(desc(col), asc(ideas.id))
        .limit(literalLimit(n))
        .prepare('ideas_cards'),
    );
    rows = await query.execute({ challengeId: p.challengeId, q: p.q, topic: p.topic, c0: c?.[0], c1: c?.[1] });
    cursorOf = (r) => [p.sort === 'supported' ? r.supportCount : r.recentSupport, r.id];
  } else if (p.sort === 'newest') {
    const c = p.after ? decodeCursor(p.after, ['stamp', 'uuid']) : undefined;
    const query = builtOnce(db, shape(c ? 'after' : ''), () =>
      base()
        .where(
          and(
            ...filters,
            topicExists,
            c ? sql`${ideas.publishedAt} <= ${c0}::timestamptz and (${ideas.publishedAt} < ${c0}::timestamptz or ${ideas.id} > ${c1}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(ideas.publishedAt), asc(ideas.id))
        .limit(literalLimit(n))
        .prepare('ideas_cards'),
    );
    rows = await query.execute({ challengeId: p.challengeId, q: p.q, topic: p.topic, c0: c?.[0], c1: c?.[1] });
    cursorOf = (r) => [r.publishedStamp, r.id];
  } else {
    const start = shuffleStart(p.seed, p.challengeId);
    // Cursor: [part, shuffle_key, id].
    const c = p.after ? decodeCursor(p.after, ['int', 'int', 'uuid']) : undefined;
    const part = c ? c[0] : 0;
    if (part !== 0 && part !== 1) throw new BadRequestError();
    const query = builtOnce(db, shape(c ? `after${part}` : ''), () => {
      // With a topic, the walk is on idea_topics_shuffle_idx (topic_id, challenge_id, shuffle_key,
      // idea_id), whose rows carry their idea's key: only the topic's ideas are read.
      const byTopic = p.topic !== undefined ? alias(ideaTopics, 'by_topic') : undefined;
      const key = byTopic ? byTopic.shuffleKey : ideas.shuffleKey;
      const id = byTopic ? byTopic.ideaId : ideas.id;
      const source = () =>
        byTopic
          ? base()
              .$dynamic()
              .innerJoin(
                byTopic,
                and(eq(byTopic.ideaId, ideas.id), eq(byTopic.topicId, sql.placeholder('topic')), eq(byTopic.challengeId, sql.placeholder('challengeId'))),
              )
          : base().$dynamic();
      const afterKey = c ? sql`(${key}, ${id}) > (${c1}::int, ${c2}::uuid)` : undefined;
      const from = sql.placeholder('start');
      // Part 0 (from the start point up) in a CTE; part 1 (from the bottom of the key range, after
      // the wrap) only runs when part 0 ran out: its one-time filter counts part 0's rows. A page
      // before the wrap thus reads and decorates n rows, not 2n.
      const head = db
        .$with('head')
        .as(
          source()
            .where(and(...filters, sql`${key} >= ${from}::int`, part === 0 ? afterKey : sql`false`))
            .orderBy(asc(key), asc(id))
            .limit(literalLimit(n)),
        );
      const tail = source()
        .where(and(...filters, sql`${key} < ${from}::int`, part === 1 ? afterKey : undefined, sql`(select count(*) from ${head}) < ${literalCount(n)}`))
        .orderBy(asc(key), asc(id))
        .limit(literalLimit(n));
      // The WITH goes around the union (drizzle would put it inside the union's first branch).
      const both = db.select().from(head).unionAll(tail).as('page');
      return db.with(head).select().from(both).prepare('ideas_cards_random');
    });
    const all = await query.execute({ challengeId: p.challengeId, q: p.q, topic: p.topic, start, c1: c?.[1], c2: c?.[2] });
    // The first part's rows come before the second's; each part is already in index order.
    const sorted = [...all]
      .map((r) => ({ ...r, part: r.shuffleKey >= start ? 0 : 1 }))
      .sort((a, b) => a.part - b.part || a.shuffleKey - b.shuffleKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    rows = sorted.slice(0, n);
    cursorOf = (r) => [r.part ?? 0, r.shuffleKey, r.id];
  }

  const cards = page(rows, limit, cursorOf, ({ shuffleKey: _s, part: _p, recentSupport: _r, publishedStamp: _t, pageVersion: _v, ...r }) => ({ ...r, topics: byName(r.topics) }));
  return { ...cards, versions: rows.slice(0, limit).map((r) => r.pageVersion) };
}

// ---- One idea ----

export type IdeaDetail = IdeaCard & {
  challengeId: string;
  organisationId: string | null;
  description: string;
  descriptionHtml: string;
  createdAt: Date;
  withdrawnAt: Date | null;
  withdrawReason: WithdrawReason | null;
  withdrawExplanation: string;
  responseDueAt: Date | null;
  respondedAt: Date | null;
  /** Hidden by the moderators (its page is a tombstone), under this rule ('held': until a decision). */
  hiddenAt: Date | null;
  hiddenRule: string | null;
};

export async function getIdea(db: Db, id: string): Promise<IdeaDetail | null> {
  if (!isUuid(id)) return null;
  const query = builtOnce(db, 'idea_by_id', () =>
    db
    .select({
      id: ideas.id,
      challengeId: ideas.challengeId,
      authorId: ideas.authorId,
      organisationId: ideas.organisationId,
      title: ideas.title,
      summary: ideas.summary,
      description: ideas.description,
      descriptionHtml: ideas.descriptionHtml,
      language: ideas.language,
      status: ideas.status,
      supportCount: ideas.supportCount,
      commentCount,
      responseDueAt: ideas.responseDueAt,
      respondedAt: ideas.respondedAt,
      createdAt: ideas.createdAt,
      publishedAt: ideas.publishedAt,
      editedAt: ideas.editedAt,
      withdrawnAt: ideas.withdrawnAt,
      withdrawReason: ideas.withdrawReason,
      withdrawExplanation: ideas.withdrawExplanation,
      hiddenAt: ideas.hiddenAt,
      hiddenRule: ideas.hiddenRule,
      authorName: users.displayName,
      organisationName: organisations.name,
      topics: topicsJson,
    })
    .from(ideas)
    .leftJoin(users, eq(users.id, ideas.authorId))
    .leftJoin(organisations, eq(organisations.id, ideas.organisationId))
    .where(eq(ideas.id, sql.placeholder('id')))
    .limit(literalLimit(1))
    .prepare('idea_by_id'), // every idea page and comment request runs it: built once, planned once per connection
  );
  const [row] = await query.execute({ id: id.toLowerCase() });
  if (!row) return null;
  return { ...row, topics: byName(row.topics) };
}

// ---- Similar titles (pg_trgm) ----

export type SimilarIdea = { id: string; title: string; summary: string };
export const SIMILAR_MAX = 5;

/** Up to five ideas still in play in the challenge (ones people can support instead) whose titles look like `title`, most similar first. */
export async function listSimilarIdeas(db: Db, challengeId: string, title: string, excludeId?: string): Promise<SimilarIdea[]> {
  // PostgreSQL refuses NUL in text: drop control characters from what is only a search (the title
  // also comes from a form body, which the query guard does not see).
  const q = title.replace(new RegExp(CONTROL_CHARS.source, 'g'), '').trim().slice(0, 140);
  if (q.length < 3) return [];
  const score = sql`greatest(similarity(${ideas.title}, ${q}), word_similarity(${q}, ${ideas.title}))`;
  return db
    .select({ id: ideas.id, title: ideas.title, summary: ideas.summary })
    .from(ideas)
    .where(
      and(
        eq(ideas.challengeId, challengeId),
        inPlay,
        excludeId ? sql`${ideas.id} <> ${excludeId}::uuid` : undefined,
        sql`(similarity(${ideas.title}, ${q}) > 0.2 or word_similarity(${q}, ${ideas.title}) > 0.4)`,
      ),
    )
    .orderBy(desc(score), asc(ideas.id))
    .limit(SIMILAR_MAX);
}

// ---- A person's own ideas ----

export type MyIdea = { id: string; title: string; status: IdeaStatus; createdAt: Date; challengeId: string; challengeTitle: string };
export const MY_IDEAS_PAGE = 50;

/** The author's ideas (drafts included), newest first, keyset-paginated on ideas_author_idx. */
export async function listMyIdeas(db: Db, userId: string, after?: string, limit = MY_IDEAS_PAGE): Promise<{ items: MyIdea[]; next: string | null }> {
  const rows = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      status: ideas.status,
      createdAt: ideas.createdAt,
      challengeId: ideas.challengeId,
      challengeTitle: challenges.title,
      stamp: stampOf(ideas.createdAt),
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(and(eq(ideas.authorId, userId), afterStamp(ideas.createdAt, ideas.id, after)))
    .orderBy(desc(ideas.createdAt), asc(ideas.id))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.id);
}

// ---- What a person wrote (their public page) ----

export type IdeaByAuthor = { id: string; title: string; status: IdeaStatus; challengeId: string; challengeTitle: string; publishedAt: Date | null };
export const IDEAS_BY_PAGE = 20;

/**
 * A person's published ideas for their public page, newest first: drafts never, and withdrawn
 * ideas left out too (the author took them back; their page stays reachable by its link).
 * Keyset on ideas_author_idx (author_id, created_at DESC); the cursor keeps PostgreSQL's
 * microseconds so no idea is skipped or repeated between pages.
 */
export async function listIdeasBy(db: Db, authorId: string, options: { after?: string | undefined; limit?: number | undefined } = {}): Promise<{ items: IdeaByAuthor[]; next: string | null }> {
  const limit = Math.min(Math.max(1, options.limit ?? IDEAS_BY_PAGE), 100);
  if (!isUuid(authorId)) return { items: [], next: null };
  const rows = await db
    .select({
      id: ideas.id,
      title: ideas.title,
      status: ideas.status,
      challengeId: ideas.challengeId,
      challengeTitle: challenges.title,
      publishedAt: ideas.publishedAt,
      stamp: stampOf(ideas.createdAt),
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(
      and(
        eq(ideas.authorId, authorId),
        listed,
        sql`${challenges.status} <> 'draft'`,
        afterStamp(ideas.createdAt, ideas.id, options.after),
      ),
    )
    .orderBy(desc(ideas.createdAt), asc(ideas.id))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.id);
}

// ---- The person's drafts in one challenge (offered before a new form) ----

export type DraftRef = { id: string; title: string; createdAt: Date };
/** At most this many drafts are offered on the new-idea page (the rest are on "Your ideas"). */
export const DRAFTS_OFFERED = 5;

/**
 * The person's drafts in one challenge, newest first: at most DRAFTS_OFFERED, and whether there
 * are more. One query on ideas_author_idx (author_id, created_at DESC).
 */
export async function listDraftsIn(db: Db, userId: string, challengeId: string): Promise<{ items: DraftRef[]; more: boolean }> {
  const rows = await db
    .select({ id: ideas.id, title: ideas.title, createdAt: ideas.createdAt })
    .from(ideas)
    .where(and(eq(ideas.authorId, userId), eq(ideas.challengeId, challengeId), eq(ideas.status, 'draft')))
    .orderBy(desc(ideas.createdAt), asc(ideas.id))
    .limit(DRAFTS_OFFERED + 1);
  return { items: rows.slice(0, DRAFTS_OFFERED), more: rows.length > DRAFTS_OFFERED };
}
