import { pageScope } from '../../../lib/page-versions.js';
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import type { Locale } from '../../../i18n/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { InvalidInputError } from '../../../lib/errors.js';
import { hasLink, holdForReview, isNewAccount } from '../../moderation/index.js';

/**
 * A signed-in user edits their own display name, bio and preferred language.
 * A new account (isNewAccount) may not put a web address in its name (names sign every idea and
 * comment, so a held name would hide the person everywhere: InvalidInputError instead), and an
 * introduction with one waits for a moderator (held: the page says so until they decide).
 * Answers whether the introduction is held.
 */
export async function updateProfile(deps: Deps, userId: string, input: { displayName: string; bio: string; locale: Locale }): Promise<{ held: boolean }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const links = { name: hasLink(input.displayName), bio: hasLink(input.bio) };
    const isNew = (links.name || links.bio) && (await isNewAccount(tx, userId, now));
    if (isNew && links.name) throw new InvalidInputError({ displayName: 'moderation.newAccount.nameLink' });
    const [before] = await tx.select({ bio: users.bio }).from(users).where(eq(users.id, userId)).limit(1).for('no key update');
    await tx.update(users).set(input).where(eq(users.id, userId));
    await recordEvent(tx, { actorId: userId, name: 'user.update_profile', entityType: 'user', entityId: userId, payload: {}, pages: [pageScope.site] }, now); // names show on many pages
    const held = isNew && links.bio && before?.bio !== input.bio;
    if (held) await holdForReview(deps, tx, 'person', userId, 'newAccountLinks', now);
    return { held };
  });
}
