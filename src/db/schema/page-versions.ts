import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The versions the anonymous page cache keys on (src/lib/page-versions.ts): one counter per
 * scope ('site', a subject's page, a challenge's list of ideas, a person's page). A command bumps
 * the scopes it changes in its own transaction (through recordEvent), so a page cached under the
 * old versions is never served after the write is acknowledged. A missing row is version 0.
 */
export const pageVersions = pgTable('page_versions', {
  key: text('key').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});
