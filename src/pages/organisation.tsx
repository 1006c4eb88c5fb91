import { Hono } from 'hono';
import { cachedPage } from '../http/page-cache.js';
import type { AppEnv } from '../http/context.js';
import { render, viewContext } from '../http/render.js';
import { NotFoundError } from '../lib/errors.js';
import { OrganisationPage } from '../../views/organisations/OrganisationPage.js';
import { councilChallengesSection } from '../features/challenges/index.js';
import { canEditOrganisation, canManageMembers, getOrganisationBySlug, isSlug, listPublicMembers, viewerMembership } from '../features/organisations/index.js';

/** An organisation's public page: who they are, their listed people and, for a council, its challenges. */
export const organisationPage = new Hono<AppEnv>();

organisationPage.get('/organisations/:slug', cachedPage({ scopes: () => [] }), async (c) => {
  const slug = c.req.param('slug');
  const { db } = c.get('deps');
  const org = isSlug(slug) ? await getOrganisationBySlug(db, slug) : null;
  if (!org) throw new NotFoundError('organisation');
  const membership = await viewerMembership(c, org.id);
  const user = c.get('user');
  const people = await listPublicMembers(db, org.id);
  const challenges = org.kind === 'council' ? await councilChallengesSection(c, org, membership) : undefined;
  return render(
    c,
    <OrganisationPage
      ctx={viewContext(c)}
      org={org}
      people={people}
      can={{ edit: canEditOrganisation(user, org, membership), manageMembers: canManageMembers(user, org, membership) }}
      isMember={membership !== null}
      challenges={challenges}
    />,
  );
});
