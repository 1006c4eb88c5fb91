/**
 * Issue 10, point 15: "Share an idea" in a challenge where the person already has a draft offers
 * that draft (to continue) before a second empty form, with a plain way to start another idea.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ideas } from '../../src/db/schema/index.js';
import { DRAFTS_OFFERED } from '../../src/features/ideas/queries.js';
import type { Client } from '../support/app.js';
import { createCouncilChallenge, createIdea, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { db, person } = useTestEnv();

const newPath = (challengeId: string) => `/challenges/${challengeId}/ideas/new`;
const h1 = (html: string) => unescapeHtml(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
const hasForm = (html: string, challengeId: string) => html.includes(`action="${newPath(challengeId)}"`) && html.includes('name="submissionKey"');

/** Saves a draft through the form, as a person would. */
async function saveDraft(client: Client, challengeId: string, title: string) {
  const submissionKey = await client.submissionKey(`${newPath(challengeId)}?another=1`);
  const res = await client.post(newPath(challengeId), { title, summary: 'A short summary of it.', description: 'More words.', intent: 'draft', submissionKey });
  expect(res.status).toBe(303);
  const [row] = await db().select({ id: ideas.id }).from(ideas).where(and(eq(ideas.challengeId, challengeId), eq(ideas.title, title)));
  return row!.id;
}

describe('"Share an idea" with a draft in the challenge', () => {
  it('offers the draft to continue, and another idea on request', async () => {
    const ch = await createCouncilChallenge(db());
    const { client } = await person();

    const first = await client.get(newPath(ch.id));
    expect(first.status).toBe(200);
    expect(hasForm(await first.text(), ch.id)).toBe(true); // no draft yet: the form

    const draftId = await saveDraft(client, ch.id, 'Rain gardens on every school street');
    const offer = await client.get(newPath(ch.id));
    expect(offer.status).toBe(200);
    const html = await offer.text();
    expect(h1(html)).toBe('You have a draft in this challenge');
    expect(hasForm(html, ch.id)).toBe(false);
    expect(unescapeHtml(html)).toContain(`<a href="/ideas/${draftId}/edit">Continue your draft “Rain gardens on every school street”</a>`);
    expect(html).toContain(`href="${newPath(ch.id)}?another=1"`);
    expect((await client.get(`/ideas/${draftId}/edit`)).status).toBe(200);

    // Starting another one anyway: the empty form, and a second draft is allowed.
    const another = await client.get(`${newPath(ch.id)}?another=1`);
    expect(hasForm(await another.text(), ch.id)).toBe(true);
    const second = await saveDraft(client, ch.id, 'Parklets outside the library');
    const both = await (await client.get(newPath(ch.id))).text();
    expect(h1(both)).toBe('You have 2 drafts in this challenge');
    expect(both.indexOf(`/ideas/${second}/edit`)).toBeLessThan(both.indexOf(`/ideas/${draftId}/edit`)); // newest first
  });

  it('in French', async () => {
    const ch = await createCouncilChallenge(db());
    const { user, client } = await person({ locale: 'fr' });
    client.cookies.set('cw_locale', 'fr');
    const id = await createIdea(db(), ch.id, user.id, { status: 'draft', publishedAt: null, title: 'Jardins de pluie' });
    const html = await (await client.get(newPath(ch.id))).text();
    expect(h1(html)).toBe('Vous avez un brouillon dans ce défi');
    expect(unescapeHtml(html)).toContain(`<a href="/ideas/${id.id}/edit">Reprendre votre brouillon «\u202fJardins de pluie\u202f»</a>`);
    expect(unescapeHtml(html)).toContain('Proposer une autre idée');
  });

  it('ignores what is not the person’s draft in this challenge: published ideas, other challenges, other people', async () => {
    const ch = await createCouncilChallenge(db());
    const other = await createCouncilChallenge(db());
    const { user, client } = await person();
    const someoneElse = await person();
    await createIdea(db(), ch.id, user.id); // published
    await createIdea(db(), ch.id, user.id, { status: 'withdrawn' });
    await createIdea(db(), other.id, user.id, { status: 'draft', publishedAt: null });
    await createIdea(db(), ch.id, someoneElse.user.id, { status: 'draft', publishedAt: null });
    expect(hasForm(await (await client.get(newPath(ch.id))).text(), ch.id)).toBe(true);

    // Once the draft is published, the offer goes with it.
    const draft = await createIdea(db(), ch.id, user.id, { status: 'draft', publishedAt: null });
    expect(hasForm(await (await client.get(newPath(ch.id))).text(), ch.id)).toBe(false);
    expect((await client.post(`/ideas/${draft.id}/publish`)).status).toBe(303);
    expect(hasForm(await (await client.get(newPath(ch.id))).text(), ch.id)).toBe(true);
  });

  it(`shows the newest ${DRAFTS_OFFERED} drafts and a link to all of them`, async () => {
    const ch = await createCouncilChallenge(db());
    const { user, client } = await person();
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i <= DRAFTS_OFFERED; i++) ids.push((await createIdea(db(), ch.id, user.id, { status: 'draft', publishedAt: null, createdAt: new Date(now - (10 - i) * 60_000) })).id);
    const html = await (await client.get(newPath(ch.id))).text();
    const offered = [...html.matchAll(/href="\/ideas\/([0-9a-f-]{36})\/edit"/g)].map((m) => m[1]);
    expect(offered).toEqual(ids.slice(1).reverse());
    expect(html).toContain('href="/account/ideas"');
  });

  it('still refuses when the challenge takes no ideas, draft or not', async () => {
    const ch = await createCouncilChallenge(db(), { submissionsOpenAt: new Date(Date.now() - 9 * DAY), submissionsCloseAt: new Date(Date.now() - DAY) });
    const { user, client } = await person();
    await createIdea(db(), ch.id, user.id, { status: 'draft', publishedAt: null });
    expect((await client.get(newPath(ch.id))).status).toBe(403);
  });
});
