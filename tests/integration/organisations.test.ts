import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { events, invitations, memberships, organisations } from '../../src/db/schema/index.js';
import { translator } from '../../src/i18n/index.js';
import { DirectoryPage } from '../../views/organisations/DirectoryPage.js';
import { Client, ORIGIN, sessionClient } from '../support/app.js';
import { addMember, createInvitation, createOrganisation, createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, world: baseWorld } = useTestEnv();

const orgCount = async () => (await db().select({ n: count() }).from(organisations))[0]!.n;
const orgBySlug = async (slug: string) => (await db().select().from(organisations).where(eq(organisations.slug, slug)))[0];
const orgById = async (id: string) => (await db().select().from(organisations).where(eq(organisations.id, id)))[0]!;
const membershipOf = async (organisationId: string, userId: string) =>
  (await db().select().from(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId))))[0];
const invitationsOf = (organisationId: string) => db().select().from(invitations).where(eq(invitations.organisationId, organisationId));
const invitationById = async (id: string) => (await db().select().from(invitations).where(eq(invitations.id, id)))[0]!;
const auditActions = async (entityId: string) => (await db().select({ action: events.name }).from(events).where(eq(events.entityId, entityId))).map((r) => r.action);

/** The invitation link in the newest mail to `email` (after running the mail jobs). */
async function invitationLink(email: string): Promise<string> {
  await env.drainJobs();
  const mail = (await env.mails()).find((m) => m.to === email);
  if (!mail) throw new Error(`no mail to ${email}`);
  const m = new RegExp(`${ORIGIN}(/invitations/[A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m?.[1]) throw new Error(`no invitation link in: ${mail.text}`);
  return m[1];
}

type Who = 'anonymous' | 'citizen' | 'member' | 'owner' | 'partner' | 'admin';
const WHO: Who[] = ['anonymous', 'citizen', 'member', 'owner', 'partner', 'admin'];

/** The common world: its council's staff and the partner's owner carry role titles. */
const world = () => baseWorld({ titles: { owner: 'Head of digital', member: 'Parks officer', partner: 'Director' } });

const validOrg = (slug: string) => ({
  kind: 'partner',
  name: 'Northside Food Network',
  slug,
  description: 'We connect food banks.\n\nAnd community fridges.',
  website: 'https://northside-food.example',
});

// ---------------------------------------------------------------------------------------------

describe('creating organisations (platform admin)', () => {
  it('creates one, with an audit row, and sends the admin on to invite its first owner', async () => {
    const w = await world();
    const admin = await w.as('admin');
    expect((await admin.get('/admin/organisations/new')).status).toBe(200);
    const slug = `northside-${Date.now()}`;
    const res = await admin.post('/admin/organisations/new', { ...validOrg(slug), verified: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/organisations/${slug}/members`);
    const row = await orgBySlug(slug);
    expect(row).toMatchObject({ kind: 'partner', name: 'Northside Food Network', website: 'https://northside-food.example', verified: true });
    expect(row!.description).toBe('We connect food banks.\n\nAnd community fridges.');
    expect(await auditActions(row!.id)).toEqual(['organisation.create']);
    const page = await (await admin.get(`/organisations/${slug}/members`)).text();
    expect(page).toContain('The organisation has been created');
    expect(page).toContain('No members yet');
  });

  it('stores an empty website as none and an unchecked verified box as unverified', async () => {
    const w = await world();
    const slug = `plain-${Date.now()}`;
    const res = await (await w.as('admin')).post('/admin/organisations/new', { ...validOrg(slug), website: '' });
    expect(res.status).toBe(303);
    expect(await orgBySlug(slug)).toMatchObject({ website: null, verified: false });
  });

  const bad: [string, Record<string, string>, string, RegExp][] = [
    ['missing name', { name: '' }, 'name', /Enter a value/],
    ['slug with capitals and spaces', { slug: 'Bad Slug' }, 'slug', /lower-case letters, numbers and hyphens/],
    ['slug too short', { slug: 'a' }, 'slug', /too short/],
    ['slug too long', { slug: 'a'.repeat(61) }, 'slug', /too long/],
    ['slug with a trailing hyphen', { slug: 'trailing-' }, 'slug', /lower-case letters/],
    ['javascript: website', { website: 'javascript:alert(1)' }, 'website', /web address starting with https/],
    ['ftp website', { website: 'ftp://files.example' }, 'website', /web address starting with https/],
    ['unknown kind', { kind: 'ministry' }, 'kind', /Choose one of the options/],
    ['oversized description', { description: 'x'.repeat(2001) }, 'description', /too long/],
    ['a NUL byte in the name', { name: 'North\u0000side' }, 'name', /control characters/],
    ['a NUL byte in the website', { website: 'https://x.example/\u0000' }, 'website', /control characters/],
  ];
  for (const [name, override, field, message] of bad) {
    it(`refuses ${name} with a 422, keeps the input, stores nothing`, async () => {
      const w = await world();
      const before = await orgCount();
      const form = { ...validOrg(`ok-slug-${Date.now()}`), ...override };
      const res = await (await w.as('admin')).post('/admin/organisations/new', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('There is a problem');
      expect(html).toContain(`<a href="#${field}">`);
      expect(html).toMatch(message);
      if (field !== 'name') expect(html).toContain('value="Northside Food Network"');
      expect(await orgCount()).toBe(before);
    });
  }

  it('refuses a slug that is already taken (422, nothing stored)', async () => {
    const w = await world();
    const before = await orgCount();
    const res = await (await w.as('admin')).post('/admin/organisations/new', validOrg(w.council.slug));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This web address is already taken');
    expect(await orgCount()).toBe(before);
  });

  it('refuses everyone but a platform admin, and stores nothing', async () => {
    const w = await world();
    for (const who of ['citizen', 'member', 'owner', 'partner'] as const) {
      const before = await orgCount();
      const c = await w.as(who);
      expect((await c.get('/admin/organisations/new')).status).toBe(403);
      const res = await c.post('/admin/organisations/new', validOrg(`sneaky-${who.toLowerCase()}-${Date.now()}`));
      expect(res.status).toBe(403);
      expect(await orgCount()).toBe(before);
    }
    const anon = await (await w.as('anonymous')).post('/admin/organisations/new', validOrg(`anon-${Date.now()}`));
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toMatch(/^\/sign-in\?next=/);
  });

  it('lists organisations for the admin', async () => {
    const w = await world();
    const html = await (await (await w.as('admin')).get('/admin/organisations')).text();
    expect(html).toContain('<h1>Organisations</h1>');
    expect(html).toContain('href="/admin/organisations/new"');
  });
});

// ---------------------------------------------------------------------------------------------

describe('invitation journey', () => {
  it('admin invites an owner, the owner invites staff, who accept and appear on the public page', async () => {
    const admin = await createUser(db(), { isAdmin: true });
    const adminC = await sessionClient(env, admin.id);
    const slug = `journey-${Date.now()}`;
    expect((await adminC.post('/admin/organisations/new', { ...validOrg(slug), kind: 'council', name: 'Eastvale Council' })).status).toBe(303);
    const org = (await orgBySlug(slug))!;

    // The admin invites the first owner.
    const ownerUser = await createUser(db(), { displayName: 'Olu Owner' });
    const inv = await adminC.post(`/organisations/${slug}/invitations`, { email: ownerUser.email.toUpperCase(), role: 'owner', title: 'Head of engagement' });
    expect(inv.status).toBe(303);
    const [stored] = await invitationsOf(org.id);
    expect(stored).toMatchObject({ email: ownerUser.email, role: 'owner', title: 'Head of engagement', invitedBy: admin.id, acceptedAt: null });
    const days = (stored!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(await auditActions(stored!.id)).toEqual(['invitation.create']);

    // The mail's link names the invitation by id (decision 0068).
    const ownerLink = await invitationLink(ownerUser.email);
    expect(ownerLink).toBe(`/invitations/${stored!.id}`);
    const mail = (await env.mails()).find((m) => m.to === ownerUser.email)!;
    expect(mail.subject).toBe('You are invited to join Eastvale Council on Commonwise');
    expect(mail.text).toContain('Head of engagement (Owner)');

    // Not signed in: the page explains and offers sign-in back to this link.
    const anon = new Client(env.app);
    const anonPage = await anon.get(ownerLink);
    expect(anonPage.status).toBe(200);
    expect(anonPage.headers.get('Cache-Control')).toBe('no-store');
    const anonHtml = await anonPage.text();
    expect(anonHtml).toContain('Invitation to join Eastvale Council');
    expect(anonHtml).toContain(`href="/sign-in?next=${encodeURIComponent(ownerLink)}"`);
    expect(anonHtml).not.toContain('Accept invitation');
    const anonAccept = await anon.post(`${ownerLink}/accept`);
    expect(anonAccept.status).toBe(303);
    expect(anonAccept.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(ownerLink)}`);
    expect(await membershipOf(org.id, ownerUser.id)).toBeUndefined();

    // Signed in with the invited address: accept.
    const ownerC = await sessionClient(env, ownerUser.id);
    expect(await (await ownerC.get(ownerLink)).text()).toContain('Accept invitation');
    const accepted = await ownerC.post(`${ownerLink}/accept`);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('Location')).toBe(`/organisations/${slug}`);
    expect(await membershipOf(org.id, ownerUser.id)).toMatchObject({ role: 'owner', title: 'Head of engagement', listedPublicly: true });
    expect((await invitationById(stored!.id)).acceptedBy).toBe(ownerUser.id);
    expect(await auditActions(stored!.id)).toContain('invitation.accept');
    expect(await (await ownerC.get(`/organisations/${slug}`)).text()).toContain('Welcome to Eastvale Council');

    // The new owner invites a member of staff.
    const staff = await createUser(db(), { displayName: 'Sasha Staff' });
    expect((await ownerC.post(`/organisations/${slug}/invitations`, { email: staff.email, role: 'member', title: 'Digital engagement officer' })).status).toBe(303);
    const membersHtml = await (await ownerC.get(`/organisations/${slug}/members`)).text();
    expect(membersHtml).toContain(`An invitation has been sent to ${staff.email}`);
    expect(membersHtml).toContain('Pending invitations');
    expect(membersHtml).toContain(staff.email);
    const staffLink = await invitationLink(staff.email);
    const staffC = await sessionClient(env, staff.id);
    expect((await staffC.post(`${staffLink}/accept`)).status).toBe(303);

    // Both appear by name and role title on the public page; e-mail addresses never do.
    const pub = await (await new Client(env.app).get(`/organisations/${slug}`)).text();
    expect(pub).toContain('Olu Owner');
    expect(pub).toContain('Head of engagement');
    expect(pub).toContain('Sasha Staff');
    expect(pub).toContain('Digital engagement officer');
    expect(pub).not.toContain(staff.email);
    expect(pub).not.toContain(ownerUser.email);

    // A used link does not work again, and stores nothing more.
    const reused = await staffC.post(`${staffLink}/accept`);
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('This invitation does not work');
    expect((await staffC.get(staffLink)).status).toBe(400);
    expect((await db().select({ n: count() }).from(memberships).where(eq(memberships.organisationId, org.id)))[0]!.n).toBe(2);

    // The member hides themselves from the public page.
    const hide = await staffC.post(`/organisations/${slug}/members/${staff.id}`, { title: 'Digital engagement officer' });
    expect(hide.status).toBe(303);
    expect(hide.headers.get('Location')).toBe(`/organisations/${slug}/membership`);
    expect((await membershipOf(org.id, staff.id))!.listedPublicly).toBe(false);
    const after = await (await new Client(env.app).get(`/organisations/${slug}`)).text();
    expect(after).not.toContain('Sasha Staff');
    expect(after).toContain('Olu Owner');
  });

  it('writes the invitation in the inviter’s language', async () => {
    const org = await createOrganisation(db(), { name: 'Ville de Rivière' });
    const owner = await createUser(db(), { locale: 'fr' });
    await addMember(db(), org.id, owner.id, 'owner');
    const email = `fr-${Date.now()}@example.org`;
    expect((await (await sessionClient(env, owner.id)).post(`/organisations/${org.slug}/invitations`, { email, role: 'member', title: '' })).status).toBe(303);
    await invitationLink(email);
    const mail = (await env.mails()).find((m) => m.to === email)!;
    expect(mail.subject).toBe('Vous êtes invité·e à rejoindre Ville de Rivière sur Commonwise');
    expect(mail.text).toContain(`${ORIGIN}/invitations/`);
  });

  it('inviting the same address again replaces the earlier link', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const email = `twice-${Date.now()}@example.org`;
    await owner.post(`/organisations/${w.council.slug}/invitations`, { email, role: 'member', title: '' });
    const first = await invitationLink(email);
    await owner.post(`/organisations/${w.council.slug}/invitations`, { email, role: 'owner', title: 'Lead' });
    const second = await invitationLink(email);
    expect(second).not.toBe(first);
    const rows = (await invitationsOf(w.council.id)).filter((i) => i.email === email);
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);
    expect((await new Client(env.app).get(first)).status).toBe(400);
    expect((await new Client(env.app).get(second)).status).toBe(200);
  });

  it('refuses bad invitation input with a 422 on the members page and stores nothing', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ email: 'not-an-email', role: 'member', title: '' }, 'email', /Enter an email address/],
      [{ email: 'ok@example.org', role: 'emperor', title: '' }, 'role', /Choose one of the options/],
      [{ email: 'ok@example.org', role: 'member', title: 't'.repeat(121) }, 'title', /too long/],
      [{ email: 'ok@example.org', role: 'member', title: 'a\u0000b' }, 'title', /control characters/],
      [{ email: w.users.member.email, role: 'member', title: '' }, 'email', /already a member/],
    ];
    for (const [form, field, message] of cases) {
      const res = await owner.post(`/organisations/${w.council.slug}/invitations`, form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<a href="#${field}">`);
      expect(html).toMatch(message);
    }
    expect(await invitationsOf(w.council.id)).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('invitations that do not work', () => {
  it('refuses an expired invitation (400) and stores nothing', async () => {
    const w = await world();
    const invitee = await createUser(db());
    const inv = await createInvitation(db(), w.council.id, { email: invitee.email, expiresAt: new Date(Date.now() - 1000) });
    const c = await sessionClient(env, invitee.id);
    expect((await c.get(`/invitations/${inv.id}`)).status).toBe(400);
    expect((await c.post(`/invitations/${inv.id}/accept`)).status).toBe(400);
    expect(await membershipOf(w.council.id, invitee.id)).toBeUndefined();
    expect((await invitationById(inv.id)).acceptedAt).toBeNull();
  });

  it('refuses a revoked invitation (400); revoking twice is a conflict', async () => {
    const w = await world();
    const invitee = await createUser(db());
    const inv = await createInvitation(db(), w.council.id, { email: invitee.email });
    const owner = await w.as('owner');
    const revoke = await owner.post(`/organisations/${w.council.slug}/invitations/${inv.id}/revoke`);
    expect(revoke.status).toBe(303);
    expect((await invitationById(inv.id)).revokedAt).toBeInstanceOf(Date);
    expect(await auditActions(inv.id)).toEqual(['invitation.revoke']);
    expect((await owner.post(`/organisations/${w.council.slug}/invitations/${inv.id}/revoke`)).status).toBe(409);
    const c = await sessionClient(env, invitee.id);
    expect((await c.post(`/invitations/${inv.id}/accept`)).status).toBe(400);
    expect(await membershipOf(w.council.id, invitee.id)).toBeUndefined();
  });

  it('refuses unknown and malformed tokens with 400', async () => {
    const c = new Client(env.app);
    for (const token of ['x'.repeat(43), 'short', 'bad%20token%21%21%21%21%21%21%21%21%21%21%21%21%21']) {
      expect((await c.get(`/invitations/${token}`)).status).toBe(400);
    }
    const u = await createUser(db());
    expect((await (await sessionClient(env, u.id)).post(`/invitations/${'y'.repeat(43)}/accept`)).status).toBe(400);
  });

  it('refuses another account, without revealing the invited address', async () => {
    const w = await world();
    const invitee = `secret-${Date.now()}@example.org`;
    const inv = await createInvitation(db(), w.council.id, { email: invitee });
    const intruder = await createUser(db());
    const c = await sessionClient(env, intruder.id);
    const page = await c.get(`/invitations/${inv.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('This invitation was sent to a different email address');
    expect(html).not.toContain('Accept invitation');
    expect(html).not.toContain(invitee);
    const res = await c.post(`/invitations/${inv.id}/accept`);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain('This invitation was sent to a different email address');
    expect(body).not.toContain(invitee);
    expect(await membershipOf(w.council.id, intruder.id)).toBeUndefined();
    expect((await invitationById(inv.id)).acceptedAt).toBeNull(); // still usable by the right person
  });

  it('asks an unconfirmed account to confirm its address first', async () => {
    const w = await world();
    const invitee = await createUser(db(), { verified: false });
    const inv = await createInvitation(db(), w.council.id, { email: invitee.email });
    const c = await sessionClient(env, invitee.id);
    const res = await c.post(`/invitations/${inv.id}/accept`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Confirm your email address first');
    expect(await membershipOf(w.council.id, invitee.id)).toBeUndefined();
  });

  it('answers 409 to someone who is already a member, and leaves the invitation unused', async () => {
    const w = await world();
    const inv = await createInvitation(db(), w.council.id, { email: w.users.member.email, role: 'owner' });
    const c = await w.as('member');
    expect(await (await c.get(`/invitations/${inv.id}`)).text()).toContain('You are already a member');
    expect((await c.post(`/invitations/${inv.id}/accept`)).status).toBe(409);
    expect((await membershipOf(w.council.id, w.users.member.id))!.role).toBe('member');
    expect((await invitationById(inv.id)).acceptedAt).toBeNull();
  });

  it('accepts a link only once when two tabs accept at the same time', async () => {
    const w = await world();
    const invitee = await createUser(db());
    const inv = await createInvitation(db(), w.council.id, { email: invitee.email });
    const c = await sessionClient(env, invitee.id);
    await c.csrfToken();
    const statuses = (await Promise.all([c.post(`/invitations/${inv.id}/accept`), c.post(`/invitations/${inv.id}/accept`)])).map((r) => r.status).sort();
    expect(statuses[0]).toBe(303);
    expect([400, 409]).toContain(statuses[1]);
    expect(await membershipOf(w.council.id, invitee.id)).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('managing members', () => {
  it('a member cannot invite, see the management page, or make themselves an owner', async () => {
    const w = await world();
    const c = await w.as('member');
    const inv = await c.post(`/organisations/${w.council.slug}/invitations`, { email: 'friend@example.org', role: 'owner', title: '' });
    expect(inv.status).toBe(403);
    expect(await inv.text()).toContain('Only the owners of this organisation');
    expect(await invitationsOf(w.council.id)).toHaveLength(0);
    expect((await c.get(`/organisations/${w.council.slug}/members`)).status).toBe(403);
    const promote = await c.post(`/organisations/${w.council.slug}/members/${w.users.member.id}`, { role: 'owner', title: 'Boss', listedPublicly: 'on' });
    expect(promote.status).toBe(403);
    expect(await membershipOf(w.council.id, w.users.member.id)).toMatchObject({ role: 'member', title: 'Parks officer' });
    // …nor change or remove someone else.
    expect((await c.post(`/organisations/${w.council.slug}/members/${w.users.owner.id}`, { title: 'Nobody' })).status).toBe(403);
    expect((await c.post(`/organisations/${w.council.slug}/members/${w.users.owner.id}/remove`)).status).toBe(403);
    expect(await membershipOf(w.council.id, w.users.owner.id)).toMatchObject({ role: 'owner', title: 'Head of digital' });
  });

  it('a member changes their own title; bad input is a 422 on their page with nothing stored', async () => {
    const w = await world();
    const c = await w.as('member');
    expect((await c.get(`/organisations/${w.council.slug}/membership`)).status).toBe(200);
    const bad = await c.post(`/organisations/${w.council.slug}/members/${w.users.member.id}`, { title: 'x'.repeat(121), listedPublicly: 'on' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('<a href="#title">');
    expect((await membershipOf(w.council.id, w.users.member.id))!.title).toBe('Parks officer');
    const ok = await c.post(`/organisations/${w.council.slug}/members/${w.users.member.id}`, { title: 'Parks and open spaces officer', listedPublicly: 'on' });
    expect(ok.status).toBe(303);
    expect(await membershipOf(w.council.id, w.users.member.id)).toMatchObject({ title: 'Parks and open spaces officer', listedPublicly: true });
    expect(await (await new Client(env.app).get(`/organisations/${w.council.slug}`)).text()).toContain('Parks and open spaces officer');
  });

  it('an owner of another organisation cannot manage this one', async () => {
    const w = await world();
    const c = await w.as('partner');
    const base = `/organisations/${w.council.slug}`;
    const inv = await createInvitation(db(), w.council.id);
    expect((await c.get(`${base}/members`)).status).toBe(403);
    expect((await c.get(`${base}/edit`)).status).toBe(403);
    expect((await c.post(`${base}/edit`, { name: 'Hijacked', description: '', website: '' })).status).toBe(403);
    expect((await c.post(`${base}/invitations`, { email: 'x@example.org', role: 'owner', title: '' })).status).toBe(403);
    expect((await c.post(`${base}/invitations/${inv.id}/revoke`)).status).toBe(403);
    expect((await c.post(`${base}/members/${w.users.member.id}`, { role: 'owner', title: 'x' })).status).toBe(403);
    expect((await c.post(`${base}/members/${w.users.member.id}/remove`)).status).toBe(403);
    expect((await orgById(w.council.id)).name).toBe(w.council.name);
    expect(await invitationsOf(w.council.id)).toHaveLength(1);
    expect((await invitationById(inv.id)).revokedAt).toBeNull();
    expect(await membershipOf(w.council.id, w.users.member.id)).toMatchObject({ role: 'member', title: 'Parks officer' });
  });

  it('an owner changes roles, titles and listing, and removes members', async () => {
    const w = await world();
    const c = await w.as('owner');
    const base = `/organisations/${w.council.slug}`;
    const html = await (await c.get(`${base}/members`)).text();
    expect(html).toContain(w.users.member.email);
    expect(html).toContain('<th scope="col">');
    expect(html).toMatch(/<label for="title-[0-9a-f-]+" class="visually-hidden">/);
    const res = await c.post(`${base}/members/${w.users.member.id}`, { role: 'owner', title: 'Co-lead' });
    expect(res.status).toBe(303);
    expect(await membershipOf(w.council.id, w.users.member.id)).toMatchObject({ role: 'owner', title: 'Co-lead', listedPublicly: false });
    expect(await auditActions(w.users.member.id)).toContain('membership.update');

    const bad = await c.post(`${base}/members/${w.users.member.id}`, { role: 'king', title: 'x' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(`<a href="#role-${w.users.member.id}">`);
    expect((await membershipOf(w.council.id, w.users.member.id))!.role).toBe('owner');

    const removed = await c.post(`${base}/members/${w.users.member.id}/remove`);
    expect(removed.status).toBe(303);
    expect(await membershipOf(w.council.id, w.users.member.id)).toBeUndefined();
    expect(await auditActions(w.users.member.id)).toContain('membership.remove');
  });

  it('never removes or demotes the last owner (409), but a second owner makes it possible', async () => {
    const w = await world();
    const c = await w.as('owner');
    const base = `/organisations/${w.council.slug}`;
    const leave = await c.post(`${base}/members/${w.users.owner.id}/remove`);
    expect(leave.status).toBe(409);
    expect(await leave.text()).toContain('An organisation needs at least one owner');
    const demote = await c.post(`${base}/members/${w.users.owner.id}`, { role: 'member', title: 'Head of digital', listedPublicly: 'on' });
    expect(demote.status).toBe(409);
    expect((await membershipOf(w.council.id, w.users.owner.id))!.role).toBe('owner');
    // The platform admin is held to the same rule.
    expect((await (await w.as('admin')).post(`${base}/members/${w.users.owner.id}/remove`)).status).toBe(409);
    expect(await membershipOf(w.council.id, w.users.owner.id)).toBeDefined();

    // With a second owner, the first may step down.
    await db().update(memberships).set({ role: 'owner' }).where(and(eq(memberships.organisationId, w.council.id), eq(memberships.userId, w.users.member.id)));
    const stepDown = await c.post(`${base}/members/${w.users.owner.id}`, { role: 'member', title: 'Head of digital', listedPublicly: 'on' });
    expect(stepDown.status).toBe(303);
    expect(stepDown.headers.get('Location')).toBe(`${base}/membership`);
    expect((await membershipOf(w.council.id, w.users.owner.id))!.role).toBe('member');
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const w = await world();
    await db().update(memberships).set({ role: 'owner' }).where(and(eq(memberships.organisationId, w.council.id), eq(memberships.userId, w.users.member.id)));
    const a = await w.as('owner');
    const b = await w.as('member');
    await a.csrfToken();
    await b.csrfToken();
    const base = `/organisations/${w.council.slug}`;
    const statuses = (
      await Promise.all([
        a.post(`${base}/members/${w.users.member.id}`, { role: 'member', title: '' }),
        b.post(`${base}/members/${w.users.owner.id}`, { role: 'member', title: '' }),
      ])
    ).map((r) => r.status);
    // The loser is refused either as no longer an owner (403, when the requests run one after
    // the other) or by the last-owner rule (409, when they overlap on PostgreSQL).
    statuses.sort();
    expect(statuses[0]).toBe(303);
    expect([403, 409]).toContain(statuses[1]);
    const owners = await db().select().from(memberships).where(and(eq(memberships.organisationId, w.council.id), eq(memberships.role, 'owner')));
    expect(owners).toHaveLength(1);
  });

  it('a member may leave', async () => {
    const w = await world();
    const res = await (await w.as('member')).post(`/organisations/${w.council.slug}/members/${w.users.member.id}/remove`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/organisations/${w.council.slug}`);
    expect(await membershipOf(w.council.id, w.users.member.id)).toBeUndefined();
    expect(await auditActions(w.users.member.id)).toContain('membership.leave');
  });

  it('cannot revoke another organisation’s invitation through this one (404)', async () => {
    const w = await world();
    const theirs = await createInvitation(db(), w.partnerOrg.id);
    const res = await (await w.as('owner')).post(`/organisations/${w.council.slug}/invitations/${theirs.id}/revoke`);
    expect(res.status).toBe(404);
    expect((await invitationById(theirs.id)).revokedAt).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('editing an organisation', () => {
  it('an owner edits name, description and website, but not kind, slug or the verified badge', async () => {
    const w = await world();
    const c = await w.as('owner');
    const base = `/organisations/${w.council.slug}`;
    const form = await (await c.get(`${base}/edit`)).text();
    expect(form).toContain('Only a platform administrator can change the type');
    expect(form).not.toContain('name="slug"');
    const res = await c.post(`${base}/edit`, { name: 'Renamed Council', description: 'New words', website: 'http://renamed.example', kind: 'partner', slug: 'stolen-slug', verified: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(base);
    expect(await orgById(w.council.id)).toMatchObject({ name: 'Renamed Council', description: 'New words', website: 'http://renamed.example', kind: 'council', slug: w.council.slug, verified: false });
    expect(await auditActions(w.council.id)).toContain('organisation.update');
  });

  it('refuses bad input with a 422 and changes nothing', async () => {
    const w = await world();
    const c = await w.as('owner');
    const res = await c.post(`/organisations/${w.council.slug}/edit`, { name: '', description: 'd', website: 'not a url' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<a href="#name">');
    expect(html).toContain('<a href="#website">');
    expect(html).toContain('value="not a url"');
    expect(await orgById(w.council.id)).toMatchObject({ name: w.council.name, description: w.council.description });
  });

  it('an admin changes the slug and verifies; a taken slug is a 422', async () => {
    const w = await world();
    const c = await w.as('admin');
    const taken = await c.post(`/organisations/${w.council.slug}/edit`, { name: 'X', kind: 'council', slug: w.partnerOrg.slug, description: '', website: '' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('This web address is already taken');
    expect((await orgById(w.council.id)).slug).toBe(w.council.slug);
    const slug = `moved-${Date.now()}`;
    const res = await c.post(`/organisations/${w.council.slug}/edit`, { name: 'Moved', kind: 'partner', slug, description: '', website: '', verified: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/organisations/${slug}`);
    expect(await orgById(w.council.id)).toMatchObject({ slug, kind: 'partner', verified: true, name: 'Moved' });
    expect((await new Client(env.app).get(`/organisations/${w.council.slug}`)).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------

describe('public organisation page', () => {
  it('shows kind, description and staff, escapes content, and does not endorse unverified links', async () => {
    const org = await createOrganisation(db(), { name: 'Trust <script>alert(1)</script>', kind: 'partner', website: 'https://trust.example', verified: false });
    const html = await (await new Client(env.app).get(`/organisations/${org.slug}`)).text();
    expect(html).toContain('Trust &lt;script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Partner organisation');
    expect(html).not.toContain('class="badge"');
    expect(html).toContain('href="https://trust.example" rel="nofollow noopener"');
    expect(html).toContain('No one is listed yet');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('shows the verified badge as text and a followed link for a verified organisation', async () => {
    const org = await createOrganisation(db(), { verified: true, website: 'https://verified.example' });
    const html = await (await new Client(env.app).get(`/organisations/${org.slug}`)).text();
    expect(html).toContain('<span class="badge">Verified</span>');
    expect(html).toContain('href="https://verified.example" rel="noopener"');
  });

  it('leaves out unlisted and suspended people', async () => {
    const w = await world();
    const hidden = await createUser(db(), { displayName: 'Hidden Helper' });
    const suspended = await createUser(db(), { displayName: 'Suspended Sam', suspendedAt: new Date() });
    await addMember(db(), w.council.id, hidden.id, 'member', 'Quiet role');
    await addMember(db(), w.council.id, suspended.id, 'member', 'Gone');
    await db().update(memberships).set({ listedPublicly: false }).where(eq(memberships.userId, hidden.id));
    const html = await (await new Client(env.app).get(`/organisations/${w.council.slug}`)).text();
    expect(html).toContain(w.users.owner.displayName);
    expect(html).toContain('Head of digital');
    expect(html).not.toContain('Hidden Helper');
    expect(html).not.toContain('Suspended Sam');
  });

  it('shows management links only to those who may use them', async () => {
    const w = await world();
    const links = async (who: Who) => {
      const html = await (await (await w.as(who)).get(`/organisations/${w.council.slug}`)).text();
      return { edit: html.includes('/edit"'), members: html.includes('/members"'), mine: html.includes('/membership"') };
    };
    expect(await links('anonymous')).toEqual({ edit: false, members: false, mine: false });
    expect(await links('citizen')).toEqual({ edit: false, members: false, mine: false });
    expect(await links('partner')).toEqual({ edit: false, members: false, mine: false });
    expect(await links('member')).toEqual({ edit: false, members: false, mine: true });
    expect(await links('owner')).toEqual({ edit: true, members: true, mine: true });
    expect(await links('admin')).toEqual({ edit: true, members: true, mine: false });
  });
});

// ---------------------------------------------------------------------------------------------

describe('malformed and unknown ids', () => {
  it('answers 404, never 500', async () => {
    const w = await world();
    const c = await w.as('admin');
    const base = `/organisations/${w.council.slug}`;
    const unknownUuid = '00000000-0000-4000-8000-000000000000';
    const gets = ['/organisations/Not_A_Slug', '/organisations/no-such-org', '/organisations/no-such-org/members', '/organisations/%E2%80%AE/edit', `/organisations/${'a'.repeat(61)}`];
    for (const url of gets) expect([url, (await c.get(url)).status]).toEqual([url, 404]);
    const posts = [
      `${base}/members/not-a-uuid`,
      `${base}/members/${unknownUuid}`,
      `${base}/members/123/remove`,
      `${base}/members/${unknownUuid}/remove`,
      `${base}/invitations/1/revoke`,
      `${base}/invitations/${unknownUuid}/revoke`,
      `/organisations/no-such-org/invitations`,
    ];
    for (const url of posts) expect([url, (await c.post(url, { title: 'x', email: 'a@example.org', role: 'member' })).status]).toEqual([url, 404]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('directory', () => {
  /** Follows "Next page" links from `start`, collecting slugs in order. */
  async function walk(start: string) {
    const c = new Client(env.app);
    const slugs: string[] = [];
    let url: string | null = start;
    let pages = 0;
    while (url && pages < 50) {
      const res = await c.get(url);
      expect(res.status).toBe(200);
      const html = await res.text();
      const found = [...html.matchAll(/<h2><a href="\/organisations\/([a-z0-9-]+)">/g)].map((m) => m[1]!);
      expect(found.length).toBeLessThanOrEqual(20);
      slugs.push(...found);
      const next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
      url = next ? next.replaceAll('&amp;', '&') : null;
      pages++;
    }
    return { slugs, pages };
  }

  it('pages through every organisation in name order, without duplicates or gaps (JS not needed)', async () => {
    // More same-named organisations than fit on a page, so a page boundary falls among them:
    // only the id breaks the tie, so the cursor must carry it.
    for (let i = 0; i < 25; i++) await createOrganisation(db(), { name: 'Aardvark Same Name', kind: 'partner' });
    for (let i = 0; i < 25; i++) await createOrganisation(db(), { name: `Zed Borough ${String(i).padStart(2, '0')}`, kind: 'council' });
    const all = await db().select({ slug: organisations.slug, name: organisations.name, id: organisations.id }).from(organisations);
    expect(all.length).toBeGreaterThan(40);
    const { slugs, pages } = await walk('/organisations');
    expect(pages).toBe(Math.ceil(all.length / 20));
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(new Set(slugs)).toEqual(new Set(all.map((o) => o.slug)));
    // The order is (name, id), the database's own ordering.
    const expected = (await db().select({ slug: organisations.slug }).from(organisations).orderBy(organisations.name, organisations.id)).map((r) => r.slug);
    expect(slugs).toEqual(expected);
  });

  it('filters by kind and keeps the filter across pages', async () => {
    for (let i = 0; i < 22; i++) await createOrganisation(db(), { name: `Partner ${i}`, kind: 'partner' });
    const partners = await db().select({ slug: organisations.slug }).from(organisations).where(eq(organisations.kind, 'partner'));
    const { slugs, pages } = await walk('/organisations?kind=partner');
    expect(pages).toBeGreaterThan(1);
    expect(new Set(slugs)).toEqual(new Set(partners.map((p) => p.slug)));
    expect(slugs).toHaveLength(partners.length);
    const kinds = await db().select({ kind: organisations.kind }).from(organisations).where(inArray(organisations.slug, slugs));
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['partner']));
  });

  it('offers the first page from later pages, and refuses damaged cursors and kinds with 400', async () => {
    const c = new Client(env.app);
    const first = await (await c.get('/organisations')).text();
    expect(first).not.toContain('First page');
    const next = /<a href="([^"]+)" rel="next">/.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(await (await c.get(next)).text()).toContain('First page');
    expect((await c.get('/organisations?after=not-a-cursor')).status).toBe(400);
    expect((await c.get(`/organisations?after=${Buffer.from('["x","nope"]').toString('base64url')}`)).status).toBe(400);
    expect((await c.get('/organisations?kind=ministry')).status).toBe(400);
    expect((await c.get('/organisations?kind=')).status).toBe(200);
  });

  it('has an empty state', () => {
    const t = translator('en');
    const ctx = { t, locale: 'en' as const, user: null, csrfToken: 'x', flash: null, currentPath: '/organisations', htmxSrc: '/h.js', requestId: 'r' };
    const html = String(DirectoryPage({ ctx, items: [], kind: undefined, nextHref: null, firstHref: null, canCreate: false }));
    expect(html).toContain('There are no organisations yet.');
    expect(html).not.toContain('rel="next"');
    const filtered = String(DirectoryPage({ ctx, items: [], kind: 'partner', nextHref: null, firstHref: null, canCreate: false }));
    expect(filtered).toContain('There are no organisations of this type yet.');
  });
});

// ---------------------------------------------------------------------------------------------

describe('route × role matrix', () => {
  type Expect = 200 | 303 | 403;
  const signIn = 303;
  const pages: [string, (w: Awaited<ReturnType<typeof world>>) => string, Record<Who, Expect>][] = [
    ['directory', () => '/organisations', { anonymous: 200, citizen: 200, member: 200, owner: 200, partner: 200, admin: 200 }],
    ['public page', (w) => `/organisations/${w.council.slug}`, { anonymous: 200, citizen: 200, member: 200, owner: 200, partner: 200, admin: 200 }],
    ['edit', (w) => `/organisations/${w.council.slug}/edit`, { anonymous: signIn, citizen: 403, member: 403, owner: 200, partner: 403, admin: 200 }],
    ['members', (w) => `/organisations/${w.council.slug}/members`, { anonymous: signIn, citizen: 403, member: 403, owner: 200, partner: 403, admin: 200 }],
    ['own membership', (w) => `/organisations/${w.council.slug}/membership`, { anonymous: signIn, citizen: 403, member: 200, owner: 200, partner: 403, admin: 403 }],
    ['admin list', () => '/admin/organisations', { anonymous: signIn, citizen: 403, member: 403, owner: 403, partner: 403, admin: 200 }],
    ['admin create', () => '/admin/organisations/new', { anonymous: signIn, citizen: 403, member: 403, owner: 403, partner: 403, admin: 200 }],
  ];

  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  });

  for (const [name, url, expected] of pages) {
    for (const who of WHO) {
      it(`GET ${name} as ${who} → ${expected[who]}`, async () => {
        const res = await (await w.as(who)).get(url(w));
        expect(res.status).toBe(expected[who]);
        if (expected[who] === signIn) expect(res.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(url(w))}`);
        if (expected[who] === 200) expect((await res.text()).match(/<h1[ >]/g)).toHaveLength(1);
      });
    }
  }

  const inviteExpect: Record<Who, 303 | 403> = { anonymous: 303, citizen: 403, member: 403, owner: 303, partner: 403, admin: 303 };
  for (const who of WHO) {
    it(`POST invitation as ${who} → ${inviteExpect[who]}, and a row only when allowed`, async () => {
      const email = `matrix-${who.toLowerCase()}-${Date.now()}@example.org`;
      const res = await (await w.as(who)).post(`/organisations/${w.council.slug}/invitations`, { email, role: 'member', title: '' });
      expect(res.status).toBe(inviteExpect[who]);
      const stored = (await invitationsOf(w.council.id)).filter((i) => i.email === email);
      expect(stored).toHaveLength(who === 'owner' || who === 'admin' ? 1 : 0);
      if (who === 'anonymous') expect(res.headers.get('Location')).toMatch(/^\/sign-in\?next=/);
    });
  }

  const editExpect: Record<Who, 303 | 403> = { anonymous: 303, citizen: 403, member: 403, owner: 303, partner: 403, admin: 303 };
  for (const who of WHO) {
    it(`POST edit as ${who} → ${editExpect[who]}, and a change only when allowed`, async () => {
      const name = `Renamed by ${who}`;
      const res = await (await w.as(who)).post(`/organisations/${w.council.slug}/edit`, { name, description: '', website: '', kind: 'council', slug: w.council.slug });
      expect(res.status).toBe(editExpect[who]);
      expect((await orgById(w.council.id)).name === name).toBe(who === 'owner' || who === 'admin');
    });
  }
});
