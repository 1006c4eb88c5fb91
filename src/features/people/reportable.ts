import { and, eq, isNotNull } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import { pageScope } from '../../lib/page-versions.js';
import type { ReportableKind } from '../../lib/reportables.js';
import { getPerson } from './queries.js';

/**
 * A person's public profile (display name and bio) as reportable content. Profiles are public,
 * so anyone signed in may report one. Hiding hides the bio (the page says why); the name stays,
 * as it is what their ideas and comments are signed with.
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
      hidden: person.hiddenRule !== null ? { rule: person.hiddenRule } : null,
      gone: false,
    };
  },
  async setHidden(tx, id, hidden) {
    const [row] = await tx.select({ hiddenAt: users.profileHiddenAt }).from(users).where(eq(users.id, id)).limit(1).for('no key update');
    if (!row) return [];
    await tx
      .update(users)
      .set(hidden ? { profileHiddenAt: row.hiddenAt ?? hidden.at, profileHiddenRule: hidden.rule } : { profileHiddenAt: null, profileHiddenRule: null })
      .where(eq(users.id, id));
    return [pageScope.person(id)];
  },
  async erase(tx, id) {
    // The introduction; the name stays (it signs their ideas and comments).
    await tx.update(users).set({ bio: '' }).where(and(eq(users.id, id), isNotNull(users.profileHiddenAt)));
  },
};
