import type { ReportableKind } from '../../lib/reportables.js';
import { getPerson } from './queries.js';

/**
 * A person's public profile (display name and bio) as reportable content. Profiles are public,
 * so anyone signed in may report one; hiding a profile is not built yet (the queue offers dismiss).
 */
export const personReportable: ReportableKind = {
  kind: 'person',
  label: 'people.reportable.label',
  async load(db, id) {
    const person = await getPerson(db, id);
    if (!person) return null;
    return {
      kind: 'person',
      id: person.id,
      url: `/people/${person.id}`,
      subjectId: null,
      authorId: person.id,
      snapshot: { title: person.displayName, body: person.bio },
      hidden: null,
      gone: false,
    };
  },
};
