import type { ReportableKind } from '../../lib/reportables.js';
import { getIdea } from './queries.js';

/**
 * An idea as reportable content: its title, summary and description, its author; who may see it
 * is the idea subject's canView. Hiding an idea (out of every list, count and search) is not
 * built yet: the queue offers dismiss for ideas until it is.
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
      hidden: null,
      gone: false,
    };
  },
};
