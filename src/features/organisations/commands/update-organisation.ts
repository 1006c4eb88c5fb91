import { pageScope } from '../../../lib/page-versions.js';
import { and, eq, ne } from 'drizzle-orm';
import { organisations } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { canEditOrganisation, canEditOrganisationIdentity, type OrgKind } from '../policy.js';
import { isUniqueViolation } from '../../../lib/db-errors.js';
import { getMembership } from '../queries.js';

export type UpdateOrganisationInput = {
  name: string;
  description: string;
  website: string | null;
  /** Its staff must use a second factor; unchanged when absent. */
  requireSecondFactor?: boolean;
  /** Identity fields: only a platform admin may send them (canEditOrganisationIdentity). */
  kind?: OrgKind;
  slug?: string;
  verified?: boolean;
};

/**
 * Who may: a platform admin, or an owner of the organisation (canEditOrganisation); kind, slug
 * and the verified badge only a platform admin (canEditOrganisationIdentity).
 * Invariants: the slug stays unique (a concurrent taker of the same slug loses with a 422).
 * Throws: NotFoundError; ForbiddenError; InvalidInputError({ slug: 'validation.slugTaken' }).
 * Returns the (possibly new) slug.
 */
export async function updateOrganisation(deps: Deps, actor: Actor, organisationId: string, input: UpdateOrganisationInput): Promise<{ slug: string }> {
  try {
    return await deps.db.transaction(async (tx) => {
      const [org] = await tx
        .select({ id: organisations.id, kind: organisations.kind, slug: organisations.slug, verified: organisations.verified })
        .from(organisations)
        .where(eq(organisations.id, organisationId))
        .for('update')
        .limit(1);
      if (!org) throw new NotFoundError('organisation');
      const decision = canEditOrganisation(actor, org, await getMembership(tx, org.id, actor?.id));
      if (!decision.ok) throw new ForbiddenError(decision.reason);

      const identity = {
        kind: input.kind ?? org.kind,
        slug: input.slug ?? org.slug,
        verified: input.verified ?? org.verified,
      };
      const identityChanged = identity.kind !== org.kind || identity.slug !== org.slug || identity.verified !== org.verified;
      if (identityChanged) {
        const d = canEditOrganisationIdentity(actor);
        if (!d.ok) throw new ForbiddenError(d.reason);
      }
      if (identity.slug !== org.slug) {
        const [taken] = await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.slug, identity.slug), ne(organisations.id, org.id)))
          .limit(1);
        if (taken) throw new InvalidInputError({ slug: 'validation.slugTaken' });
      }
      await tx
        .update(organisations)
        .set({ name: input.name, description: input.description, website: input.website, ...identity, ...(input.requireSecondFactor !== undefined ? { requireSecondFactor: input.requireSecondFactor } : {}) })
        .where(eq(organisations.id, org.id));
      await recordEvent(tx, {
        actorId: actor!.id,
        name: 'organisation.update',
        entityType: 'organisation',
        entityId: org.id,
        payload: identityChanged ? { from: { kind: org.kind, slug: org.slug, verified: org.verified }, to: identity } : {},
        pages: [pageScope.site],
      }, deps.clock.now());
      return { slug: identity.slug };
    });
  } catch (err) {
    // Someone took the slug between our check and our update: the transaction is rolled back.
    if (isUniqueViolation(err, 'organisations_slug_key')) throw new InvalidInputError({ slug: 'validation.slugTaken' });
    throw err;
  }
}
