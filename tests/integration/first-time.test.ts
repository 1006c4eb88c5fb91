/**
 * Issue 10, "What a first-time user stumbles on": the home page's live challenges and what is
 * waiting for a signed-in person (18); error summaries that name their fields and take the focus,
 * the ideas filter's announced count, the preview brought into view (20); confirmation steps
 * before closing a challenge early, archiving it or removing a member (21); the first owner's
 * invitation, its acceptance and a not-yet-open challenge's wording (22); the idea page's
 * repeated words (23). English and French throughout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { challenges, events, memberships, notifications } from '../../src/db/schema/index.js';
import { translator, type Locale } from '../../src/i18n/index.js';
import { Client, HX } from '../support/app.js';
import { addMember, createChallenge, createIdea, createInvitation, createOrganisation, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf, world } = useTestEnv();
const t = { en: translator('en'), fr: translator('fr') };

afterEach(() => env.clock.reset());

/** The text of an HTML fragment, tags removed and entities decoded, spaces collapsed. */
const text = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/[ \t\r\n]+/g, ' ').trim();

/** The `<section aria-labelledby=id>` block of a page. */
function section(html: string, labelledBy: string): string {
  const start = html.indexOf(`aria-labelledby="${labelledBy}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

/** The error summary's links: where each goes and what it says. */
function summaryLinks(html: string): { href: string; text: string }[] {
  const start = html.indexOf('class="error-summary"');
  expect(start, 'an error summary').toBeGreaterThan(-1);
  const block = html.slice(start, html.indexOf('</div>', start));
  return [...block.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, text: unescapeHtml(m[2]!) }));
}

/** The visible label of the control with this id (without its "(optional)"), or undefined. */
function labelOf(html: string, id: string): string | undefined {
  const m = new RegExp(`<label for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  return m ? text(m[1]!.replace(/<span class="optional">[\s\S]*?<\/span>/g, '')) : undefined;
}

/** Every link of the summary names its field: "<label>: <message>" (French: a narrow no-break space before the colon). */
function expectNamedSummary(html: string, locale: Locale, fields: string[]) {
  const links = summaryLinks(html);
  expect(links.map((l) => l.href)).toEqual(expect.arrayContaining(fields));
  for (const { href, text: said } of links) {
    const label = labelOf(html, href);
    if (!label) continue; // a fieldset (topics): named by its legend, checked where it matters
    expect(said.startsWith(t[locale]('form.errorSummary.item', { field: label, message: '' }).trimEnd())).toBe(true);
    expect(said.length).toBeGreaterThan(label.length + 3);
  }
  // The summary takes the focus when the page loads (and when htmx swaps it in).
  expect(html).toMatch(/<div class="error-summary" role="alert" tabindex="-1" autofocus=""/);
}

/** A member of the organisation who reads in French. */
async function staffInFrench(organisationId: string) {
  const p = await person({ locale: 'fr' });
  await addMember(db(), organisationId, p.user.id, 'member');
  return p;
}

// ---- 18. The home page ----------------------------------------------------------------------

describe('home page: challenges open now (point 18)', () => {
  it('lists the challenges taking ideas or supports, closing soonest first, at most six, with a link to all', async () => {
    const council = await createOrganisation(db(), { kind: 'council', name: 'Homeside Council' });
    // A moment of our own, far from every other test's challenges.
    const base = Date.now() + 3000 * DAY;
    const at = (days: number) => new Date(base + days * DAY);
    const open = (title: string, closeIn: number, extra = {}) =>
      createChallenge(db(), council.id, { title, submissionsOpenAt: at(-1), submissionsCloseAt: at(closeIn), publishedAt: at(-1), ...extra });
    await open('Ideas close in five days', 5);
    await open('Ideas close in two days', 2);
    await createChallenge(db(), council.id, { title: 'Voting ends tomorrow', submissionsOpenAt: at(-9), submissionsCloseAt: at(-3), votingOpenAt: at(-1), votingCloseAt: at(1) });
    await createChallenge(db(), council.id, { title: 'Not open yet', submissionsOpenAt: at(1), submissionsCloseAt: at(9) });
    await open('A draft', 1, { status: 'draft' });
    await open('Closed early', 1, { closedEarlyAt: at(-0.1) });
    await open('Archived', 1, { status: 'archived' });
    await createChallenge(db(), council.id, { title: 'Results out', submissionsOpenAt: at(-9), submissionsCloseAt: at(-5), votingOpenAt: at(-4), votingCloseAt: at(3), resultsAt: at(-0.5) });
    env.clock.set(at(0));

    const anon = new Client(env.app);
    let html = await (await anon.get('/')).text();
    let live = section(html, 'live-title');
    expect(text(live)).toContain(t.en('home.live.title'));
    const titles = [...live.matchAll(/<a href="\/challenges\/[0-9a-f-]{36}"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Voting ends tomorrow', 'Ideas close in two days', 'Ideas close in five days']);
    expect(live).toContain('<a href="/challenges">');
    expect(text(live)).toContain(t.en('challenges.next.submissionsClose', { date: '' }).trim());

    // Bounded: six at most, the soonest.
    for (let i = 0; i < 6; i++) await open(`Later ${i}`, 20 + i);
    html = await (await anon.get('/')).text();
    live = section(html, 'live-title');
    expect(live.match(/class="card challenge-card"/g)).toHaveLength(6);
    expect(live).not.toContain('Later 5');

    // In French.
    const fr = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get('/')).text();
    expect(text(section(fr, 'live-title'))).toContain(t.fr('home.live.title'));
    expect(section(fr, 'live-title')).toContain(t.fr('home.live.all'));
  });

  it('says so when no challenge is open, in both languages', async () => {
    env.clock.set(new Date(Date.now() + 9000 * DAY));
    for (const locale of ['en', 'fr'] as const) {
      const html = await (await new Client(env.app, { 'Accept-Language': locale }).get('/')).text();
      const live = section(html, 'live-title');
      expect(text(live)).toContain(t[locale]('home.live.empty'));
      expect(live).toContain('<a href="/challenges">');
      // Nothing about a person for a visitor.
      expect(html).not.toContain('id="waiting-title"');
    }
  });
});

describe('home page: what is waiting for a signed-in person (point 18)', () => {
  async function unreadNotifications(userId: string, subjectId: string, n: number) {
    for (let i = 0; i < n; i++) {
      const [event] = await db().insert(events).values({ name: 'comment.post', actorId: null, entityType: 'test', entityId: `home-${i}`, payload: {} }).returning();
      await db().insert(notifications).values({ userId, eventId: event!.id, subjectId, reason: 'follower', message: 'comments.notify.follower' });
    }
  }

  it('a newcomer: no unread notifications and no ideas yet, with where to start', async () => {
    for (const locale of ['en', 'fr'] as const) {
      const me = await person({ locale });
      const html = await (await me.client.get('/')).text();
      const waiting = section(html, 'waiting-title');
      expect(text(waiting)).toContain(t[locale]('home.waiting.title'));
      expect(text(waiting)).toContain(t[locale]('home.waiting.noUnread'));
      expect(text(waiting)).toContain(t[locale]('home.waiting.ideas.empty'));
      expect(waiting).not.toContain('id="awaiting-title"');
    }
  });

  it('their unread notifications, their ideas with drafts to finish, and the answers their council owes', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id, { title: 'Waiting challenge' });
    const me = await person();
    const draft = await createIdea(db(), challenge.id, me.user.id, { title: 'My unfinished draft', status: 'draft', publishedAt: null });
    const published = await createIdea(db(), challenge.id, me.user.id, { title: 'My published idea' });
    await unreadNotifications(me.user.id, published.id, 2);

    let html = await (await me.client.get('/')).text();
    let waiting = section(html, 'waiting-title');
    expect(waiting).toContain(`<a href="/notifications">${t.en('home.waiting.unread', { count: 2 })}</a>`);
    expect(waiting).toContain(`<a href="/ideas/${draft.id}">My unfinished draft</a>`);
    expect(waiting).toContain(`href="/ideas/${draft.id}/edit"`);
    expect(text(waiting)).toContain(t.en('home.waiting.draft'));
    expect(waiting).toContain(`<a href="/ideas/${published.id}">My published idea</a>`);
    expect(waiting.match(/\/edit"/g)).toHaveLength(1); // only the draft asks to be finished
    expect(waiting).toContain('<a href="/account/ideas">');

    // Staff of the council: the idea that reached the threshold, overdue.
    const staff = await staffOf(council, 'member');
    const other = await person();
    await createIdea(db(), challenge.id, other.user.id, { title: 'Owed an answer', responseDueAt: new Date(Date.now() - 2 * DAY) });
    html = await (await staff.client.get('/')).text();
    waiting = section(html, 'waiting-title');
    expect(text(waiting)).toContain(t.en('responses.awaiting.title'));
    expect(text(waiting)).toContain('Owed an answer');
    expect(text(waiting)).toContain(t.en('responses.awaiting.overdue', { date: '' }).trim());
    expect(waiting).toContain('<a href="/account/responses">');
    // Not to the author, who is not staff.
    expect(section(await (await other.client.get('/')).text(), 'waiting-title')).not.toContain('id="awaiting-title"');
  });

  it('issues a fixed number of queries however much is waiting', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const staff = await staffOf(council, 'owner');
    await createIdea(db(), challenge.id, staff.user.id, { responseDueAt: new Date(Date.now() + DAY) });
    const measure = () => env.countQueries(async () => expect((await staff.client.get('/')).status).toBe(200));
    const small = await measure();
    for (let i = 0; i < 8; i++) {
      await createIdea(db(), challenge.id, staff.user.id, { status: i % 2 ? 'draft' : 'submitted', responseDueAt: new Date(Date.now() + DAY) });
      await createChallenge(db(), council.id);
    }
    expect(await measure()).toBe(small);
  });
});

// ---- 20. Error summaries, the filtered list, the preview ------------------------------------

describe('error summaries name each field and take the focus (point 20)', () => {
  it('a page that is one form (creating an organisation), in English and French', async () => {
    for (const locale of ['en', 'fr'] as const) {
      const admin = await person({ isAdmin: true, locale });
      const res = await admin.client.post('/admin/organisations/new', { kind: 'partner', name: '', slug: 'Bad Slug', description: '', website: '' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expectNamedSummary(html, locale, ['name', 'slug']);
      const name = summaryLinks(html).find((l) => l.href === 'name')!;
      expect(name.text).toBe(t[locale]('form.errorSummary.item', { field: t[locale]('orgs.form.name'), message: t[locale]('validation.required') }));
    }
  });

  it('the challenge form: fields inside fieldsets and dates are named too', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const key = await owner.submissionKey(`/organisations/${w.council.slug}/challenges/new`);
    const res = await owner.post(`/organisations/${w.council.slug}/challenges/new`, {
      submissionKey: key,
      title: '',
      summary: '',
      submissionsOpenAt: '',
      submissionsCloseAt: 'not a date',
      voteBudget: '5',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expectNamedSummary(html, 'en', ['title', 'summary', 'submissionsCloseAt']);
    expect(summaryLinks(html).find((l) => l.href === 'title')!.text.startsWith(`${t.en('challenges.field.title')}: `)).toBe(true);
    expect(summaryLinks(html).find((l) => l.href === 'submissionsCloseAt')!.text.startsWith(`${t.en('challenges.field.submissionsCloseAt')}: `)).toBe(true);
  });

  it('the idea form names its fields (a repeated "Enter a value" is never alone)', async () => {
    const { challenge } = await (async () => {
      const council = await createOrganisation(db(), { kind: 'council' });
      return { challenge: await createChallenge(db(), council.id) };
    })();
    for (const locale of ['en', 'fr'] as const) {
      const me = await person({ locale });
      const path = `/challenges/${challenge.id}/ideas/new`;
      const res = await me.client.post(path, { submissionKey: await me.client.submissionKey(path), title: '', summary: '', description: '', intent: 'publish' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expectNamedSummary(html, locale, ['title', 'summary']);
      const said = summaryLinks(html).map((l) => l.text);
      expect(said).toContain(t[locale]('form.errorSummary.item', { field: t[locale]('ideas.form.title'), message: t[locale]('validation.required') }));
      expect(said).not.toContain(t[locale]('validation.required'));
    }
  });
});

describe('the ideas list after filtering, and the idea preview (point 20)', () => {
  it('the filtered list (htmx) announces its count in a live region that takes the focus; the page itself does not steal it', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const author = await person();
    await createIdea(db(), challenge.id, author.user.id, { title: 'Rain gardens by the bus stops' });
    await createIdea(db(), challenge.id, author.user.id, { title: 'Benches in the shade' });
    for (const locale of ['en', 'fr'] as const) {
      const client = new Client(env.app, { 'Accept-Language': locale });
      const fragment = await (await client.get(`/challenges/${challenge.id}/ideas?sort=newest&q=rain`, HX)).text();
      const count = /<p id="ideas-count"[^>]*>([^<]*)<\/p>/.exec(fragment);
      expect(count?.[0]).toContain('role="status"');
      expect(count?.[0]).toContain('tabindex="-1"');
      expect(count?.[0]).toContain('autofocus');
      expect(text(count![1]!)).toBe(t[locale]('ideas.list.count', { count: 1 }));
      const none = await (await client.get(`/challenges/${challenge.id}/ideas?sort=newest&q=zzzqqq`, HX)).text();
      expect(text(/<p id="ideas-count"[^>]*>([^<]*)<\/p>/.exec(none)![1]!)).toBe(t[locale]('ideas.list.emptyFiltered'));
      const page = await (await client.get(`/challenges/${challenge.id}`)).text();
      const onPage = /<p id="ideas-count"[^>]*>([^<]*)<\/p>/.exec(page);
      expect(onPage?.[0]).not.toContain('autofocus');
      expect(text(onPage![1]!)).toBe(t[locale]('ideas.list.count', { count: 2 }));
    }
  });

  it('the preview takes the focus when it appears (htmx, and the whole form without JavaScript)', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const me = await person();
    const form = { title: 'Shade sails', summary: 'Over the market square.', description: 'In **summer**.' };
    const fragment = await (await me.client.post('/ideas/preview', { ...form, intent: 'preview' }, HX)).text();
    expect(fragment).toMatch(/<section class="idea-preview card" aria-labelledby="preview-title" tabindex="-1" autofocus=""/);
    const path = `/challenges/${challenge.id}/ideas/new`;
    const page = await (await me.client.post(path, { ...form, submissionKey: await me.client.submissionKey(path), intent: 'preview' })).text();
    expect(page).toMatch(/<section class="idea-preview card" aria-labelledby="preview-title" tabindex="-1" autofocus=""/);
  });
});

// ---- 21. Confirmation steps -------------------------------------------------------------------

describe('closing a challenge early and archiving it ask first (point 21)', () => {
  for (const transition of ['close', 'archive'] as const) {
    it(`${transition}: the page's button links to a confirmation page, whose form posts; nothing changes before`, async () => {
      const w = await world();
      const ch = await createChallenge(db(), w.council.id);
      const path = `/challenges/${ch.id}/${transition}`;
      const owner = await w.as('owner');

      const challengePage = await (await owner.get(`/challenges/${ch.id}`)).text();
      expect(challengePage).toContain(`href="${path}"`);
      expect(challengePage).not.toContain(`action="${path}"`);

      for (const locale of ['en', 'fr'] as const) {
        const client = locale === 'en' ? owner : (await staffInFrench(w.council.id)).client;
        const res = await client.get(path);
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(text(html)).toContain(t[locale](`challenges.confirm.${transition}.title`));
        expect(text(html)).toContain(t[locale]('challenges.confirm.final'));
        expect(html).toMatch(new RegExp(`<form method="post" action="${path}" class="confirm-form">`));
        expect(html).toContain(`<a href="/challenges/${ch.id}">${t[locale]('form.cancel')}</a>`);
      }
      // Looking changed nothing.
      const row = (await db().select().from(challenges).where(eq(challenges.id, ch.id)))[0]!;
      expect(row.closedEarlyAt).toBeNull();
      expect(row.status).toBe('published');

      // Who may not act is refused the question too; a visitor is sent to sign in.
      expect((await (await w.as('citizen')).get(path)).status).toBe(403);
      expect((await (await w.as('otherStaff')).get(path)).status).toBe(403);
      expect((await new Client(env.app).get(path)).status).toBe(303);

      // The confirmation's form does it.
      const done = await owner.post(path);
      expect(done.status).toBe(303);
      const after = (await db().select().from(challenges).where(eq(challenges.id, ch.id)))[0]!;
      if (transition === 'close') expect(after.closedEarlyAt).not.toBeNull();
      else expect(after.status).toBe('archived');
      // And now there is nothing to confirm.
      expect((await owner.get(path)).status).toBe(403);
    });
  }

  it('an unknown challenge is a 404', async () => {
    const owner = await (await world()).as('owner');
    expect((await owner.get('/challenges/00000000-0000-4000-8000-000000000000/close')).status).toBe(404);
  });
});

describe('removing a member, or leaving, asks first (point 21)', () => {
  it('owners see the question naming the member; the Remove button links to it; the form removes', async () => {
    const w = await world();
    const owner = await w.as('owner');
    const base = `/organisations/${w.council.slug}`;
    const target = w.users.member;
    const path = `${base}/members/${target.id}/remove`;

    const members = await (await owner.get(`${base}/members`)).text();
    expect(members).toContain(`href="${path}"`);
    expect(members).not.toContain(`action="${path}"`);

    const html = await (await owner.get(path)).text();
    expect(text(html)).toContain(t.en('orgs.confirm.remove.title', { name: target.displayName, organisation: w.council.name }));
    expect(html).toContain(`<form method="post" action="${path}" class="confirm-form">`);
    expect(html).toContain(`<a href="${base}/members">`);
    const still = await db().select().from(memberships).where(and(eq(memberships.organisationId, w.council.id), eq(memberships.userId, target.id)));
    expect(still).toHaveLength(1);

    // Others may not; an unknown or malformed member is a 404.
    expect((await (await w.as('citizen')).get(path)).status).toBe(403);
    expect((await (await w.as('otherStaff')).get(path)).status).toBe(403);
    expect((await owner.get(`${base}/members/${w.users.citizen.id}/remove`)).status).toBe(404);
    expect((await owner.get(`${base}/members/123/remove`)).status).toBe(404);

    expect((await owner.post(path)).status).toBe(303);
    const gone = await db().select().from(memberships).where(and(eq(memberships.organisationId, w.council.id), eq(memberships.userId, target.id)));
    expect(gone).toHaveLength(0);
  });

  it('a member leaving is asked "Leave …?", in English and French; another member cannot remove them', async () => {
    const council = await createOrganisation(db(), { kind: 'council', name: 'Leaveham Council' });
    const owner = await staffOf(council, 'owner');
    for (const locale of ['en', 'fr'] as const) {
      const member = await staffOf(council, 'member');
      const me = locale === 'en' ? member : await staffInFrench(council.id);
      const path = `/organisations/${council.slug}/members/${me.user.id}/remove`;
      const membership = await (await me.client.get(`/organisations/${council.slug}/membership`)).text();
      expect(membership).toContain(`href="${path}"`);
      const html = await (await me.client.get(path)).text();
      expect(text(html)).toContain(t[locale]('orgs.confirm.leave.title', { organisation: council.name }));
      expect(html).toContain(`<a href="/organisations/${council.slug}/membership">`);
      // Not someone else's.
      expect((await member.client.get(`/organisations/${council.slug}/members/${owner.user.id}/remove`)).status).toBe(403);
    }
  });
});

// ---- 22. Invitations and wording --------------------------------------------------------------

describe('the first owner (point 22)', () => {
  it('an organisation without an owner invites an owner by default; with one, a member', async () => {
    const admin = await person({ isAdmin: true });
    const org = await createOrganisation(db(), { kind: 'partner' });
    // The invite form's role (the members' own rows come before it).
    const selected = async () => {
      const html = await (await admin.client.get(`/organisations/${org.slug}/members`)).text();
      return /<option value="(owner|member)" selected="">/.exec(html.slice(html.indexOf('id="invite-title"')))?.[1];
    };
    expect(await selected()).toBe('owner');
    // A member alone is not an owner: still owner.
    await addMember(db(), org.id, (await person()).user.id, 'member');
    expect(await selected()).toBe('owner');
    await addMember(db(), org.id, (await person()).user.id, 'owner');
    expect(await selected()).toBe('member');
  });

  it('accepting says the role the person now has, in English and French', async () => {
    const org = await createOrganisation(db(), { kind: 'partner', name: 'Rolecheck Trust' });
    for (const [role, locale] of [
      ['owner', 'en'],
      ['member', 'en'],
      ['owner', 'fr'],
    ] as const) {
      const me = await person({ locale });
      const inv = await createInvitation(db(), org.id, { email: me.user.email, role });
      const res = await me.client.post(`/invitations/${inv.id}/accept`);
      expect(res.status).toBe(303);
      const page = unescapeHtml(await (await me.client.get(res.headers.get('Location')!)).text());
      const key = role === 'owner' ? 'orgs.invitation.accepted.owner' : 'orgs.invitation.accepted';
      expect(page).toContain(t[locale](key, { organisation: org.name }));
      if (role === 'owner') expect(page).not.toContain(t[locale]('orgs.invitation.accepted', { organisation: org.name }));
      // Leave, so the next round's invitation can be accepted by a new person.
      await db().delete(memberships).where(and(eq(memberships.organisationId, org.id), eq(memberships.userId, me.user.id)));
    }
  });
});

describe('a challenge not yet open (point 22)', () => {
  it('says when ideas open and how long until then, never "last day"', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const soon = await createChallenge(db(), council.id, { submissionsOpenAt: new Date(Date.now() + 5 * 3600_000), submissionsCloseAt: new Date(Date.now() + 9 * DAY) });
    const later = await createChallenge(db(), council.id, { submissionsOpenAt: new Date(Date.now() + 3.5 * DAY), submissionsCloseAt: new Date(Date.now() + 9 * DAY) });
    const closing = await createChallenge(db(), council.id, { submissionsOpenAt: new Date(Date.now() - DAY), submissionsCloseAt: new Date(Date.now() + 5 * 3600_000) });
    for (const locale of ['en', 'fr'] as const) {
      const client = new Client(env.app, { 'Accept-Language': locale });
      const line = async (id: string) => text(/<p class="phase-line">([\s\S]*?)<\/p>/.exec(await (await client.get(`/challenges/${id}`)).text())![1]!);
      const soonLine = await line(soon.id);
      expect(soonLine).toContain(t[locale]('challenges.daysUntil.soon'));
      expect(soonLine).not.toContain(t[locale]('challenges.daysLeft.last'));
      expect(await line(later.id)).toContain(t[locale]('challenges.daysUntil', { count: 4 }));
      // A window about to close still says it is the last day.
      expect(await line(closing.id)).toContain(t[locale]('challenges.daysLeft.last'));
    }
  });
});

// ---- 23. The idea page's repeated words ---------------------------------------------------------

describe('the idea page says each thing once (point 23)', () => {
  it('"Submitted" once in the idea (the status), "No comments yet" once on the page', async () => {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id);
    const author = await person();
    const idea = await createIdea(db(), challenge.id, author.user.id, { title: 'Said once' });
    for (const locale of ['en', 'fr'] as const) {
      const html = await (await new Client(env.app, { 'Accept-Language': locale }).get(`/ideas/${idea.id}`)).text();
      const article = text(html.slice(html.indexOf('<article class="idea"'), html.indexOf('</article>')));
      const submitted = t[locale]('ideas.status.submitted');
      expect(article.split(submitted).length - 1).toBe(1);
      expect(article).toContain(t[locale]('ideas.byline.person', { person: author.user.displayName }));
      expect(article).toContain(t[locale]('ideas.page.published'));
      const none = t[locale]('comments.count', { count: 0 });
      expect(text(html).split(none).length - 1).toBe(1);
    }
  });
});
