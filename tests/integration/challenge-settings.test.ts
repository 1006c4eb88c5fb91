import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { challengeRevisions, challenges } from '../../src/db/schema/index.js';
import type { Client } from '../support/app.js';
import { createChallenge, createOrganisation, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { db, staffOf } = useTestEnv();

const challengeCount = async () => (await db().select({ n: count() }).from(challenges))[0]!.n;
const challengeById = async (id: string) => (await db().select().from(challenges).where(eq(challenges.id, id)))[0]!;
const revisionsOf = (id: string) => db().select().from(challengeRevisions).where(eq(challengeRevisions.challengeId, id)).orderBy(challengeRevisions.id);
const local = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 16);

const validForm = (extra: Record<string, string> = {}) => ({
  title: 'Greener high streets',
  summary: 'How can we bring more plants and shade to our high streets?',
  brief: 'Our high streets are **hot** in summer.',
  rules: '',
  prize: '',
  submissionsOpenAt: local(-1),
  submissionsCloseAt: local(10),
  voteBudget: '5',
  ...extra,
});

const settings = {
  selfSupport: 'on',
  hideCounts: 'on',
  responseDays: '14',
  responseThreshold: '25',
  commentPolicy: 'Be kind. Personal attacks are removed.',
  commentPolicyFr: 'Soyez bienveillants. Les attaques personnelles sont retirées.',
};

/** A council and its owner, signed in. */
async function staff() {
  const council = await createOrganisation(db(), { kind: 'council' });
  const { user: owner, client } = await staffOf(council, 'owner');
  return { council, owner, client };
}

const formKey = (c: Client, slug: string) => c.submissionKey(`/organisations/${slug}/challenges/new`);

describe('challenge settings', () => {
  it('the form groups them in fieldsets with legends, labels and hints', async () => {
    const { council, client } = await staff();
    const html = unescapeHtml(await (await client.get(`/organisations/${council.slug}/challenges/new`)).text());
    for (const legend of ['Supporting ideas', 'Response commitment', 'Discussion']) expect(html).toContain(`<legend>${legend}</legend>`);
    for (const name of ['selfSupport', 'hideCounts']) {
      expect(html).toMatch(new RegExp(`<label class="choice" for="${name}"><input type="checkbox" id="${name}" name="${name}" aria-describedby="${name}-hint"/>`));
      expect(html).toContain(`id="${name}-hint"`);
    }
    for (const name of ['responseDays', 'responseThreshold', 'commentPolicy', 'commentPolicyFr']) expect(html).toContain(`<label for="${name}">`);
    expect(html).toContain('type="number" min="1" max="365"');
    expect(html).toContain('Authors may support their own idea');
    expect(html).toContain('Hide support counts until voting closes');
  });

  it('creating a challenge stores them', async () => {
    const { council, client } = await staff();
    const res = await client.post(`/organisations/${council.slug}/challenges/new`, { ...validForm(), ...settings, submissionKey: await formKey(client, council.slug) });
    expect(res.status).toBe(303);
    const id = /\/challenges\/([0-9a-f-]{36})$/.exec(res.headers.get('Location') ?? '')![1]!;
    expect(await challengeById(id)).toMatchObject({
      selfSupport: true,
      hideCounts: true,
      responseDays: 14,
      responseThreshold: 25,
      commentPolicy: settings.commentPolicy,
      commentPolicyFr: settings.commentPolicyFr,
    });
    // Left out: defaults (unticked, no commitment, platform guidelines).
    const plain = await client.post(`/organisations/${council.slug}/challenges/new`, { ...validForm(), submissionKey: await formKey(client, council.slug) });
    const plainId = /\/challenges\/([0-9a-f-]{36})$/.exec(plain.headers.get('Location') ?? '')![1]!;
    expect(await challengeById(plainId)).toMatchObject({ selfSupport: false, hideCounts: false, responseDays: null, responseThreshold: null, commentPolicy: '', commentPolicyFr: null });
  });

  it('editing a published challenge stores them, shows them back, and records the previous values in its history', async () => {
    const { council, client, owner } = await staff();
    // Whole minutes, as the form's date fields carry them.
    const minute = (days: number) => new Date(Math.floor((Date.now() + days * DAY) / 60_000) * 60_000);
    const ch = await createChallenge(db(), council.id, {
      title: 'Greener high streets',
      summary: 'How can we bring more plants and shade to our high streets?',
      submissionsOpenAt: minute(-1),
      submissionsCloseAt: minute(7),
    });
    // Dates are London wall-clock time in the form: take them from the form itself so they do not change.
    const form = unescapeHtml(await (await client.get(`/challenges/${ch.id}/edit`)).text());
    const dateOf = (name: string) => new RegExp(`id="${name}"[^>]*value="([^"]*)"`).exec(form)?.[1] ?? '';
    const dates = { submissionsOpenAt: dateOf('submissionsOpenAt'), submissionsCloseAt: dateOf('submissionsCloseAt') };
    expect(dates.submissionsOpenAt).not.toBe('');
    // The challenge's own text, so that only the settings change.
    const edit = (extra: Record<string, string>) => client.post(`/challenges/${ch.id}/edit`, { ...validForm({ ...dates, brief: ch.brief }), ...extra });

    expect((await edit(settings)).status).toBe(303);
    expect(await challengeById(ch.id)).toMatchObject({ selfSupport: true, hideCounts: true, responseDays: 14, responseThreshold: 25, commentPolicy: settings.commentPolicy });
    let revisions = await revisionsOf(ch.id);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.before).toEqual({ selfSupport: false, hideCounts: false, responseDays: null, responseThreshold: null, commentPolicy: '', commentPolicyFr: null });
    expect(revisions[0]!.editedBy).toBe(owner.id);

    const shown = unescapeHtml(await (await client.get(`/challenges/${ch.id}/edit`)).text());
    expect(shown).toMatch(/id="selfSupport" name="selfSupport" checked=""/);
    expect(shown).toMatch(/id="hideCounts" name="hideCounts" checked=""/);
    expect(shown).toMatch(/id="responseDays"[^>]*value="14"/);
    expect(shown).toMatch(/id="responseThreshold"[^>]*value="25"/);
    expect(shown).toContain(`>${settings.commentPolicy}</textarea>`);
    expect(shown).toContain(`>${settings.commentPolicyFr}</textarea>`);

    // Unticking one box and dropping the commitment records exactly those.
    const { selfSupport: _s, responseDays: _d, responseThreshold: _t, ...rest } = settings;
    expect((await edit({ ...rest, responseDays: '', responseThreshold: '' })).status).toBe(303);
    expect(await challengeById(ch.id)).toMatchObject({ selfSupport: false, hideCounts: true, responseDays: null, responseThreshold: null });
    revisions = await revisionsOf(ch.id);
    expect(revisions).toHaveLength(2);
    expect(revisions[1]!.before).toEqual({ selfSupport: true, responseDays: 14, responseThreshold: 25 });

    const history = unescapeHtml(await (await client.get(`/challenges/${ch.id}/history`)).text());
    expect(history).toContain('Authors may support their own idea');
    expect(history).toContain('Respond within (days)');
    expect(history).toContain('Comment policy');
  });

  const bad: [string, Record<string, string>, string, string][] = [
    ['days without supports', { responseDays: '14', responseThreshold: '' }, 'responseThreshold', 'Enter both numbers of the response commitment, or leave both empty'],
    ['supports without days', { responseDays: '', responseThreshold: '10' }, 'responseDays', 'Enter both numbers of the response commitment, or leave both empty'],
    ['zero days', { responseDays: '0', responseThreshold: '10' }, 'responseDays', 'Enter a whole number of days from 1 to 365'],
    ['366 days', { responseDays: '366', responseThreshold: '10' }, 'responseDays', 'Enter a whole number of days from 1 to 365'],
    ['a fraction of a day', { responseDays: '1.5', responseThreshold: '10' }, 'responseDays', 'Enter a whole number of days from 1 to 365'],
    ['negative days', { responseDays: '-3', responseThreshold: '10' }, 'responseDays', 'Enter a whole number of days from 1 to 365'],
    ['words for days', { responseDays: 'two weeks', responseThreshold: '10' }, 'responseDays', 'Enter a whole number of days from 1 to 365'],
    ['zero supports', { responseDays: '14', responseThreshold: '0' }, 'responseThreshold', 'Enter a whole number of supports from 1 to 100,000'],
    ['100,001 supports', { responseDays: '14', responseThreshold: '100001' }, 'responseThreshold', 'Enter a whole number of supports from 1 to 100,000'],
    ['a huge number', { responseDays: '14', responseThreshold: '99999999999999999999' }, 'responseThreshold', 'Enter a whole number of supports from 1 to 100,000'],
    ['an oversized comment policy', { commentPolicy: 'x'.repeat(2_001) }, 'commentPolicy', 'This is too long'],
    ['an oversized French comment policy', { commentPolicyFr: 'x'.repeat(2_001) }, 'commentPolicyFr', 'This is too long'],
    ['a forged checkbox value', { selfSupport: 'maybe' }, 'selfSupport', 'Tick the box or leave it empty'],
  ];

  it.each(bad)('refuses %s with 422 and an error summary, storing nothing (create and edit)', async (_label, extra, field, message) => {
    const { council, client } = await staff();
    const before = await challengeCount();
    const created = await client.post(`/organisations/${council.slug}/challenges/new`, { ...validForm(), ...extra, submissionKey: await formKey(client, council.slug) });
    expect(created.status).toBe(422);
    const page = unescapeHtml(await created.text());
    expect(page).toContain('class="error-summary"');
    expect(page).toContain(`href="#${field}"`);
    expect(page).toContain(message);
    expect(await challengeCount()).toBe(before);

    const ch = await createChallenge(db(), council.id);
    const edited = await client.post(`/challenges/${ch.id}/edit`, { ...validForm(), ...extra });
    expect(edited.status).toBe(422);
    expect(unescapeHtml(await edited.text())).toContain(message);
    const row = await challengeById(ch.id);
    expect(row).toMatchObject({ selfSupport: false, hideCounts: false, responseDays: null, responseThreshold: null, commentPolicy: '', commentPolicyFr: null, title: ch.title });
    expect(await revisionsOf(ch.id)).toHaveLength(0);
  });
});
