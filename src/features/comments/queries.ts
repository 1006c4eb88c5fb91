import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import type { ContentLanguage } from '../../db/schema/columns.js';
import { comments, ideas, users } from '../../db/schema/index.js';
import { BadRequestError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { afterStamp, decodeCursor, encodeCursor, stampOf, stampPage } from '../../lib/pagination.js';

// ---- Cursors ----

/**
 * A comment's position (src/lib/pagination.ts): its created_at (microseconds) and id, and
 * whether the page starts at that comment (inclusive, used to land on a given thread) or just after it.
 */
type Cursor = { at: string; id: string; inclusive: boolean };

const decode = (raw: string): Cursor => {
  const [at, id, inclusive] = decodeCursor(raw, ['stamp', 'uuid', 'int']);
  if (inclusive !== 0 && inclusive !== 1) throw new BadRequestError();
  return { at, id, inclusive: inclusive === 1 };
};

const cursorOf = (r: { stamp: string; id: string }, inclusive = false): string => encodeCursor([r.stamp, r.id, inclusive ? 1 : 0]);

/** (created_at, id) after (or before, for "newest") a cursor: a row comparison the indexes serve. */
function keyset(c: Cursor | undefined, direction: 'asc' | 'desc'): SQL | undefined {
  if (!c) return undefined;
  const op = direction === 'asc' ? (c.inclusive ? sql`>=` : sql`>`) : c.inclusive ? sql`<=` : sql`<`;
  return sql`(${comments.createdAt}, ${comments.id}) ${op} (${c.at}::timestamptz, ${c.id}::uuid)`;
}

// ---- A person's comments (for their public page) ----

export type CommentByItem = { id: string; ideaId: string; ideaTitle: string; excerpt: string; createdAt: Date };
export const COMMENTS_BY_PAGE = 20;
const EXCERPT_MAX = 160;

/** The first words of a comment's text, on one line. */
export function excerptOf(body: string, max = EXCERPT_MAX): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * A person's comments that are not deleted or hidden, on ideas that are not drafts, newest first,
 * keyset-paginated on comments_author_idx (author_id, created_at DESC, id). One query.
 */
export async function listCommentsBy(
  db: Db,
  authorId: string,
  opts: { after?: string; limit?: number } = {},
): Promise<{ items: CommentByItem[]; next: string | null }> {
  if (!isUuid(authorId)) return { items: [], next: null };
  const limit = Math.min(Math.max(1, opts.limit ?? COMMENTS_BY_PAGE), 100);
  const rows = await db
    .select({ id: comments.id, ideaId: comments.subjectId, ideaTitle: ideas.title, body: comments.body, createdAt: comments.createdAt, stamp: stampOf(comments.createdAt) })
    .from(comments)
    .innerJoin(ideas, eq(ideas.id, comments.subjectId))
    .where(and(eq(comments.authorId, authorId.toLowerCase()), isNull(comments.deletedAt), isNull(comments.hiddenAt), ne(ideas.status, 'draft'), afterStamp(comments.createdAt, comments.id, opts.after)))
    .orderBy(desc(comments.createdAt), asc(comments.id))
    .limit(limit + 1);
  const { items, next } = stampPage(rows, limit, (r) => r.id);
  return { items: items.map(({ body, ...r }) => ({ ...r, excerpt: excerptOf(body) })), next };
}

// ---- One comment ----

export type CommentRow = {
  id: string;
  subjectId: string;
  authorId: string | null;
  authorName: string | null;
  parentId: string | null;
  threadId: string;
  depth: number;
  body: string;
  bodyHtml: string;
  /** The language its author wrote it in. */
  language: ContentLanguage;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Hidden by the moderators, under this rule (src/features/moderation/rules.ts); null when shown. */
  hiddenRule: string | null;
  hiddenAt: Date | null;
  /** created_at with microseconds, for cursors. */
  stamp: string;
};

const commentColumns = {
  id: comments.id,
  subjectId: comments.subjectId,
  authorId: comments.authorId,
  authorName: users.displayName,
  parentId: comments.parentId,
  threadId: comments.threadId,
  depth: comments.depth,
  body: comments.body,
  bodyHtml: comments.bodyHtml,
  language: comments.language,
  createdAt: comments.createdAt,
  editedAt: comments.editedAt,
  deletedAt: comments.deletedAt,
  hiddenRule: comments.hiddenRule,
  hiddenAt: comments.hiddenAt,
  stamp: stampOf(comments.createdAt).as('stamp'), // aliased: the replies' subquery selects it by name
};

/** One comment with its author's name, or null (a malformed id is simply not found). */
export async function getComment(db: Db, id: string): Promise<CommentRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select(commentColumns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.id, id.toLowerCase()))
    .limit(1);
  return row ?? null;
}

// ---- The discussion of an idea ----

export const COMMENT_SORTS = ['oldest', 'newest'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];
export const THREADS_PAGE = 20;
/** At most this many replies are shown under one page of threads (one query). */
export const REPLIES_MAX = 500;

export type ThreadsPage = {
  /** Top-level comments of the page, in the page's order. */
  threads: CommentRow[];
  /** Replies to those threads, oldest first. */
  replies: CommentRow[];
  /** Cursor of the next page, or null. */
  next: string | null;
  /**
   * A thread whose replies did not all fit (only ever the page's last thread, and only when it
   * alone has more than the bound), with the cursor of the last reply shown.
   */
  truncated: { threadId: string; after: string } | null;
};

/**
 * One page of a subject's threads and all their replies: two queries whatever the page's length.
 *
 * - threads: comments_threads_idx (subject_id, created_at, id) WHERE parent_id IS NULL, walked
 *   forwards (oldest) or backwards (newest) from the cursor;
 * - replies: comments_replies_idx (thread_id, created_at, id), one range scan per thread of the
 *   page (LATERAL, each bounded), in page order, at most REPLIES_MAX (+1 to know there are
 *   more). If they do not all fit, the page
 *   ends with the last thread whose replies are complete (the next page starts with the
 *   next), so nothing is skipped; a first thread with more replies than the bound alone is
 *   shown with the first REPLIES_MAX and a link to the rest (see listThreadReplies).
 *
 * Keyset pagination has no duplicates or gaps as comments arrive: new threads sort after
 * everything in "oldest" and before the cursor in "newest".
 */
export async function listThreads(
  db: Db,
  subjectId: string,
  opts: { sort: CommentSort; after?: string | undefined; limit?: number; repliesMax?: number },
): Promise<ThreadsPage> {
  const limit = opts.limit ?? THREADS_PAGE;
  const repliesMax = opts.repliesMax ?? REPLIES_MAX;
  const dir = opts.sort === 'newest' ? 'desc' : 'asc';
  const c = opts.after ? decode(opts.after) : undefined;
  const order = dir === 'asc' ? [asc(comments.createdAt), asc(comments.id)] : [desc(comments.createdAt), desc(comments.id)];
  const rows = await db
    .select(commentColumns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.subjectId, subjectId), isNull(comments.parentId), keyset(c, dir)))
    .orderBy(...order)
    .limit(limit + 1);
  let threads = rows.slice(0, limit);
  let hasMore = rows.length > limit;
  if (threads.length === 0) return { threads, replies: [], next: null, truncated: null };

  // Each thread's first replies (at most the bound + 1 apiece: an index range scan per thread,
  // never more rows than that whatever the threads hold), then in page order.
  const roots = alias(comments, 'roots');
  const perThread = db
    .select(commentColumns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(sql`${comments.threadId} = ${roots.id}`, isNotNull(comments.parentId)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(repliesMax + 1)
    .as('r');
  const position = sql.join([sql`case ${roots.id}`, ...threads.map((t, i) => sql`when ${t.id}::uuid then ${i}::int`), sql`end`], sql` `);
  const replyRows = await db
    .select({
      id: perThread.id,
      subjectId: perThread.subjectId,
      authorId: perThread.authorId,
      authorName: perThread.authorName,
      parentId: perThread.parentId,
      threadId: perThread.threadId,
      depth: perThread.depth,
      body: perThread.body,
      bodyHtml: perThread.bodyHtml,
      language: perThread.language,
      createdAt: perThread.createdAt,
      editedAt: perThread.editedAt,
      deletedAt: perThread.deletedAt,
      hiddenRule: perThread.hiddenRule,
      hiddenAt: perThread.hiddenAt,
      stamp: perThread.stamp,
    })
    .from(roots)
    .crossJoinLateral(perThread)
    .where(
      inArray(
        roots.id,
        threads.map((t) => t.id),
      ),
    )
    .orderBy(position, asc(perThread.createdAt), asc(perThread.id))
    .limit(repliesMax + 1);
  let replies: CommentRow[] = replyRows;

  let truncated: ThreadsPage['truncated'] = null;
  if (replies.length > repliesMax) {
    const cutThread = replies[repliesMax]!.threadId;
    const cutIndex = threads.findIndex((t) => t.id === cutThread);
    if (cutIndex > 0) {
      // End the page before the thread that did not fit; the next page starts with it.
      threads = threads.slice(0, cutIndex);
      const kept = new Set(threads.map((t) => t.id));
      replies = replies.filter((r) => kept.has(r.threadId));
      hasMore = true;
    } else {
      // The first thread alone has more replies than fit: show it alone, with the first ones.
      threads = threads.slice(0, 1);
      replies = replies.slice(0, repliesMax);
      hasMore = rows.length > 1;
      truncated = { threadId: threads[0]!.id, after: cursorOf(replies.at(-1)!) };
    }
  }
  const last = threads.at(-1)!;
  return { threads, replies, next: hasMore ? cursorOf(last) : null, truncated };
}

export const THREAD_REPLIES_PAGE = REPLIES_MAX;

/** Replies of one thread after a cursor, oldest first (the rest of a thread too long for the idea page). One query. */
export async function listThreadReplies(
  db: Db,
  threadId: string,
  opts: { after?: string | undefined; limit?: number } = {},
): Promise<{ replies: CommentRow[]; next: string | null }> {
  const limit = opts.limit ?? THREAD_REPLIES_PAGE;
  const c = opts.after ? decode(opts.after) : undefined;
  const rows = await db
    .select(commentColumns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.threadId, threadId), isNotNull(comments.parentId), keyset(c, 'asc')))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit + 1);
  const replies = rows.slice(0, limit);
  const last = replies.at(-1);
  return { replies, next: rows.length > limit && last ? cursorOf(last) : null };
}

/**
 * Where a comment can be seen on its subject's page (at subjectUrl) in a given order: the first page when its
 * thread is among the first THREADS_PAGE threads, else a page starting at its thread. Two
 * queries: its thread's root (with its exact time), then the threads before it.
 */
export async function locateComment(db: Db, comment: { id: string; subjectId: string; threadId: string }, sort: CommentSort, subjectUrl: string): Promise<string> {
  const [root] = await db.select({ id: comments.id, stamp: stampOf(comments.createdAt) }).from(comments).where(eq(comments.id, comment.threadId)).limit(1);
  const params = new URLSearchParams();
  if (sort !== 'oldest') params.set('csort', sort);
  if (root) {
    const position = sql`(${root.stamp}::timestamptz, ${root.id}::uuid)`;
    const before = await db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.subjectId, comment.subjectId),
          isNull(comments.parentId),
          sort === 'oldest' ? sql`(${comments.createdAt}, ${comments.id}) < ${position}` : sql`(${comments.createdAt}, ${comments.id}) > ${position}`,
        ),
      )
      .limit(THREADS_PAGE);
    if (before.length >= THREADS_PAGE) params.set('cafter', cursorOf(root, true));
  }
  const q = params.toString();
  return `${subjectUrl}${q ? `?${q}` : ''}#comment-${comment.id}`;
}
