import { randomBytes } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { and, count, eq, isNull } from 'drizzle-orm';
import { events, challenges, comments, ideas, subjects } from '../../src/db/schema/index.js';
import { listCommentsBy, REPLIES_MAX, THREADS_PAGE } from '../../src/features/comments/queries.js';
import { Client, createTestEnvOn, HX, relaxedLimits, sessionClient } from '../support/app.js';
import { explain, sortNodes } from '../support/explain.js';
import { buildComment, buildReply, createComment, createIdea, createUser, renewPages } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person: citizen, staffOf, challengeWithIdea: setup } = useTestEnv();

const MINUTE = 60_000;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A fresh submission key, as a rendered form carries. */
const key = () => randomBytes(18).toString('base64url');

const post = (client: Client, ideaId: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  client.post(`/ideas/${ideaId}/comments`, { submissionKey: key(), ...form }, headers);

/** Posts and returns the new comment's id (from the 303 to #comment-<id>). */
async function comment(client: Client, ideaId: string, body: string, parentId?: string): Promise<string> {
  const res = await post(client, ideaId, { body, ...(parentId ? { parentId } : {}) });
  expect(res.status, await res.clone().text()).toBe(303);
  const m = new RegExp(`#comment-(${UUID})$`).exec(res.headers.get('Location') ?? '');
  expect(m, res.headers.get('Location') ?? '').not.toBeNull();
  return m![1]!;
}

const rowsOf = (ideaId: string) => db().select().from(comments).where(eq(comments.subjectId, ideaId));
const rowById = async (id: string) => (await db().select().from(comments).where(eq(comments.id, id)))[0];
const countOf = async (ideaId: string) => (await db().select({ n: subjects.commentCount }).from(subjects).where(eq(subjects.id, ideaId)))[0]!.n;
const liveRows = async (ideaId: string) =>
  (await db().select({ n: count() }).from(comments).where(and(eq(comments.subjectId, ideaId), isNull(comments.deletedAt))))[0]!.n;
const auditsOf = async (id: string) => (await db().select({ a: events.name }).from(events).where(eq(events.entityId, id))).map((r) => r.a);

/** Comment ids in the order the HTML shows them (threads and nested replies, depth first). */
const idsIn = (html: string) => [...html.matchAll(new RegExp(`<li id="comment-(${UUID})"`, 'g'))].map((m) => m[1]!);
const threadIdsIn = (html: string, rows: { id: string; parentId: string | null }[]) => {
  const top = new Set(rows.filter((r) => r.parentId === null).map((r) => r.id));
  return idsIn(html).filter((id) => top.has(id));
};
const section = (html: string) => /<section id="comments"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
const nextOf = (html: string) => {
  const m = /data-hx-get="\/ideas\/[0-9a-f-]+\/comments\?([^"]+)"[^>]*>Show more comments/.exec(html);
  return m ? m[1]!.replace(/&amp;/g, '&') : null;
};

/** Rows straight into the database, `minutesAgo` apart (oldest first), for lists and windows. */
async function insertThreads(ideaId: string, authorId: string, n: number, startMinutesAgo = 10_000) {
  const base = Date.now() - startMinutesAgo * MINUTE;
  const rows = Array.from({ length: n }, (_, i) => ({ ...buildComment(ideaId, authorId, { body: `Thread ${i}` }), createdAt: new Date(base + i * MINUTE) }));
  await db().insert(comments).values(rows);
  await db().update(subjects).set({ commentCount: (await countOf(ideaId)) + n }).where(eq(subjects.id, ideaId));
  return rows;
}

async function insertReplies(ideaId: string, authorId: string, parent: { id: string; threadId: string; depth: number; createdAt: Date }, n: number) {
  const rows = Array.from({ length: n }, (_, i) => buildReply({ ...parent, ideaId }, authorId, { body: `Reply ${i}`, createdAt: new Date(parent.createdAt.getTime() + (i + 1) * 1000) }));
  const inserted = await db().insert(comments).values(rows).returning({ id: comments.id });
  await db().update(subjects).set({ commentCount: (await countOf(ideaId)) + n }).where(eq(subjects.id, ideaId));
  return inserted.map((r) => r.id);
}

describe('posting a comment', () => {
  it('a verified citizen comments: sanitised markdown, count, audit, back to #comment-<id> with a flash', async () => {
    const { idea } = await setup();
    const { client, user } = await citizen({ displayName: 'Ada Lovelace' });
    const page = await (await client.get(`/ideas/${idea.id}`)).text();
    const form = /<form id="comment-form"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    expect(form).toMatch(/name="submissionKey" value="[A-Za-z0-9_-]{16,64}"/);
    expect(form).toContain(`action="/ideas/${idea.id}/comments"`);
    expect(form).toContain('name="_csrf"');

    const res = await post(client, idea.id, { body: 'I **agree**. <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>' });
    expect(res.status).toBe(303);
    const [row] = await rowsOf(idea.id);
    expect(res.headers.get('Location')).toBe(`/ideas/${idea.id}#comment-${row!.id}`);
    expect(row).toMatchObject({ authorId: user.id, parentId: null, threadId: row!.id, depth: 0, editedAt: null, deletedAt: null });
    expect(row!.bodyHtml).toContain('<strong>agree</strong>');
    expect(row!.bodyHtml).not.toMatch(/<script|javascript:|onerror|<img/);
    expect(await countOf(idea.id)).toBe(1);
    expect(await auditsOf(row!.id)).toEqual(['comment.post']);

    const after = await (await client.get(`/ideas/${idea.id}`)).text();
    expect(after).toContain('Your comment has been posted.');
    const s = section(after);
    expect(s).toContain(`id="comment-${row!.id}"`);
    expect(s).toContain('<strong>agree</strong>');
    expect(s).toContain('Ada Lovelace');
    expect(s).not.toMatch(/<script>alert|javascript:|onerror/);
    expect(s).toContain('1 comment');
    // The idea card links to the discussion with the count.
    const card = await (await new Client(env.app).get(`/challenges/${idea.challengeId}?sort=newest`)).text();
    expect(card).toContain(`<a href="/ideas/${idea.id}#comments">1 comment</a>`);
  });

  it('htmx: the new comment joins the list (end when oldest first, start when newest first), the form comes back fresh, count and announcement update', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const first = await comment(client, idea.id, 'First');

    const res = await post(client, idea.id, { body: 'Second' }, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    const second = (await rowsOf(idea.id)).find((r) => r.body === 'Second')!;
    expect(html).toMatch(/^<form id="comment-form"/);
    expect(html).toMatch(/<textarea id="comment-body"[^>]*><\/textarea>/); // emptied
    expect(html).toContain(`<hx-partial data-hx-target="#comment-threads" data-hx-swap="beforeend"><li id="comment-${second.id}"`);
    expect(html).toContain('<hx-partial data-hx-target="#comments-count" data-hx-swap="innerHTML">2 comments</hx-partial>');
    expect(html).toContain('<hx-partial data-hx-target="#comments-announce" data-hx-swap="innerHTML">Your comment has been posted.</hx-partial>');
    expect(html).toMatch(/id="comment-main-[^"]+" class="comment-main" tabindex="-1" autofocus/);
    expect(html).not.toContain('<html');

    const newest = await (await post(client, idea.id, { body: 'Third', csort: 'newest' }, HX)).text();
    expect(newest).toContain('data-hx-target="#comment-threads" data-hx-swap="afterbegin"');
    expect(newest).toContain('<input type="hidden" name="csort" value="newest"/>');
    expect(await countOf(idea.id)).toBe(3);
    expect(first).not.toBe(second.id);
  });

  it('htmx, oldest first with threads still unloaded below: goes to where the new comment can be seen', async () => {
    const { idea, author } = await setup();
    await insertThreads(idea.id, author.user.id, THREADS_PAGE + 2);
    const { client } = await citizen();
    const res = await post(client, idea.id, { body: 'Late to the party', cmore: '1' }, HX);
    expect(res.status).toBe(204);
    const target = res.headers.get('HX-Redirect')!;
    const row = (await rowsOf(idea.id)).find((r) => r.body === 'Late to the party')!;
    expect(target).toMatch(new RegExp(`^/ideas/${idea.id}\\?cafter=[^#]+#comment-${row.id}$`));
    const landed = await (await client.get(target)).text();
    expect(idsIn(section(landed))).toEqual([row.id]);
    expect(landed).toContain('Back to the first comments');
  });

  it('a reply nests under its parent; htmx inserts it there and empties the reply slot', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const top = await comment(client, idea.id, 'Top');
    const form = await client.get(`/comments/${top}/reply`, HX);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toMatch(new RegExp(`^<form id="reply-form-${top}"`));
    expect(formHtml).toContain(`data-hx-target="#comment-slot-${top}"`);
    expect(formHtml).toContain(`<input type="hidden" name="parentId" value="${top}"/>`);
    expect(formHtml).toMatch(/<textarea[^>]*autofocus/);

    const res = await post(client, idea.id, { body: 'A reply', parentId: top }, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`^<hx-partial data-hx-target="#replies-${top}" data-hx-swap="beforeend"><li id="comment-${UUID}" class="comment comment-depth-1"`));
    const reply = (await rowsOf(idea.id)).find((r) => r.body === 'A reply')!;
    expect(reply).toMatchObject({ parentId: top, threadId: top, depth: 1 });
    expect(await auditsOf(reply.id)).toEqual(['comment.post']);

    // Without JavaScript: the reply page quotes the parent; the answer lands on the idea page.
    const page = await client.get(`/comments/${top}/reply`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('<h1>Reply to a comment</h1>');
    expect(pageHtml).toMatch(/<blockquote><div class="prose markdown"><p>Top<\/p>/);
    const second = await comment(client, idea.id, 'Another reply', top);
    const view = section(await (await client.get(`/ideas/${idea.id}`)).text());
    expect(idsIn(view)).toEqual([top, reply.id, second]);
    expect(view).toMatch(new RegExp(`<ol id="replies-${top}" class="comment-replies"><li id="comment-${reply.id}"`));
    expect(await countOf(idea.id)).toBe(3);
  });

  it('replies nest to depth 3: no Reply on a depth-3 comment, and a reply to it is refused', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const d0 = await comment(client, idea.id, 'Depth 0');
    const d1 = await comment(client, idea.id, 'Depth 1', d0);
    const d2 = await comment(client, idea.id, 'Depth 2', d1);
    const d3 = await comment(client, idea.id, 'Depth 3', d2);
    expect((await rowById(d3))!.depth).toBe(3);
    const view = section(await (await client.get(`/ideas/${idea.id}`)).text());
    for (const id of [d0, d1, d2]) expect(view).toContain(`href="/comments/${id}/reply"`);
    expect(view).not.toContain(`href="/comments/${d3}/reply"`);
    expect(view).toContain(`href="/comments/${d3}/edit"`);

    expect((await client.get(`/comments/${d3}/reply`)).status).toBe(403);
    const res = await post(client, idea.id, { body: 'Depth 4', parentId: d3 });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('nested as deeply as it can go');
    expect((await rowsOf(idea.id)).length).toBe(4);
    expect(await countOf(idea.id)).toBe(4);
  });

  it('a repeated submit of the same form creates one comment (concurrent and after the fact)', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const form = { body: 'Only once', submissionKey: key() };
    const [a, b] = await Promise.all([client.post(`/ideas/${idea.id}/comments`, form), client.post(`/ideas/${idea.id}/comments`, form)]);
    const c = await client.post(`/ideas/${idea.id}/comments`, form);
    const rows = await rowsOf(idea.id);
    expect(rows.length).toBe(1);
    for (const r of [a, b, c]) {
      expect(r.status).toBe(303);
      expect(r.headers.get('Location')).toBe(`/ideas/${idea.id}#comment-${rows[0]!.id}`);
    }
    expect(await countOf(idea.id)).toBe(1);
    expect(await auditsOf(rows[0]!.id)).toEqual(['comment.post']);
    // htmx: a fresh form and no second copy to insert.
    const hx = await (await client.post(`/ideas/${idea.id}/comments`, form, HX)).text();
    expect(hx).toContain('You had already sent this');
    expect(hx).not.toContain('#comment-threads');
    // The same key on another idea is someone else’s form: refused.
    const { idea: other } = await setup();
    expect((await client.post(`/ideas/${other.id}/comments`, form)).status).toBe(409);
    expect((await rowsOf(other.id)).length).toBe(0);
  });

  it('refuses bad input with a 4xx and stores nothing', async () => {
    const { idea } = await setup();
    const { idea: otherIdea } = await setup();
    const { client } = await citizen();
    const top = await comment(client, idea.id, 'Top');
    const foreign = await comment(client, otherIdea.id, 'Elsewhere');
    const before = (await rowsOf(idea.id)).length;

    const cases: [string, Record<string, string>, number, string?][] = [
      ['empty', { body: '' }, 422, 'Enter a value'],
      ['only spaces', { body: '   \n  ' }, 422, 'Enter a value'],
      ['too long', { body: 'x'.repeat(5001) }, 422, 'This is too long'],
      ['control characters', { body: 'Hi\u0000there' }, 422, 'invisible control characters'],
      ['no submission key', { body: 'Fine', submissionKey: '' }, 422, 'This form has expired'],
      ['a damaged submission key', { body: 'Fine', submissionKey: 'bad key!' }, 422, 'This form has expired'],
      ['a malformed parent id', { body: 'Fine', parentId: 'nope' }, 400],
      ['a parent from another idea', { body: 'Fine', parentId: foreign }, 404],
      ['an unknown parent', { body: 'Fine', parentId: '00000000-0000-4000-8000-000000000000' }, 404],
    ];
    for (const [label, form, status, text] of cases) {
      for (const headers of [{}, HX]) {
        const res = await post(client, idea.id, form, headers);
        expect(res.status, `${label} ${JSON.stringify(headers)}`).toBe(status);
        const body = await res.text();
        if (text) expect(body, label).toContain(text);
        if (status === 422) {
          // The person’s text comes back with an error summary; a fresh key when theirs was unusable.
          expect(body).toContain('There is a problem');
          expect(body).toMatch(/name="submissionKey" value="[A-Za-z0-9_-]{16,64}"/);
          if (form['body'] === 'Fine') expect(body).toContain('>Fine</textarea>');
          if ('HX-Request' in headers) expect(body).toMatch(/^<form id="comment-form"/);
          else expect(body).toContain('<h1>Comment on this idea</h1>');
        }
      }
    }
    // A reply with a bad text comes back to the reply page, or the reply form in its slot.
    const reply = await post(client, idea.id, { body: '', parentId: top });
    expect(reply.status).toBe(422);
    expect(await reply.text()).toContain('<h1>Reply to a comment</h1>');
    const hxReply = await post(client, idea.id, { body: '', parentId: top }, HX);
    expect(hxReply.status).toBe(422);
    expect(await hxReply.text()).toMatch(new RegExp(`^<form id="reply-form-${top}"`));
    // Nothing stored, nothing counted.
    expect((await rowsOf(idea.id)).length).toBe(before);
    expect(await countOf(idea.id)).toBe(before);
    // A body larger than the server takes at all.
    const huge = await post(client, idea.id, { body: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect((await rowsOf(idea.id)).length).toBe(before);
  });

  it('is rate limited per person (429, nothing stored)', async () => {
    const limited = createTestEnvOn(env, { rateLimits: { ...relaxedLimits, comment: { points: 2, duration: 600 } } });
    try {
      const { idea } = await setup();
      const user = await createUser(db());
      const client = await sessionClient(limited, user.id);
      for (const body of ['One', 'Two']) expect((await post(client, idea.id, { body })).status).toBe(303);
      const res = await post(client, idea.id, { body: 'Three' });
      expect(res.status).toBe(429);
      expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
      expect((await rowsOf(idea.id)).map((r) => r.body).sort()).toEqual(['One', 'Two']);
      expect(await countOf(idea.id)).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

describe('who may comment (route × role)', () => {
  it('anonymous: reads, is offered sign-in, and is sent to sign in when posting', async () => {
    const { idea, author } = await setup();
    const top = await comment(author.client, idea.id, 'Readable by all');
    const anon = new Client(env.app);
    const page = await anon.get(`/ideas/${idea.id}`);
    expect(page.status).toBe(200);
    const s = section(await page.text());
    expect(s).toContain('Readable by all');
    expect(s).toContain('Sign in to comment');
    expect(s).not.toContain('id="comment-form"');
    // Reply leads to signing in first (a plain link, not loaded in place); no Edit or Delete.
    expect(s).toContain(`<a href="/comments/${top}/reply" aria-label=`);
    expect(s).not.toContain('/edit"');
    expect(s).not.toContain('/delete"');

    const res = await post(anon, idea.id, { body: 'Sneaky' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/sign-in\?next=/);
    const hx = await post(anon, idea.id, { body: 'Sneaky' }, { ...HX, 'HX-Current-URL': `http://localhost/ideas/${idea.id}` });
    expect(hx.status).toBe(204);
    expect(hx.headers.get('HX-Redirect')).toBe(`/sign-in?next=${encodeURIComponent(`/ideas/${idea.id}`)}`);
    expect((await anon.get(`/comments/${top}/reply`)).headers.get('Location')).toMatch(/^\/sign-in\?next=/);
    expect((await rowsOf(idea.id)).length).toBe(1);
  });

  it('an unverified account reads but is refused with a clear message', async () => {
    const { idea, author } = await setup();
    const top = await comment(author.client, idea.id, 'Hello');
    const { client } = await citizen({ verified: false });
    const s = section(await (await client.get(`/ideas/${idea.id}`)).text());
    expect(s).toContain('Confirm your email address first: open the link we sent you, or have it sent again from the notice at the top of the page.');
    expect(s).not.toContain('id="comment-form"');
    expect(s).not.toContain(`/comments/${top}/reply`);
    for (const form of [{ body: 'Hi' }, { body: 'Hi', parentId: top }] as Record<string, string>[]) {
      const res = await post(client, idea.id, form);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Confirm your email address first');
    }
    expect((await client.get(`/comments/${top}/reply`)).status).toBe(403);
    expect((await rowsOf(idea.id)).length).toBe(1);
  });

  it('the idea’s author, another citizen, the council’s staff and an admin may all comment and reply', async () => {
    const { idea, council, author } = await setup();
    const other = await citizen();
    const staff = await staffOf(council);
    const admin = await citizen({ isAdmin: true });
    const top = await comment(author.client, idea.id, 'From the author');
    for (const [i, who] of [other, staff, admin].entries()) {
      await comment(who.client, idea.id, `Top ${i}`);
      await comment(who.client, idea.id, `Reply ${i}`, top);
    }
    expect((await rowsOf(idea.id)).length).toBe(7);
    expect(await countOf(idea.id)).toBe(7);
  });

  it('a withdrawn idea’s discussion stays readable and closed; an archived challenge’s too', async () => {
    const { idea, author } = await setup();
    const top = await comment(author.client, idea.id, 'Said before');
    await db().update(ideas).set({ status: 'withdrawn', withdrawnAt: new Date() }).where(eq(ideas.id, idea.id));
    const { client } = await citizen();
    const s = section(await (await client.get(`/ideas/${idea.id}`)).text());
    expect(s).toContain('Said before');
    expect(s).toContain('This idea has been withdrawn: its discussion is closed');
    expect(s).not.toContain('id="comment-form"');
    expect(s).not.toContain(`/comments/${top}/reply`);
    expect((await post(client, idea.id, { body: 'Late' })).status).toBe(403);
    expect((await post(client, idea.id, { body: 'Late', parentId: top })).status).toBe(403);

    const archived = await setup({ status: 'archived', archivedAt: new Date() });
    const res = await post(client, archived.idea.id, { body: 'Hello?' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This challenge is archived');
    expect((await rowsOf(idea.id)).length).toBe(1);
    expect((await rowsOf(archived.idea.id)).length).toBe(0);
  });

  it('a draft idea has no discussion: 404 for others, refused for its author', async () => {
    const { idea, author } = await setup({}, { status: 'draft', publishedAt: null });
    const { client } = await citizen();
    expect((await post(client, idea.id, { body: 'Hi' })).status).toBe(404);
    expect((await client.get(`/ideas/${idea.id}/comments`, HX)).status).toBe(404);
    const res = await post(author.client, idea.id, { body: 'Hi' });
    expect(res.status).toBe(403);
    expect((await rowsOf(idea.id)).length).toBe(0);
  });
});

describe('editing a comment', () => {
  it('the author edits within 15 minutes: marked edited, markdown re-rendered, audited (plain and htmx)', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const id = await comment(client, idea.id, 'Frist');
    const form = await client.get(`/comments/${id}/edit`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('<h1>Edit your comment</h1>');
    expect(formHtml).toContain('>Frist</textarea>');

    const res = await client.post(`/comments/${id}/edit`, { body: '**First**' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/ideas/${idea.id}#comment-${id}`);
    const row = (await rowById(id))!;
    expect(row.body).toBe('**First**');
    expect(row.bodyHtml).toContain('<strong>First</strong>');
    expect(row.editedAt).not.toBeNull();
    const s = section(await (await client.get(`/ideas/${idea.id}`)).text());
    expect(s).toMatch(/class="comment-edited">\(edited \d+ \w+ \d{4} at \d\d:\d\d\)/);

    const inline = await client.get(`/comments/${id}/edit`, HX);
    expect(await inline.text()).toMatch(new RegExp(`^<form id="edit-form-${id}"[^>]*data-hx-target="#comment-main-${id}"`));
    const hx = await client.post(`/comments/${id}/edit`, { body: 'First, *really*' }, HX);
    expect(hx.status).toBe(200);
    const hxHtml = await hx.text();
    expect(hxHtml).toMatch(new RegExp(`^<div id="comment-main-${id}" class="comment-main" tabindex="-1" autofocus`));
    expect(hxHtml).toContain('<em>really</em>');
    expect(hxHtml).toContain('Your comment has been changed.');
    expect(await auditsOf(id)).toEqual(['comment.post', 'comment.edit', 'comment.edit']);
    // Editing does not count again.
    expect(await countOf(idea.id)).toBe(1);
  });

  it('after 15 minutes: refused with a clear message, nothing changed', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const id = await comment(client, idea.id, 'Too late to change');
    env.clock.advance(16 * MINUTE);
    onTestFinished(() => env.clock.reset());
    const view = section(await (await client.get(`/ideas/${idea.id}`)).text());
    expect(view).not.toContain(`/comments/${id}/edit`);
    expect(view).toContain(`/comments/${id}/delete`); // deleting has no time limit
    for (const res of [await client.get(`/comments/${id}/edit`), await client.post(`/comments/${id}/edit`, { body: 'Changed' }), await client.post(`/comments/${id}/edit`, { body: 'Changed' }, HX)]) {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('only be changed in the 15 minutes after it was posted');
    }
    expect((await rowById(id))!).toMatchObject({ body: 'Too late to change', editedAt: null });
    // Just inside the window it still works.
    env.clock.advance(-2 * MINUTE);
    expect((await client.post(`/comments/${id}/edit`, { body: 'Just in time' })).status).toBe(303);
  });

  it('bad input: 422 with the text kept, nothing changed', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const id = await comment(client, idea.id, 'Original');
    const plain = await client.post(`/comments/${id}/edit`, { body: '' });
    expect(plain.status).toBe(422);
    expect(await plain.text()).toContain('There is a problem');
    const long = await client.post(`/comments/${id}/edit`, { body: 'y'.repeat(5001) }, HX);
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(html).toMatch(new RegExp(`^<div id="comment-main-${id}"`));
    expect(html).toContain(`<form id="edit-form-${id}"`);
    expect(html).toContain('This is too long');
    expect((await rowById(id))!).toMatchObject({ body: 'Original', editedAt: null });
  });
});

describe('deleting a comment', () => {
  it('asks first, leaves a tombstone that keeps its replies, counts down, audits; once only', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const other = await citizen();
    const top = await comment(client, idea.id, 'Soon gone');
    const reply = await comment(other.client, idea.id, 'Still here', top);
    expect(await countOf(idea.id)).toBe(2);

    const confirm = await client.get(`/comments/${top}/delete`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('<h1>Delete this comment?</h1>');
    expect(confirmHtml).toContain(`action="/comments/${top}/delete"`);
    expect((await rowById(top))!.deletedAt).toBeNull(); // asking changes nothing

    const res = await client.post(`/comments/${top}/delete`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/ideas/${idea.id}#comment-${top}`);
    expect((await rowById(top))!).toMatchObject({ body: '', bodyHtml: '' });
    expect((await rowById(top))!.deletedAt).not.toBeNull();
    expect(await countOf(idea.id)).toBe(1);
    expect(await liveRows(idea.id)).toBe(1);
    expect(await auditsOf(top)).toEqual(['comment.post', 'comment.delete']);

    const s = section(await (await new Client(env.app).get(`/ideas/${idea.id}`)).text());
    expect(idsIn(s)).toEqual([top, reply]);
    expect(s).toContain('Comment deleted');
    expect(s).not.toContain('Soon gone');
    expect(s).toContain('Still here');
    expect(s).toContain('1 comment');

    // Again: refused, nothing counted twice. No replies to a tombstone either.
    expect((await client.post(`/comments/${top}/delete`)).status).toBe(403);
    expect(await countOf(idea.id)).toBe(1);
    const mine = section(await (await other.client.get(`/ideas/${idea.id}`)).text());
    expect(mine).not.toContain(`/comments/${top}/reply`);
    const late = await post(other.client, idea.id, { body: 'To nobody', parentId: top });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('it can no longer be answered');
    expect(await countOf(idea.id)).toBe(1);
    // The deleted comment can no longer be edited.
    expect((await client.post(`/comments/${top}/edit`, { body: 'Back' })).status).toBe(403);
  });

  it('htmx: the confirmation loads in place and the tombstone replaces the comment', async () => {
    const { idea } = await setup();
    const { client } = await citizen();
    const id = await comment(client, idea.id, 'Bye');
    const inline = await (await client.get(`/comments/${id}/delete`, HX)).text();
    expect(inline).toMatch(new RegExp(`^<form id="delete-form-${id}"[^>]*data-hx-target="#comment-main-${id}"`));
    const res = await client.post(`/comments/${id}/delete`, {}, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`^<div id="comment-main-${id}" class="comment-main comment-deleted"`));
    expect(html).toContain('Comment deleted');
    expect(html).toContain('<hx-partial data-hx-target="#comments-count" data-hx-swap="innerHTML">No comments yet</hx-partial>');
    expect(html).toContain('Your comment has been deleted.');
    expect(await countOf(idea.id)).toBe(0);
  });
});

describe('nobody edits or deletes another person’s comment', () => {
  it('another citizen, the council’s staff, an admin: 403 on every path (HTML and htmx); anonymous: sign in; nothing changed', async () => {
    const { idea, council, author } = await setup();
    const id = await comment(author.client, idea.id, 'Mine alone');
    const other = await citizen();
    const staff = await staffOf(council, 'owner');
    const admin = await citizen({ isAdmin: true });
    for (const who of [other, staff, admin]) {
      const view = section(await (await who.client.get(`/ideas/${idea.id}`)).text());
      expect(view).not.toContain(`/comments/${id}/edit`);
      expect(view).not.toContain(`/comments/${id}/delete`);
      for (const headers of [{}, HX]) {
        for (const res of [
          await who.client.get(`/comments/${id}/edit`, headers),
          await who.client.post(`/comments/${id}/edit`, { body: 'Hijacked' }, headers),
          await who.client.get(`/comments/${id}/delete`, headers),
          await who.client.post(`/comments/${id}/delete`, {}, headers),
        ]) {
          expect(res.status).toBe(403);
          expect(await res.text()).toContain('Only the person who wrote this comment can do this.');
        }
      }
    }
    const anon = new Client(env.app);
    for (const res of [await anon.post(`/comments/${id}/edit`, { body: 'Hijacked' }), await anon.post(`/comments/${id}/delete`)]) {
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toMatch(/^\/sign-in/);
    }
    const row = (await rowById(id))!;
    expect(row).toMatchObject({ body: 'Mine alone', editedAt: null, deletedAt: null });
    expect(await countOf(idea.id)).toBe(1);
    expect(await auditsOf(id)).toEqual(['comment.post']);
  });

  it('malformed or unknown comment ids are a 404 on every route', async () => {
    const { client } = await citizen();
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "1' or '1'='1"]) {
      const p = `/comments/${encodeURIComponent(id)}`;
      for (const res of [
        await client.get(p),
        await client.get(`${p}/reply`),
        await client.get(`${p}/edit`),
        await client.post(`${p}/edit`, { body: 'x' }),
        await client.get(`${p}/delete`),
        await client.post(`${p}/delete`),
        await client.get(`${p}/thread`),
      ])
        expect(res.status).toBe(404);
    }
    expect((await post(client, 'not-a-uuid', { body: 'x' })).status).toBe(404);
    expect((await client.get('/ideas/not-a-uuid/comments', HX)).status).toBe(404);
  });
});

describe('the list of comments', () => {
  it('pages threads 20 at a time in either order, without duplicates or gaps as comments arrive', async () => {
    const { idea, author } = await setup();
    const rows = await insertThreads(idea.id, author.user.id, 45);
    const { client } = await citizen();

    async function walk(sort: 'oldest' | 'newest', between: () => Promise<void>) {
      const first = await client.get(`/ideas/${idea.id}/comments${sort === 'newest' ? '?csort=newest' : ''}`, HX);
      expect(first.status).toBe(200);
      let html = await first.text();
      const seen = idsIn(html);
      let next = nextOf(html);
      for (let i = 0; next && i < 10; i++) {
        await between();
        const res = await client.get(`/ideas/${idea.id}/comments?${next}`, HX);
        expect(res.status).toBe(200);
        html = await res.text();
        expect(html).toMatch(/^<li id="comment-/);
        seen.push(...idsIn(html));
        next = nextOf(html);
      }
      return seen;
    }

    const arrived: string[] = [];
    const arrive = async () => {
      arrived.push(await comment(client, idea.id, `Arrived ${arrived.length}`));
    };
    const oldest = await walk('oldest', arrive);
    // Everything that was there, in order, then what arrived meanwhile (at the end), each once.
    expect(oldest.slice(0, 45)).toEqual(rows.map((r) => r.id));
    expect(new Set(oldest).size).toBe(oldest.length);
    expect(oldest.slice(45)).toEqual(arrived);

    const before = [...arrived].reverse().concat([...rows].reverse().map((r) => r.id));
    const newest = await walk('newest', arrive);
    // Newest first: the list as it was when the walk started; later arrivals come before the cursor.
    expect(newest).toEqual(before);

    // Without JavaScript: the "Show more" link is the idea page after the cursor; the fragment URL redirects there.
    const page1 = await (await client.get(`/ideas/${idea.id}`)).text();
    expect(threadIdsIn(section(page1), await rowsOf(idea.id)).length).toBe(THREADS_PAGE);
    const href = /<a href="(\/ideas\/[^"]+cafter=[^"]+)"/.exec(section(page1))![1]!.replace(/&amp;/g, '&');
    expect(href).toMatch(/#comments$/);
    const page2 = await (await client.get(href)).text();
    expect(idsIn(section(page2))).toEqual(oldest.slice(20, 40));
    expect(page2).toContain('Back to the first comments');
    const plain = await client.get(`/ideas/${idea.id}/comments?csort=newest`);
    expect(plain.status).toBe(303);
    expect(plain.headers.get('Location')).toBe(`/ideas/${idea.id}?csort=newest#comments`);
    // A damaged cursor is a bad request, not a server error.
    expect((await client.get(`/ideas/${idea.id}?cafter=garbage`)).status).toBe(400);
    expect((await client.get(`/ideas/${idea.id}/comments?cafter=garbage`, HX)).status).toBe(400);
  });

  it('the sort switch: links without JavaScript, the whole section for htmx', async () => {
    const { idea, author } = await setup();
    const rows = await insertThreads(idea.id, author.user.id, 3);
    const anon = new Client(env.app);
    const oldest = section(await (await anon.get(`/ideas/${idea.id}`)).text());
    expect(idsIn(oldest)).toEqual(rows.map((r) => r.id));
    expect(oldest).toMatch(/id="comments-sort-oldest"[^>]*aria-current="true"/);
    const newest = await anon.get(`/ideas/${idea.id}/comments?csort=newest`, HX);
    const html = await newest.text();
    expect(html).toMatch(/^<section id="comments"/);
    expect(idsIn(html)).toEqual(rows.map((r) => r.id).reverse());
    expect(html).toMatch(/id="comments-sort-newest"[^>]*aria-current="true"/);
    expect(idsIn(section(await (await anon.get(`/ideas/${idea.id}?csort=newest`)).text()))).toEqual(rows.map((r) => r.id).reverse());
    // Unknown values are ignored rather than refused.
    expect((await anon.get(`/ideas/${idea.id}?csort=sideways`)).status).toBe(200);
  });

  it('issues a constant number of queries whatever the page holds', async () => {
    const small = await setup();
    await insertThreads(small.idea.id, small.author.user.id, 1);
    const big = await setup();
    const threads = await insertThreads(big.idea.id, big.author.user.id, 30);
    for (const t of threads.slice(0, 20)) {
      const [r1] = await insertReplies(big.idea.id, big.author.user.id, t, 3);
      await insertReplies(big.idea.id, big.author.user.id, { id: r1!, threadId: t.id, depth: 1, createdAt: new Date(t.createdAt.getTime() + 1000) }, 2);
    }
    const empty = await setup();
    const { client } = await citizen();
    const queries = async (url: string, headers: Record<string, string> = {}) =>
      env.countQueries(async () => {
        const res = await client.get(url, headers);
        expect(res.status).toBe(200);
        await res.text();
      });
    const smallPage = await queries(`/ideas/${small.idea.id}`);
    const bigPage = await queries(`/ideas/${big.idea.id}`);
    expect(bigPage).toBe(smallPage);
    const html = section(await (await client.get(`/ideas/${big.idea.id}`)).text());
    expect(idsIn(html).length).toBe(20 + 20 * 5);
    // The section alone: threads and their replies (none when there is nothing to reply to).
    expect((await queries(`/ideas/${big.idea.id}/comments`, HX)) - (await queries(`/ideas/${empty.idea.id}/comments`, HX))).toBe(1);
    expect(await queries(`/ideas/${big.idea.id}/comments?csort=newest`, HX)).toBe(await queries(`/ideas/${small.idea.id}/comments?csort=newest`, HX));
  });

  it('bounds the replies a page shows: the page ends before a thread that does not fit; a thread too long alone links to the rest', async () => {
    const { idea, author } = await setup();
    const [a, b, c] = await insertThreads(idea.id, author.user.id, 3);
    await insertReplies(idea.id, author.user.id, a!, 300);
    await insertReplies(idea.id, author.user.id, b!, 300);
    await insertReplies(idea.id, author.user.id, c!, 2);
    const anon = new Client(env.app);
    const rows = await rowsOf(idea.id);
    const page1 = section(await (await anon.get(`/ideas/${idea.id}`)).text());
    expect(threadIdsIn(page1, rows)).toEqual([a!.id]);
    expect(idsIn(page1).length).toBe(301);
    const next = /<a href="(\/ideas\/[^"]+cafter=[^"]+)"/.exec(page1)![1]!.replace(/&amp;/g, '&');
    const page2 = section(await (await anon.get(next)).text());
    expect(threadIdsIn(page2, rows)).toEqual([b!.id, c!.id]);
    expect(idsIn(page2).length).toBe(301 + 3);

    // One thread with more replies than the bound.
    const long = await setup();
    const [only, after] = await insertThreads(long.idea.id, long.author.user.id, 2);
    const replies = await insertReplies(long.idea.id, long.author.user.id, only!, REPLIES_MAX + 3);
    const longRows = await rowsOf(long.idea.id);
    const view = section(await (await anon.get(`/ideas/${long.idea.id}`)).text());
    expect(threadIdsIn(view, longRows)).toEqual([only!.id]);
    expect(idsIn(view).length).toBe(1 + REPLIES_MAX);
    expect(view).toContain('This conversation has more replies than can be shown here.');
    const rest = /<a href="(\/comments\/[^"]+\/thread\?after=[^"]+)">Show the other replies/.exec(view)![1]!.replace(/&amp;/g, '&');
    const threadPage = await anon.get(rest);
    expect(threadPage.status).toBe(200);
    const threadHtml = await threadPage.text();
    expect(idsIn(threadHtml)).toEqual([only!.id, ...replies.slice(REPLIES_MAX)]);
    // The next page of the idea continues with the following thread.
    const more = /<a href="(\/ideas\/[^"]+cafter=[^"]+)"/.exec(view)![1]!.replace(/&amp;/g, '&');
    expect(threadIdsIn(section(await (await anon.get(more)).text()), longRows)).toEqual([after!.id]);
    // A reply's id is not a thread.
    expect((await anon.get(`/comments/${replies[0]}/thread`)).status).toBe(404);
  });

  it('a comment’s permalink goes to the page where it can be seen, in the order it was posted from', async () => {
    const { idea, author } = await setup();
    const rows = await insertThreads(idea.id, author.user.id, 30);
    const { client } = await citizen();
    // A reply to the 25th thread: beyond the first page when oldest first.
    const reply = await post(client, idea.id, { body: 'Deep in the list', parentId: rows[24]!.id });
    const location = reply.headers.get('Location')!;
    expect(location).toMatch(new RegExp(`^/ideas/${idea.id}\\?cafter=[^#]+#comment-${UUID}$`));
    const landed = section(await (await client.get(location)).text());
    const replyId = location.split('#comment-')[1]!;
    expect(idsIn(landed).slice(0, 2)).toEqual([rows[24]!.id, replyId]);
    // Newest first, the 25th of 30 is on the first page.
    const newest = await post(client, idea.id, { body: 'Newest order', parentId: rows[24]!.id, csort: 'newest' });
    expect(newest.headers.get('Location')).toMatch(new RegExp(`^/ideas/${idea.id}\\?csort=newest#comment-${UUID}$`));
    // The permalink route.
    const perma = await client.get(`/comments/${replyId}`);
    expect(perma.status).toBe(303);
    expect(perma.headers.get('Location')).toBe(location);
    expect((await client.get(`/comments/${rows[0]!.id}`)).headers.get('Location')).toBe(`/ideas/${idea.id}#comment-${rows[0]!.id}`);
  });

  it('keeps ideas.comment_count equal to the comments not deleted', async () => {
    const { idea } = await setup();
    const a = await citizen();
    const b = await citizen();
    const t1 = await comment(a.client, idea.id, 'One');
    const t2 = await comment(b.client, idea.id, 'Two');
    const r1 = await comment(b.client, idea.id, 'Reply', t1);
    await comment(a.client, idea.id, 'Reply to reply', r1);
    expect(await countOf(idea.id)).toBe(4);
    await a.client.post(`/comments/${t1}/delete`);
    await b.client.post(`/comments/${t2}/delete`);
    await Promise.all([b.client.post(`/comments/${r1}/delete`), b.client.post(`/comments/${r1}/delete`)]);
    expect(await countOf(idea.id)).toBe(1);
    expect(await liveRows(idea.id)).toBe(1);
  });
});

describe('the comment policy above the form', () => {
  it('shows the challenge’s policy in the reader’s language, with a note when it is only in English, else the default', async () => {
    const both = await setup({ commentPolicy: 'Be nice to each other.', commentPolicyFr: 'Soyez aimables entre vous.' });
    const englishOnly = await setup({ commentPolicy: 'English rules only.' });
    const none = await setup();
    const en = new Client(env.app);
    const fr = new Client(env.app, { 'Accept-Language': 'fr' });
    const sec = async (client: Client, ideaId: string) => section(await (await client.get(`/ideas/${ideaId}`)).text());

    expect(await sec(en, both.idea.id)).toContain('<p class="comment-policy-text">Be nice to each other.</p>');
    expect(await sec(fr, both.idea.id)).toContain('<p class="comment-policy-text">Soyez aimables entre vous.</p>');
    const frFallback = await sec(fr, englishOnly.idea.id);
    expect(frFallback).toContain('<p class="comment-policy-text" lang="en">English rules only.</p>');
    expect(frFallback).toContain('Cette charte des commentaires n’existe qu’en anglais.');
    const dflt = await sec(en, none.idea.id);
    expect(dflt).toContain('Be kind and respectful');
    for (const s of [dflt, frFallback]) expect(s).toContain('<a href="/guidelines">');
    const frDefault = await sec(fr, none.idea.id);
    expect(frDefault).toContain('<h2 id="comments-title">Commentaires</h2>');
    expect(frDefault).toContain('Restez courtois');
    // Council text is text: markup in it is shown, not run.
    await db().update(challenges).set({ commentPolicy: '<b>bold</b>' }).where(eq(challenges.id, none.challenge.id));
    await renewPages(db());
    expect(await sec(en, none.idea.id)).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('listCommentsBy (a person’s comments)', () => {
  it('newest first, without deleted comments or comments on drafts, keyset-paginated', async () => {
    const { idea, author } = await setup({}, { title: 'Benches by the river' });
    const { user, client } = await citizen();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await comment(client, idea.id, `Comment number ${i} ${'with more words '.repeat(i === 4 ? 20 : 0)}`));
      await db().update(comments).set({ createdAt: new Date(Date.now() - (10 - i) * MINUTE) }).where(eq(comments.id, ids.at(-1)!));
    }
    await client.post(`/comments/${ids[2]}/delete`);
    // A comment on an idea that is (now) a draft is not listed; someone else's neither.
    const draft = await createIdea(db(), idea.challengeId, author.user.id, { status: 'draft' });
    await createComment(db(), draft.id, user.id, { body: 'Hidden' });
    await comment(author.client, idea.id, 'Not mine');

    const page1 = await listCommentsBy(db(), user.id, { limit: 2 });
    expect(page1.items.map((i) => i.id)).toEqual([ids[4], ids[3]]);
    expect(page1.items[0]).toMatchObject({ ideaId: idea.id, ideaTitle: 'Benches by the river' });
    expect(page1.items[0]!.excerpt.length).toBeLessThanOrEqual(160);
    expect(page1.items[0]!.excerpt).toMatch(/^Comment number 4 with more words.*…$/);
    expect(page1.items[1]!.excerpt).toBe('Comment number 3');
    const page2 = await listCommentsBy(db(), user.id, { limit: 2, after: page1.next! });
    expect(page2.items.map((i) => i.id)).toEqual([ids[1], ids[0]]);
    expect(page2.next).toBeNull();
    expect((await listCommentsBy(db(), user.id)).items.length).toBe(4);
    expect((await listCommentsBy(db(), 'not-a-uuid')).items).toEqual([]);
    await expect(listCommentsBy(db(), user.id, { after: 'garbage' })).rejects.toThrow(/bad request/);
  });
});

describe('the list queries are served by the indexes', () => {
  it('threads (both orders, next pages), replies per thread, a person’s comments', async () => {
    const { idea, author } = await setup();
    const rows = await insertThreads(idea.id, author.user.id, 25);
    await insertReplies(idea.id, author.user.id, rows[0]!, 3);
    const anon = new Client(env.app);
    const captured = await env.captureQueries(async () => {
      for (const url of [`/ideas/${idea.id}`, `/ideas/${idea.id}?csort=newest`]) {
        const html = await (await anon.get(url)).text();
        const next = /<a href="(\/ideas\/[^"]+cafter=[^"#]+)/.exec(html)![1]!.replace(/&amp;/g, '&');
        expect((await anon.get(next)).status).toBe(200);
      }
      await listCommentsBy(db(), author.user.id, { limit: 2 }).then((p) => listCommentsBy(db(), author.user.id, { limit: 2, after: p.next! }));
    });
    const lists = captured.filter((q) => /from "comments"/i.test(q.sql) && /order by/i.test(q.sql));
    const threads = lists.filter((q) => /"comments"\."parent_id" is null/i.test(q.sql));
    const replies = lists.filter((q) => /cross join lateral/i.test(q.sql));
    const byAuthor = lists.filter((q) => /"comments"\."author_id" = /i.test(q.sql));
    expect(threads.length).toBe(4);
    expect(replies.length).toBe(4);
    expect(byAuthor.length).toBe(2);
    for (const q of threads) {
      const p = await explain(db(), q, ['seqscan']);
      expect(p, p).toContain('comments_threads_idx');
      expect(sortNodes(p), p).toEqual([]);
    }
    for (const q of byAuthor) {
      const p = await explain(db(), q, ['seqscan']);
      expect(p, p).toContain('comments_author_idx');
      expect(sortNodes(p), p).toEqual([]);
    }
    for (const q of replies) {
      // One index range scan per thread (bounded); only the page's few hundred rows are then put in page order.
      const p = await explain(db(), q, ['seqscan']);
      expect(p, p).toContain('comments_replies_idx');
      expect(sortNodes(p).length, p).toBeLessThanOrEqual(1);
    }
  });
});
