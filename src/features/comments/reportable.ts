import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { comments } from '../../db/schema/index.js';
import { pageScope } from '../../lib/page-versions.js';
import type { ReportableKind } from '../../lib/reportables.js';
import { adjustCommentCount } from './commands/support.js';

/**
 * A comment as reportable content: its words, its author, the subject it is on (whose canView
 * says who may see it). Hiding keeps the row and its words (for appeals and lawful requests) and
 * shows a tombstone naming the rule; the subject's comment count leaves it out while hidden.
 */
export const commentReportable: ReportableKind = {
  kind: 'comment',
  label: 'comments.reportable.label',
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
  async setHidden(tx: Db, id, hidden) {
    // Only a change of state moves the count (a repeated decision changes nothing); a deleted comment is not counted either way.
    const [row] = await tx
      .update(comments)
      .set(hidden ? { hiddenAt: hidden.at, hiddenRule: hidden.rule } : { hiddenAt: null, hiddenRule: null })
      .where(and(eq(comments.id, id), hidden ? isNull(comments.hiddenAt) : isNotNull(comments.hiddenAt)))
      .returning({ subjectId: comments.subjectId, authorId: comments.authorId, deletedAt: comments.deletedAt });
    if (!row) {
      const [still] = await tx.select({ subjectId: comments.subjectId, authorId: comments.authorId }).from(comments).where(eq(comments.id, id)).limit(1);
      return still ? scopes(still) : [];
    }
    if (row.deletedAt === null) await adjustCommentCount(tx, row.subjectId, hidden ? -1 : 1);
    return scopes(row);
  },
};

const scopes = (c: { subjectId: string; authorId: string | null }) => [pageScope.subject(c.subjectId), ...(c.authorId ? [pageScope.person(c.authorId)] : [])];
