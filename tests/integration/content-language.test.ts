/**
 * The language of what people write (issue 10 point 25, WCAG 3.1.2): an idea and a comment carry
 * the language their author chose in the form (their interface language by default); a page in
 * the other language marks them with `lang`; anything but a known language is refused with the
 * form again (422) and nothing stored. Migration 0010 gives rows written before it their author's
 * interface language.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { count, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, pgliteStartParams } from '../../src/db/client.js';
import { comments, ideas } from '../../src/db/schema/index.js';
import { Client, HX, type SessionClient } from '../support/app.js';
import { createComment, createCouncilChallenge, createIdea } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person } = useTestEnv();

const key = () => randomBytes(18).toString('base64url');
const ideaRow = async (id: string) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const commentRow = async (id: string) => (await db().select().from(comments).where(eq(comments.id, id)))[0]!;
const ideasIn = async (challengeId: string) => (await db().select({ n: count() }).from(ideas).where(eq(ideas.challengeId, challengeId)))[0]!.n;
const commentsOn = async (ideaId: string) => (await db().select({ n: count() }).from(comments).where(eq(comments.subjectId, ideaId)))[0]!.n;

/** The <select name="language"> of a form (by its id), and the value it has selected. */
function languageSelect(html: string, id: string): { selected: string | null; markup: string } {
  const m = new RegExp(`<select id="${id}" name="language"[^>]*>([^]*?)</select>`).exec(html);
  expect(m, `no language select #${id}`).not.toBeNull();
  const selected = /<option value="(\w+)"[^>]*\bselected\b/.exec(m![1]!)?.[1] ?? null;
  return { selected, markup: m![0] };
}

const IDEA = { title: 'Community fridge in the market hall', summary: 'Share food that would go to waste.', description: 'Open **every day**.' };

async function submitIdea(client: SessionClient, challengeId: string, form: Record<string, string>) {
  const submissionKey = await client.submissionKey(`/challenges/${challengeId}/ideas/new`);
  return client.post(`/challenges/${challengeId}/ideas/new`, { ...IDEA, submissionKey, intent: 'publish', ...form });
}

const idOf = (res: Response) => /\/ideas\/([0-9a-f-]{36})$/.exec(res.headers.get('Location') ?? '')?.[1];

describe('the language of an idea', () => {
  it('is preselected in the form as the author’s interface language, options named in their own language', async () => {
    const ch = await createCouncilChallenge(db());
    const fr = await person({ locale: 'fr' });
    const en = await person({ locale: 'en' });
    const frForm = languageSelect(await (await fr.client.get(`/challenges/${ch.id}/ideas/new`)).text(), 'language');
    expect(frForm.selected).toBe('fr');
    expect(frForm.markup).toContain('<option value="en" lang="en">English</option>');
    const enForm = languageSelect(await (await en.client.get(`/challenges/${ch.id}/ideas/new`)).text(), 'language');
    expect(enForm.selected).toBe('en');
    expect(enForm.markup).toContain('lang="fr">Français</option>');
  });

  it('is stored as chosen, and an English idea carries lang="en" on a French page (title, summary, text, card), none on an English page', async () => {
    const ch = await createCouncilChallenge(db());
    const author = await person({ locale: 'fr' });
    const res = await submitIdea(author.client, ch.id, { language: 'en' });
    expect(res.status).toBe(303);
    const id = idOf(res)!;
    expect((await ideaRow(id)).language).toBe('en');

    const frPage = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/ideas/${id}`)).text();
    expect(frPage).toContain('<html lang="fr">');
    expect(frPage).toContain(`<h1 lang="en">${IDEA.title}</h1>`);
    expect(frPage).toMatch(new RegExp(`<p class="lead" lang="en">\\s*${IDEA.summary}`));
    expect(frPage).toContain('<div class="prose markdown" lang="en"><p>Open <strong>every day</strong>.</p>');
    const frList = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/challenges/${ch.id}`)).text();
    expect(frList).toContain(`<h3 lang="en"><a href="/ideas/${id}">${IDEA.title}</a></h3>`);
    expect(frList).toContain(`<p lang="en">${IDEA.summary}</p>`);

    const enPage = await (await new Client(env.app, { 'Accept-Language': 'en' }).get(`/ideas/${id}`)).text();
    expect(enPage).toContain(`<h1>${IDEA.title}</h1>`);
    expect(enPage).not.toMatch(/<(?:h1|p|div)[^>]* lang="en"/);
  });

  it('defaults to the author’s interface language when the form sends none', async () => {
    const ch = await createCouncilChallenge(db());
    const author = await person({ locale: 'fr' });
    const id = idOf(await submitIdea(author.client, ch.id, {}))!;
    expect((await ideaRow(id)).language).toBe('fr');
    const enPage = await (await new Client(env.app, { 'Accept-Language': 'en' }).get(`/ideas/${id}`)).text();
    expect(enPage).toContain(`<h1 lang="fr">${IDEA.title}</h1>`);
  });

  it('refuses a language that is not one of the options: the form again (422), linked to the select, nothing stored', async () => {
    const ch = await createCouncilChallenge(db());
    const author = await person({ locale: 'en' });
    for (const language of ['de', '', 'EN', 'english', 'fr-CA']) {
      const res = await submitIdea(author.client, ch.id, { language });
      expect(res.status, language).toBe(422);
      const html = await res.text();
      expect(html).toContain('<a href="#language">Language you are writing in: Choose one of the options</a>');
      expect(html).toContain(`value="${IDEA.title}"`); // what they typed is kept
      expect(languageSelect(html, 'language').selected).toBe('en');
    }
    expect(await ideasIn(ch.id)).toBe(0);
  });

  it('is changed by editing, shown in the edit form, and an invalid one leaves the idea as it was', async () => {
    const ch = await createCouncilChallenge(db());
    const author = await person({ locale: 'en' });
    const id = idOf(await submitIdea(author.client, ch.id, {}))!;
    expect((await ideaRow(id)).language).toBe('en');
    const edit = (form: Record<string, string>) => author.client.post(`/ideas/${id}/edit`, { ...IDEA, intent: 'save', ...form });
    expect((await edit({ language: 'fr' })).status).toBe(303);
    expect((await ideaRow(id)).language).toBe('fr');
    expect(languageSelect(await (await author.client.get(`/ideas/${id}/edit`)).text(), 'language').selected).toBe('fr');
    const bad = await edit({ language: 'xx', title: 'Changed title' });
    expect(bad.status).toBe(422);
    const row = await ideaRow(id);
    expect([row.language, row.title]).toEqual(['fr', IDEA.title]);
  });
});

describe('the language of a comment', () => {
  const post = (client: SessionClient, ideaId: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    client.post(`/ideas/${ideaId}/comments`, { submissionKey: key(), body: 'I would *use* this.', ...form }, headers);
  const commentId = (res: Response) => /#comment-([0-9a-f-]{36})$/.exec(res.headers.get('Location') ?? '')?.[1];

  async function anIdea() {
    const ch = await createCouncilChallenge(db());
    const author = await person();
    return createIdea(db(), ch.id, author.user.id);
  }

  it('is preselected in every comment form as the interface language', async () => {
    const idea = await anIdea();
    const fr = await person({ locale: 'fr' });
    const page = await (await fr.client.get(`/ideas/${idea.id}`)).text();
    expect(languageSelect(page, 'comment-body-language').selected).toBe('fr');
    const parent = await createComment(db(), idea.id, fr.user.id);
    const reply = await (await fr.client.get(`/comments/${parent.id}/reply`, HX)).text();
    expect(languageSelect(reply, `reply-body-${parent.id}-language`).selected).toBe('fr');
  });

  it('is stored as chosen and marks an English comment with lang="en" on the French page only', async () => {
    const idea = await anIdea();
    const writer = await person({ locale: 'fr' });
    const res = await post(writer.client, idea.id, { language: 'en', body: 'Written in **English**.' });
    expect(res.status).toBe(303);
    const id = commentId(res)!;
    expect((await commentRow(id)).language).toBe('en');
    const frPage = await (await new Client(env.app, { 'Accept-Language': 'fr' }).get(`/ideas/${idea.id}`)).text();
    expect(frPage).toContain('<div class="prose markdown" lang="en"><p>Written in <strong>English</strong>.</p>');
    const enPage = await (await new Client(env.app, { 'Accept-Language': 'en' }).get(`/ideas/${idea.id}`)).text();
    expect(enPage).toContain('<div class="prose markdown"><p>Written in <strong>English</strong>.</p>');
  });

  it('takes the interface language when the form sends none, with htmx too', async () => {
    const idea = await anIdea();
    const writer = await person({ locale: 'fr' });
    const res = await post(writer.client, idea.id, { body: 'Bonne idée.' }, HX);
    expect(res.status).toBe(200);
    const [row] = await db().select().from(comments).where(eq(comments.subjectId, idea.id));
    expect(row!.language).toBe('fr');
    // Seen by an English reader, it is marked French.
    const enPage = await (await new Client(env.app, { 'Accept-Language': 'en' }).get(`/ideas/${idea.id}`)).text();
    expect(enPage).toContain('<div class="prose markdown" lang="fr"><p>Bonne idée.</p>');
  });

  it('refuses an unknown language with the form again (422), plain and htmx, nothing stored', async () => {
    const idea = await anIdea();
    const writer = await person({ locale: 'en' });
    const plain = await post(writer.client, idea.id, { language: 'de', body: 'Kept text' });
    expect(plain.status).toBe(422);
    const html = await plain.text();
    expect(html).toContain('<a href="#comment-body-language">Language you are writing in: Choose one of the options</a>');
    expect(html).toContain('Kept text</textarea>');
    const htmx = await post(writer.client, idea.id, { language: 'de' }, HX);
    expect(htmx.status).toBe(422);
    expect(await htmx.text()).toContain('id="comment-body-language-error"');
    expect(await commentsOn(idea.id)).toBe(0);
  });

  it('is changed by editing (the form shows it), and an invalid one changes nothing', async () => {
    const idea = await anIdea();
    const writer = await person({ locale: 'en' });
    const id = commentId(await post(writer.client, idea.id, { language: 'en' }))!;
    expect(languageSelect(await (await writer.client.get(`/comments/${id}/edit`)).text(), `edit-body-${id}-language`).selected).toBe('en');
    expect((await writer.client.post(`/comments/${id}/edit`, { body: 'Finalement en français.', language: 'fr' })).status).toBe(303);
    expect((await commentRow(id)).language).toBe('fr');
    const bad = await writer.client.post(`/comments/${id}/edit`, { body: 'Changed', language: 'klingon' });
    expect(bad.status).toBe(422);
    const row = await commentRow(id);
    expect([row.language, row.body]).toEqual(['fr', 'Finalement en français.']);
  });
});

describe('migration 0010', () => {
  it('gives ideas and comments written before it their author’s interface language (English without an author)', async () => {
    // drizzle/ with its journal stopped before 0010, then the whole journal.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-lang-'));
    fs.cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = path.join(folder, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0010_content_language');
    expect(at).toBe(10);
    fs.writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
    const pg = await PGlite.create(undefined, { startParams: pgliteStartParams, extensions: { pg_trgm } });
    try {
      const d = drizzle(pg);
      await migrate(d, { migrationsFolder: folder });
      const [fr, en, org, ch] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const [frIdea, enIdea, orphanIdea] = [randomUUID(), randomUUID(), randomUUID()];
      await d.execute(sql`INSERT INTO users (id, email, display_name, password_hash, locale) VALUES (${fr}::uuid, 'fr@example.test', 'Léa', 'x', 'fr'), (${en}::uuid, 'en@example.test', 'Sam', 'x', 'en')`);
      await d.execute(sql`INSERT INTO organisations (id, kind, name, slug) VALUES (${org}::uuid, 'council', 'Riverton', 'riverton')`);
      await d.execute(sql`INSERT INTO challenges (id, organisation_id, title, summary, submissions_open_at, submissions_close_at) VALUES (${ch}::uuid, ${org}::uuid, 'C', 'S', now(), now())`);
      await d.execute(sql`INSERT INTO ideas (id, challenge_id, author_id, title) VALUES (${frIdea}::uuid, ${ch}::uuid, ${fr}::uuid, 'Idée'), (${enIdea}::uuid, ${ch}::uuid, ${en}::uuid, 'Idea'), (${orphanIdea}::uuid, ${ch}::uuid, NULL, 'Gone')`);
      const [c1, c2] = [randomUUID(), randomUUID()];
      await d.execute(sql`INSERT INTO comments (id, subject_id, author_id, thread_id, body, body_html) VALUES (${c1}::uuid, ${enIdea}::uuid, ${fr}::uuid, ${c1}::uuid, 'Oui', '<p>Oui</p>'), (${c2}::uuid, ${frIdea}::uuid, ${en}::uuid, ${c2}::uuid, 'Yes', '<p>Yes</p>')`);

      await migrate(d, { migrationsFolder });
      const rows = async (q: ReturnType<typeof sql>) => (await d.execute<{ id: string; language: string }>(q)).rows.map((r): [string, string] => [r.id, r.language]);
      expect(new Map(await rows(sql`SELECT id, language FROM ideas`))).toEqual(new Map([[frIdea, 'fr'], [enIdea, 'en'], [orphanIdea, 'en']]));
      expect(new Map(await rows(sql`SELECT id, language FROM comments`))).toEqual(new Map([[c1, 'fr'], [c2, 'en']]));
    } finally {
      await pg.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000); // a fresh embedded database, migrated twice
});
