/**
 * Issue 10, point 13: with htmx, a support or a withdrawal re-renders every vote control the page
 * shows (the ids come with the form, from each control's `.vote-shown` input) as htmx partials,
 * so every budget on the page agrees — and only the control acted on announces.
 */
import { describe, expect, it } from 'vitest';
import { HX, type Client } from '../support/app.js';
import { createChallenge, createIdea, createOrganisation, createUser, DAY } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { db, person } = useTestEnv();

async function votingChallenge(voteBudget: number) {
  const org = await createOrganisation(db(), { kind: 'council' });
  const now = Date.now();
  return createChallenge(db(), org.id, {
    submissionsOpenAt: new Date(now - 20 * DAY),
    submissionsCloseAt: new Date(now - 2 * DAY),
    votingOpenAt: new Date(now - DAY),
    votingCloseAt: new Date(now + 7 * DAY),
    voteBudget,
  });
}

async function ideasIn(challengeId: string, n: number) {
  const author = await createUser(db());
  const list = [];
  for (let i = 0; i < n; i++) list.push(await createIdea(db(), challengeId, author.id, { title: `Idea ${i} ${Date.now()}` }));
  return list;
}

/** Each `<hx-partial>` of an answer: its target and what it holds. */
function partials(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of html.matchAll(/<hx-partial data-hx-target="#vote-([0-9a-f-]{36})" data-hx-swap="outerMorph">([\s\S]*?)<\/hx-partial>/g)) found.set(m[1]!, m[2]!);
  return found;
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/ \./g, '.').trim();
const liveText = (html: string, ideaId: string) => {
  const m = new RegExp(`<p class="vote-status" id="vote-${ideaId}-status"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  if (!m) throw new Error(`no live region for ${ideaId}`);
  return text(m[1]!);
};
const budgetOf = (html: string) => /class="vote-budget">([^<]*)</.exec(html)?.[1] ?? null;
/** The main control of an htmx answer (before any partial). */
const mainOf = (html: string) => html.split('<hx-partial')[0]!;

const vote = (client: Client, kind: 'support' | 'unsupport', ideaId: string, shown: string[], headers: Record<string, string> = HX) =>
  client.post(`/ideas/${ideaId}/${kind}`, { returnTo: '/challenges/x', shown }, headers);

describe('every budget on the page agrees after a vote (htmx)', () => {
  it('the page carries each control’s idea id for htmx to send along', async () => {
    const ch = await votingChallenge(2);
    const list = await ideasIn(ch.id, 3);
    const { client } = await person();
    const page = await (await client.get(`/challenges/${ch.id}`)).text();
    for (const i of list) expect(page).toContain(`<input type="hidden" class="vote-shown" name="shown" value="${i.id}"/>`);
    expect(page).toContain('data-hx-include=".vote-shown"');
  });

  it('re-renders the other controls with the new budget, the spent budget and back, announcing only the one acted on', async () => {
    const ch = await votingChallenge(2);
    const [a, b, c] = await ideasIn(ch.id, 3);
    const { client } = await person();
    const shown = [a!.id, b!.id, c!.id];

    const first = await vote(client, 'support', a!.id, shown);
    expect(first.status).toBe(200);
    let html = await first.text();
    expect(liveText(mainOf(html), a!.id)).toBe('You support this idea. 1 supporter. 1 of 2 supports left.');
    let others = partials(html);
    expect([...others.keys()].sort()).toEqual([b!.id, c!.id].sort());
    for (const [id, control] of others) {
      expect(budgetOf(control)).toBe('1 of 2 supports left.');
      expect(liveText(control, id)).toBe('0 supporters.'); // the budget is outside their live regions: nothing announced there
      expect(control).toContain(`data-hx-post="/ideas/${id}/support"`);
    }

    // The last support: every other control says the budget is spent, with no button.
    html = await (await vote(client, 'support', b!.id, shown)).text();
    expect(liveText(mainOf(html), b!.id)).toBe('You support this idea. 1 supporter. 0 of 2 supports left.');
    others = partials(html);
    expect(budgetOf(others.get(a!.id)!)).toBe('0 of 2 supports left.');
    expect(others.get(a!.id)).toContain(`data-hx-post="/ideas/${a!.id}/unsupport"`);
    expect(liveText(others.get(a!.id)!, a!.id)).toBe('You support this idea. 1 supporter.');
    expect(others.get(c!.id)).not.toContain('<form');
    expect(text(others.get(c!.id)!)).toContain('You have used all your supports in this challenge.');

    // A withdrawal gives the support back: the Support button returns everywhere.
    html = await (await vote(client, 'unsupport', a!.id, shown)).text();
    expect(liveText(mainOf(html), a!.id)).toBe('You no longer support this idea. 0 supporters. 1 of 2 supports left.');
    others = partials(html);
    expect(budgetOf(others.get(c!.id)!)).toBe('1 of 2 supports left.');
    expect(others.get(c!.id)).toContain(`data-hx-post="/ideas/${c!.id}/support"`);
    expect(budgetOf(others.get(b!.id)!)).toBe('1 of 2 supports left.');
  });

  it('in French too', async () => {
    const ch = await votingChallenge(3);
    const [a, b] = await ideasIn(ch.id, 2);
    const { client } = await person({ locale: 'fr' });
    client.cookies.set('cw_locale', 'fr');
    const html = await (await vote(client, 'support', a!.id, [a!.id, b!.id])).text();
    expect(liveText(mainOf(html), a!.id)).toBe('Vous soutenez cette idée. 1 soutien. Il vous reste 2 soutiens sur 3.');
    expect(budgetOf(partials(html).get(b!.id)!)).toBe('Il vous reste 2 soutiens sur 3.');
  });

  it('leaves out ids of other challenges, drafts, unknown and malformed ids; nothing without htmx', async () => {
    const ch = await votingChallenge(3);
    const other = await votingChallenge(3);
    const [a, b] = await ideasIn(ch.id, 2);
    const [elsewhere] = await ideasIn(other.id, 1);
    const author = await createUser(db());
    const draft = await createIdea(db(), ch.id, author.id, { status: 'draft', publishedAt: null });
    const { client } = await person();
    const html = await (await vote(client, 'support', a!.id, [a!.id, b!.id, elsewhere!.id, draft.id, '00000000-0000-4000-8000-000000000000', 'nope'])).text();
    expect([...partials(html).keys()]).toEqual([b!.id]);

    const plain = await vote(client, 'unsupport', a!.id, [a!.id, b!.id], {});
    expect(plain.status).toBe(303);
  });

  it('a refused support (budget spent in another tab) brings the other controls up to date too', async () => {
    const ch = await votingChallenge(1);
    const [a, b] = await ideasIn(ch.id, 2);
    const { client } = await person();
    expect((await vote(client, 'support', a!.id, [], {})).status).toBe(303); // another tab, without htmx
    const res = await vote(client, 'support', b!.id, [a!.id, b!.id]);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(liveText(mainOf(html), b!.id)).toContain('You have used all your supports in this challenge.');
    expect(budgetOf(partials(html).get(a!.id)!)).toBe('0 of 1 supports left.');
  });
});
