import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { comments } from '../../db/schema/index.js';
import { pageScope } from '../../lib/page-versions.js';
import type { ReportableKind } from '../../lib/reportables.js';
import { adjustCommentCount } from './commands/support.js';

/**
 * A comment as reportable content: its words, its author, the subject it is on (whose canView
 * says who may see it). Hiding keeps the row and its words (for appeals and lawful requests, until
 * the retention period ends: erase) and shows a tombstone naming the rule; the subject's comment
 * count leaves it out while hidden.
 */
export const commentReportable: ReportableKind = {
  kind: 'comment',
  label: 'comments.reportable.label',
  announcedBy: ['comment.post'],
  async load(db, id) {
    const [row] = await db
      .select({ id: comments.id, subjectId: comments.subjectId, authorId: comments.authorId, body: comments.body, deletedAt: comments.deletedAt, hiddenRule: comments.hiddenRule, hiddenAt: comments.hiddenAt })
      .from(comments)
      .where(eq(comments.id, id))
      .limit(1);
    if (!row) return null;
    return {
      kind: 'comment',
      id: row.id,
      url: `/comments/${row.id}`,
      subjectId: row.subjectId,
      authorId: row.authorId,
      snapshot: { title: '', body: row.body },
      hidden: row.hiddenAt ? { rule: row.hiddenRule ?? '' } : null,
      gone: row.deletedAt !== null,
    };
  },
  async shownBy(db, authorId, limit) {
    const rows = await db
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.authorId, authorId), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
      .orderBy(desc(comments.createdAt))
      .limit(limit);
    return rows.map((r) => r.id);
  },
  async setHidden(tx: Db, id, hidden) {
    // The row locked; only a change of visibility moves the count (a deleted comment is not counted either way).
    const [row] = await tx
      .select({ subjectId: comments.subjectId, authorId: comments.authorId, deletedAt: comments.deletedAt, hiddenAt: comments.hiddenAt })
      .from(comments)
      .where(eq(comments.id, id))
      .limit(1)
      .for('no key update');
    if (!row) return [];
    await tx
      .update(comments)
      .set(hidden ? { hiddenAt: row.hiddenAt ?? hidden.at, hiddenRule: hidden.rule } : { hiddenAt: null, hiddenRule: null })
      .where(eq(comments.id, id));
    const wasShown = row.hiddenAt === null;
    if (row.deletedAt === null && wasShown === Boolean(hidden)) await adjustCommentCount(tx, row.subjectId, hidden ? -1 : 1);
    return scopes(row);
  },
  async erase(tx, id) {
    await tx.update(comments).set({ body: '', bodyHtml: '' }).where(and(eq(comments.id, id), isNotNull(comments.hiddenAt)));
  },
};

const scopes = (c: { subjectId: string; authorId: string | null }) => [pageScope.subject(c.subjectId), ...(c.authorId ? [pageScope.person(c.authorId)] : [])];
