import { and, desc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import { ideaRevisions, ideas } from '../../db/schema/index.js';
import { pageScope } from '../../lib/page-versions.js';
import type { ReportableKind } from '../../lib/reportables.js';
import { adjustIdeaCount, ideaPages, lockIdea } from './commands/support.js';
import { isPublished } from './policy.js';
import { getIdea } from './queries.js';

/**
 * An idea as reportable content: its title, summary and description, its author; who may see it
 * is the idea subject's canView. Hiding keeps the row as it was (for a review or a lawful
 * request, until the retention period ends: erase) and takes it out of every list, count, search and notification (the subject's state
 * 'hidden'); its page says it was hidden and why. Its supports stay as they were: hiding is a
 * moderation state, not the idea leaving play, so the vote counts and budgets keep their invariant.
 */
export const ideaReportable: ReportableKind = {
  kind: 'idea',
  label: 'ideas.reportable.label',
  async load(db, id) {
    const idea = await getIdea(db, id);
    if (!idea) return null;
    return {
      kind: 'idea',
      id: idea.id,
      url: `/ideas/${idea.id}`,
      subjectId: idea.id,
      authorId: idea.authorId,
      snapshot: { title: idea.title, body: [idea.summary, idea.description].filter(Boolean).join('\n\n') },
      hidden: idea.hiddenAt ? { rule: idea.hiddenRule ?? '' } : null,
      gone: false,
    };
  },
  async shownBy(db, authorId, limit) {
    const rows = await db
      .select({ id: ideas.id })
      .from(ideas)
      .where(and(eq(ideas.authorId, authorId), ne(ideas.status, 'draft'), isNull(ideas.hiddenAt)))
      .orderBy(desc(ideas.createdAt))
      .limit(limit);
    return rows.map((r) => r.id);
  },
  async setHidden(tx, id, hidden) {
    // The row locked (as a withdrawal locks it): the challenge's counts move once, only when its visibility changes.
    const idea = await lockIdea(tx, id);
    await tx
      .update(ideas)
      .set(hidden ? { hiddenAt: idea.hiddenAt ?? hidden.at, hiddenRule: hidden.rule } : { hiddenAt: null, hiddenRule: null })
      .where(eq(ideas.id, id));
    const wasShown = idea.hiddenAt === null;
    if (isPublished(idea.status) && wasShown === Boolean(hidden)) await adjustIdeaCount(tx, idea, hidden ? -1 : 1);
    return [...ideaPages(idea), pageScope.ranking(idea.challengeId)];
  },
  async erase(tx, id) {
    // Its words and their earlier versions; the hidden idea's page shows none of them anyway.
    const erased = await tx
      .update(ideas)
      .set({ title: '', summary: '', description: '', descriptionHtml: '' })
      .where(and(eq(ideas.id, id), isNotNull(ideas.hiddenAt)))
      .returning({ id: ideas.id });
    if (erased.length) await tx.delete(ideaRevisions).where(eq(ideaRevisions.ideaId, id));
  },
};
