import { pageScope } from '../../../lib/page-versions.js';
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import type { Locale } from '../../../i18n/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';

/** A signed-in user edits their own display name, bio and preferred language. */
export async function updateProfile(deps: Deps, userId: string, input: { displayName: string; bio: string; locale: Locale }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set(input).where(eq(users.id, userId));
    await recordEvent(tx, { actorId: userId, name: 'user.update_profile', entityType: 'user', entityId: userId, payload: {}, pages: [pageScope.site] }, deps.clock.now()); // names show on many pages
  });
}
