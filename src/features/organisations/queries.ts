import { asc, desc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations } from '../../db/schema/index.js';

export type OrganisationSummary = { name: string; slug: string; kind: 'council' | 'partner'; verified: boolean };

/** A few organisations for the home page, councils first. */
export function listOrganisationsForHome(db: Db, limit = 6): Promise<OrganisationSummary[]> {
  return db
    .select({ name: organisations.name, slug: organisations.slug, kind: organisations.kind, verified: organisations.verified })
    .from(organisations)
    .orderBy(asc(organisations.kind), desc(organisations.verified), asc(organisations.name))
    .limit(limit);
}
