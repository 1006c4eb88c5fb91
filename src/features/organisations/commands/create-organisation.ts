import { pageScope } from '../../../lib/page-versions.js';
import { organisations } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canCreateOrganisation } from '../policy.js';
import type { CreateOrganisationInput } from '../schemas.js';

/**
 * Who may: platform admins only (canCreateOrganisation).
 * Invariants: the slug is unique (checked by the unique index, so two concurrent creations
 * with one slug cannot both succeed). The organisation starts with no members: the admin
 * invites its first owner.
 * Throws: ForbiddenError; InvalidInputError({ slug: 'validation.slugTaken' }).
 */
export async function createOrganisation(deps: Deps, actor: Actor, input: CreateOrganisationInput): Promise<{ id: string; slug: string }> {
  const decision = canCreateOrganisation(actor);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organisations)
      .values({
        kind: input.kind,
        name: input.name,
        slug: input.slug,
        description: input.description,
        website: input.website,
        verified: input.verified,
      })
      .onConflictDoNothing({ target: organisations.slug })
      .returning({ id: organisations.id, slug: organisations.slug });
    if (!row) throw new InvalidInputError({ slug: 'validation.slugTaken' });
    await recordEvent(tx, {
      actorId: actor!.id,
      name: 'organisation.create',
      entityType: 'organisation',
      entityId: row.id,
      payload: { slug: row.slug, kind: input.kind, verified: input.verified },
      pages: [pageScope.site],
    }, deps.clock.now());
    return row;
  });
}
