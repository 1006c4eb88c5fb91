import { Hono } from 'hono';
import { cachedPage } from '../../http/page-cache.js';
import { createMiddleware } from 'hono/factory';
import { requireSignIn, signedIn, stepUp } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { invitationLimit, organisationLimit } from './limits.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { BadRequestError, DomainError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { readForm, submitForm, type FormErrors, type FormValues } from '../../http/form.js';
import { render, respond, setFlash, viewContext } from '../../http/render.js';
import { deny } from '../../lib/policy.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import { AdminOrganisationsPage } from '../../../views/organisations/AdminOrganisationsPage.js';
import { DirectoryPage } from '../../../views/organisations/DirectoryPage.js';
import { InvitationPage } from '../../../views/organisations/InvitationPage.js';
import { MembershipPage } from '../../../views/organisations/MembershipPage.js';
import { MembersPage } from '../../../views/organisations/MembersPage.js';
import { OrganisationFormPage } from '../../../views/organisations/OrganisationFormPage.js';
import { RemoveMemberPage } from '../../../views/organisations/RemoveMemberPage.js';
import { acceptInvitation } from './commands/accept-invitation.js';
import { createOrganisation } from './commands/create-organisation.js';
import { inviteMember } from './commands/invite-member.js';
import { removeMember } from './commands/remove-member.js';
import { revokeInvitation } from './commands/revoke-invitation.js';
import { updateMembership } from './commands/update-membership.js';
import { updateOrganisation } from './commands/update-organisation.js';
import {
  canAcceptInvitation,
  canCreateOrganisation,
  canEditOrganisation,
  canEditOrganisationIdentity,
  canInvite,
  canManageMembers,
  canRemoveMember,
  canUpdateMembership,
  invitationState,
  type OrgKind,
} from './policy.js';
import {
  getInvitationById,
  getMembership,
  getMemberWithName,
  viewerMembership,
  getOrganisationBySlug,
  listMembersForManagement,
  listOrganisations,
  listPendingInvitations,
  type MembershipRow,
  type Organisation,
} from './queries.js';
import {
  createOrganisationSchema,
  directoryQuerySchema,
  editOrganisationIdentitySchema,
  editOrganisationSchema,
  inviteSchema,
  isSlug,
  updateMembershipSchema,
} from './schemas.js';
import { isUuid } from '../../lib/fields.js';

export const organisationRoutes = new Hono<AppEnv>();

// ---- Helpers ----

/** The organisation named by the :slug parameter; a malformed or unknown slug is a 404. */
async function organisationOf(c: AppContext): Promise<{ org: Organisation; membership: MembershipRow | null }> {
  const slug = c.req.param('slug') ?? '';
  if (!isSlug(slug)) throw new NotFoundError('organisation');
  const { db } = c.get('deps');
  const org = await getOrganisationBySlug(db, slug);
  if (!org) throw new NotFoundError('organisation');
  return { org, membership: await viewerMembership(c, org.id) };
}

/** A UUID route parameter; anything else is a 404 before the database sees it. */
function uuidParam(c: AppContext, name: string): string {
  const v = c.req.param(name) ?? '';
  if (!isUuid(v)) throw new NotFoundError(name);
  return v.toLowerCase();
}

/** Keyset page links that keep the kind filter. */
function pageHref(base: string, kind: OrgKind | undefined, after?: string) {
  const p = new URLSearchParams();
  if (kind) p.set('kind', kind);
  if (after) p.set('after', after);
  const q = p.toString();
  return q ? `${base}?${q}` : base;
}

async function directoryPage(c: AppContext) {
  const parsed = directoryQuerySchema.safeParse({ kind: c.req.query('kind'), after: c.req.query('after') });
  if (!parsed.success) throw new BadRequestError();
  const { kind, after } = parsed.data;
  const page = await listOrganisations(c.get('deps').db, { kind, after });
  return { page, kind, after };
}

const membersPath = (slug: string) => `/organisations/${slug}/members`;

/** The management page, with any refused form's input and errors. */
async function renderMembersPage(
  c: AppContext,
  org: Organisation,
  extra: { invite?: { values: FormValues; errors: FormErrors }; row?: { userId: string; values: FormValues; errors: FormErrors } } = {},
  status: 200 | 422 = 200,
) {
  const { db } = c.get('deps');
  const members = await listMembersForManagement(db, org.id);
  const invitations = await listPendingInvitations(db, org.id, c.get('deps').clock.now());
  const { user } = signedIn(c);
  return render(
    c,
    <MembersPage ctx={viewContext(c)} org={org} members={members} invitations={invitations} viewerId={user.id} {...extra} />,
    status,
  );
}

const invalidInvitation = (c: AppContext) =>
  render(c, <ErrorPage ctx={viewContext(c)} title="orgs.invitation.invalid.title" body="orgs.invitation.invalid" />, 400);

// ---- Directory (the public page of one organisation is in src/pages) ----

organisationRoutes.get('/organisations', cachedPage({ scopes: () => [] }), async (c) => {
  const { page, kind, after } = await directoryPage(c);
  return render(
    c,
    <DirectoryPage
      ctx={viewContext(c)}
      items={page.items}
      kind={kind}
      nextHref={page.next ? pageHref('/organisations', kind, page.next) : null}
      firstHref={after ? pageHref('/organisations', kind) : null}
      canCreate={canCreateOrganisation(c.get('user')).ok}
    />,
  );
});

// ---- Platform admin: list and create ----

const requireOrgAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const decision = canCreateOrganisation(c.get('user'));
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return next();
});

organisationRoutes.get('/admin/organisations', requireSignIn, requireOrgAdmin, async (c) => {
  const { page, kind, after } = await directoryPage(c);
  return render(
    c,
    <AdminOrganisationsPage
      ctx={viewContext(c)}
      items={page.items}
      nextHref={page.next ? pageHref('/admin/organisations', kind, page.next) : null}
      firstHref={after ? pageHref('/admin/organisations', kind) : null}
    />,
  );
});

organisationRoutes.get('/admin/organisations/new', requireSignIn, requireOrgAdmin, (c) =>
  render(
    c,
    <OrganisationFormPage ctx={viewContext(c)} mode="create" action="/admin/organisations/new" values={{ kind: 'council' }} identityEditable cancelHref="/admin/organisations" />,
  ),
);

organisationRoutes.post('/admin/organisations/new', requireSignIn, requireOrgAdmin, async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, organisationLimit);
  return submitForm(c, {
    schema: createOrganisationSchema,
    command: (input) => createOrganisation(c.get('deps'), user, input),
    rejected: ({ values, errors }) =>
      render(
        c,
        <OrganisationFormPage ctx={viewContext(c)} mode="create" action="/admin/organisations/new" values={values} errors={errors} identityEditable cancelHref="/admin/organisations" />,
        422,
      ),
    done: (org) => respond(c, { redirect: membersPath(org.slug), flash: { kind: 'success', key: 'orgs.created' } }),
  });
});

// ---- Edit ----

/** The organisation and what this person may change of it (404/403 before anything else). */
async function editableOrganisation(c: AppContext) {
  const { org, membership } = await organisationOf(c);
  const { user } = signedIn(c);
  const decision = canEditOrganisation(user, org, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  // Fields outside what this person may change are dropped by the schema, never applied.
  return { org, user, identityEditable: canEditOrganisationIdentity(user).ok };
}

function editPage(c: AppContext, org: Organisation, identityEditable: boolean, form: { values: FormValues; errors?: FormErrors }, status: 200 | 422 = 200) {
  return render(
    c,
    <OrganisationFormPage
      ctx={viewContext(c)}
      mode="edit"
      action={`/organisations/${org.slug}/edit`}
      currentName={org.name}
      values={form.values}
      errors={form.errors}
      identityEditable={identityEditable}
      cancelHref={`/organisations/${org.slug}`}
    />,
    status,
  );
}

organisationRoutes.get('/organisations/:slug/edit', requireSignIn, async (c) => {
  const { org, identityEditable } = await editableOrganisation(c);
  const values = {
    name: org.name,
    description: org.description,
    website: org.website ?? '',
    kind: org.kind,
    slug: org.slug,
    verified: org.verified ? 'on' : '',
    requireSecondFactor: org.requireSecondFactor ? 'on' : '',
  };
  return editPage(c, org, identityEditable, { values });
});

organisationRoutes.post('/organisations/:slug/edit', requireSignIn, async (c) => {
  const { org, user, identityEditable } = await editableOrganisation(c);
  // Changing whether staff need a second factor is sensitive: a recent sign-in first.
  if ((await readForm(c)).values['requireSecondFactor'] === 'on' !== org.requireSecondFactor) {
    const again = stepUp(c);
    if (again) return again;
  }
  await limitRequest(c, organisationLimit);
  return submitForm(c, {
    schema: identityEditable ? editOrganisationIdentitySchema : editOrganisationSchema,
    command: (input) => updateOrganisation(c.get('deps'), user, org.id, input),
    rejected: (form) => editPage(c, org, identityEditable, form, 422),
    done: (updated) => respond(c, { redirect: `/organisations/${updated.slug}`, flash: { kind: 'success', key: 'orgs.updated' } }),
  });
});

// ---- Members and invitations (owners and platform admins) ----

organisationRoutes.get('/organisations/:slug/members', requireSignIn, async (c) => {
  const { org, membership } = await organisationOf(c);
  const decision = canManageMembers(c.get('user'), org, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return renderMembersPage(c, org);
});

organisationRoutes.post('/organisations/:slug/invitations', requireSignIn, async (c) => {
  const { org, membership } = await organisationOf(c);
  const { user } = signedIn(c);
  const decision = canInvite(user, org, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const again = stepUp(c);
  if (again) return again;
  await limitRequest(c, invitationLimit);
  return submitForm(c, {
    schema: inviteSchema,
    command: async (input) => {
      await inviteMember(c.get('deps'), user, org.id, input);
      return input.email;
    },
    rejected: ({ values, errors }) => renderMembersPage(c, org, { invite: { values, errors } }, 422),
    done: (email) => respond(c, { redirect: membersPath(org.slug), flash: { kind: 'success', key: 'orgs.invite.sent', params: { email } } }),
  });
});

organisationRoutes.post('/organisations/:slug/invitations/:id/revoke', requireSignIn, async (c) => {
  const { org } = await organisationOf(c);
  const id = uuidParam(c, 'id');
  await limitRequest(c, organisationLimit);
  await revokeInvitation(c.get('deps'), signedIn(c).user, org.id, id);
  return respond(c, { redirect: membersPath(org.slug), flash: { kind: 'success', key: 'orgs.invitations.revoked' } });
});

organisationRoutes.post('/organisations/:slug/members/:userId', requireSignIn, async (c) => {
  const { org, membership } = await organisationOf(c);
  const userId = uuidParam(c, 'userId');
  const { user } = signedIn(c);
  const { db } = c.get('deps');
  const target = await getMembership(db, org.id, userId);
  if (!target) throw new NotFoundError('membership');
  // May this person touch this membership at all? (The role rule is checked again by the command.)
  const decision = canUpdateMembership(user, org, membership, target, { role: target.role });
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const managing = canManageMembers(user, org, membership).ok;
  await limitRequest(c, organisationLimit);

  return submitForm(c, {
    schema: updateMembershipSchema,
    command: async (input) => {
      await updateMembership(c.get('deps'), user, org.id, userId, input);
      return input;
    },
    rejected: ({ values, errors }) =>
      managing
        ? renderMembersPage(c, org, { row: { userId, values, errors } }, 422)
        : render(
            c,
            <MembershipPage ctx={viewContext(c)} org={org} userId={userId} role={target.role} values={values} listed={values['listedPublicly'] !== undefined} errors={errors} />,
            422,
          ),
    done: (input) => {
      // An owner who just made themselves a member can no longer see the management page.
      const stillManaging = managing && (user.isAdmin || userId !== user.id || (input.role ?? target.role) === 'owner');
      return respond(c, {
        redirect: stillManaging ? membersPath(org.slug) : `/organisations/${org.slug}/membership`,
        flash: { kind: 'success', key: 'orgs.members.updated' },
      });
    },
  });
});

/**
 * "Remove Ada from Riverside Council?" (or "Leave Riverside Council?" for oneself): the members
 * table's Remove button and the membership page's Leave button link here; its form is the POST
 * below. Who may is checked first, so a person who may not gets the refusal, not the question.
 */
organisationRoutes.get('/organisations/:slug/members/:userId/remove', requireSignIn, async (c) => {
  const { org, membership } = await organisationOf(c);
  const userId = uuidParam(c, 'userId');
  const { user } = signedIn(c);
  const decision = canRemoveMember(user, org, membership, { userId });
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const again = userId === user.id ? null : stepUp(c); // removing someone else is sensitive; leaving is not
  if (again) return again;
  const target = await getMemberWithName(c.get('deps').db, org.id, userId);
  if (!target) throw new NotFoundError('membership');
  const self = userId === user.id;
  return render(
    c,
    <RemoveMemberPage
      ctx={viewContext(c)}
      org={org}
      member={target}
      self={self}
      cancelHref={self ? `/organisations/${org.slug}/membership` : membersPath(org.slug)}
    />,
  );
});

organisationRoutes.post('/organisations/:slug/members/:userId/remove', requireSignIn, async (c) => {
  const { org } = await organisationOf(c);
  const userId = uuidParam(c, 'userId');
  const { user } = signedIn(c);
  const again = userId === user.id ? null : stepUp(c);
  if (again) return again;
  await limitRequest(c, organisationLimit);
  await removeMember(c.get('deps'), user, org.id, userId);
  if (userId === user.id) return respond(c, { redirect: `/organisations/${org.slug}`, flash: { kind: 'success', key: 'orgs.membership.left' } });
  return respond(c, { redirect: membersPath(org.slug), flash: { kind: 'success', key: 'orgs.members.removed' } });
});

// ---- A member's own membership ----

organisationRoutes.get('/organisations/:slug/membership', requireSignIn, async (c) => {
  const { org, membership } = await organisationOf(c);
  if (!membership) throw new ForbiddenError('orgs.membership.notMember');
  return render(
    c,
    <MembershipPage
      ctx={viewContext(c)}
      org={org}
      userId={membership.userId}
      role={membership.role}
      values={{ title: membership.title }}
      listed={membership.listedPublicly}
    />,
  );
});

// ---- Invitations ----

/**
 * An invitation's link names it by id (decision 0068): the id is no credential, since only the
 * signed-in account of the invited address, confirmed, can accept it (canAcceptInvitation). The
 * page shows whoever opens the link what the mail said; signed out, the ways to sign in or up
 * that come back here.
 */
organisationRoutes.get('/invitations/:id', async (c) => {
  const id = c.req.param('id');
  c.header('Cache-Control', 'no-store');
  if (!isUuid(id)) return invalidInvitation(c);
  const { db } = c.get('deps');
  const inv = await getInvitationById(db, id.toLowerCase());
  if (!inv || invitationState(inv, c.get('deps').clock.now()) !== 'pending') return invalidInvitation(c);
  const user = c.get('user');
  let decision = user ? canAcceptInvitation(user, inv) : null;
  if (user && decision?.ok && (await getMembership(db, inv.organisation.id, user.id))) decision = deny('orgs.invitation.alreadyMember');
  return render(c, <InvitationPage ctx={viewContext(c)} invitation={inv} selfPath={`/invitations/${inv.id}`} decision={decision} />);
});

organisationRoutes.post('/invitations/:id/accept', async (c) => {
  const id = c.req.param('id');
  if (!isUuid(id)) return invalidInvitation(c);
  const user = c.get('user');
  if (!user) {
    setFlash(c, { kind: 'info', key: 'auth.signInRequired' });
    return c.redirect(`/sign-in?next=${encodeURIComponent(`/invitations/${id.toLowerCase()}`)}`, 303);
  }
  await limitRequest(c, organisationLimit);
  let joined: { slug: string; name: string; role: 'owner' | 'member' };
  try {
    joined = await acceptInvitation(c.get('deps'), user, id);
  } catch (err) {
    if (err instanceof DomainError && err.status === 400) return invalidInvitation(c);
    throw err;
  }
  return respond(c, {
    redirect: `/organisations/${joined.slug}`,
    flash: { kind: 'success', key: joined.role === 'owner' ? 'orgs.invitation.accepted.owner' : 'orgs.invitation.accepted', params: { organisation: joined.name } },
  });
});
