import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import type { Locale } from '../../../i18n/index.js';
import type { Deps } from '../../../lib/deps.js';

/**
 * The language switch remembered on the account (a visitor's choice lives in a cookie only).
 * Who may: the signed-in person, for themselves. No audit row: a display preference.
 */
export async function setLocale(deps: Deps, userId: string, locale: Locale): Promise<void> {
  await deps.db.update(users).set({ locale }).where(eq(users.id, userId));
}
