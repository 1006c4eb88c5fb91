/**
 * Live one-time links are kept nowhere but in the mail (issue 10, point 9). A command queues its
 * mail with ids only; the job makes the link's token when it sends the message, so no job
 * payload, error, event or outbox row ever holds a working link, and a finished job's payload
 * is emptied. The admin's outbox page shows the link masked. Without SMTP the full message is in
 * the development mail spool, which says what it is. A retried send leaves one working link.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { migrationsFolder, pgliteStartParams } from '../../src/db/client.js';
import { events, invitations, jobs, outboxMessages, userTokens } from '../../src/db/schema/index.js';
import { MASK, type Mailer } from '../../src/lib/mailer.js';
import { Client, ORIGIN } from '../support/app.js';
import { createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, world } = useTestEnv();

/** The newest spooled mail to `to` and the first link in it matching `pattern`, with its token. */
async function sentLink(to: string, pattern: RegExp) {
  const mail = (await env.mails()).find((m) => m.to === to && pattern.test(m.text));
  if (!mail) throw new Error(`no mail to ${to} matching ${pattern}`);
  const link = new RegExp(`${ORIGIN}\\S+`).exec(mail.text.slice(mail.text.search(pattern) - ORIGIN.length))![0];
  const token = /#([A-Za-z0-9_-]{40,})$/.exec(link)![1]!;
  return { mail, link, token };
}

/** Every stored row that could keep a message: jobs (payload and error), events, the outbox. */
async function storedText(): Promise<string> {
  const rows = [
    ...(await db().select({ payload: jobs.payload, lastError: jobs.lastError }).from(jobs)),
    ...(await db().select({ payload: events.payload }).from(events)),
    ...(await db().select({ to: outboxMessages.to, subject: outboxMessages.subject, text: outboxMessages.text }).from(outboxMessages)),
  ];
  return JSON.stringify(rows);
}

async function expectKeptNowhere(token: string, link: string) {
  const stored = await storedText();
  expect(stored).not.toContain(token);
  expect(stored).not.toContain(link);
  // Only the hash of the token is kept.
  expect(JSON.stringify(await db().select().from(userTokens))).not.toContain(token);
}

describe('one-time links are kept nowhere but in the mail', () => {
  it('password reset: the job carries the account id only, the link works, and no row holds it', async () => {
    const u = await createUser(db());
    const res = await new Client(env.app).post('/forgot-password', { email: u.email });
    expect(res.status).toBe(303);

    // Queued: ids only, no address, no text.
    const [queued] = await db().select().from(jobs).where(eq(jobs.kind, 'accounts.mail')).orderBy(sql`${jobs.id} desc`).limit(1);
    expect(queued!.payload).toEqual({ mail: 'reset', userId: u.id });

    await env.drainJobs();
    const { link, token } = await sentLink(u.email, /\/reset-password#/);
    await expectKeptNowhere(token, link);
    expect((await new Client(env.app).post('/reset-password', { token, password: 'an entirely new phrase' })).status).toBe(303);
    // Sent: the job's payload is purged.
    const [done] = await db().select().from(jobs).where(eq(jobs.id, queued!.id));
    expect(done!.doneAt).toBeInstanceOf(Date);
    expect(done!.payload).toEqual({});
    // The outbox keeps the message with the link masked.
    const [kept] = await db().select().from(outboxMessages).where(eq(outboxMessages.to, u.email));
    expect(kept!.text).toContain(`${ORIGIN}/reset-password#${MASK}\n\nIf the page asks for a code, it is:\n\n${MASK}\n`);
  });

  it('sign-up confirmation: the same, and the address is confirmed by the link from the spool', async () => {
    const email = `spool-${Date.now()}@example.org`;
    expect((await new Client(env.app).post('/sign-up', { displayName: 'Nia', email, password: 'a long unguessable phrase' })).status).toBe(303);
    await env.drainJobs();
    const { link, token } = await sentLink(email, /\/verify-email#/);
    await expectKeptNowhere(token, link);
    expect((await new Client(env.app).post('/verify-email', { token })).status).toBe(200);
  });

  it('invitation: the job and the link carry its id only; the link needs the invited account to accept', async () => {
    const w = await world();
    const invitee = `invitee-${Date.now()}@example.org`;
    const owner = await w.as('owner');
    expect((await owner.post(`/organisations/${w.council.slug}/invitations`, { email: invitee, role: 'member', title: '' })).status).toBe(303);
    const [before] = await db().select().from(invitations).where(eq(invitations.email, invitee));
    const [queued] = await db().select().from(jobs).where(eq(jobs.kind, 'organisations.invitation-mail')).orderBy(sql`${jobs.id} desc`).limit(1);
    expect(queued!.payload).toEqual({ invitationId: before!.id });

    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === invitee)!;
    expect(mail.text).toContain(`${ORIGIN}/invitations/${before!.id}\n`);
    expect(Object.keys(before!)).not.toContain('tokenHash');
    const visitor = new Client(env.app);
    expect((await visitor.get(`/invitations/${before!.id}`)).status).toBe(200);
    // Holding the link is not enough: accepting needs the invited account (see organisations.test.ts).
    expect((await visitor.post(`/invitations/${before!.id}/accept`)).headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(`/invitations/${before!.id}`)}`);
    expect((await (await w.as('member')).post(`/invitations/${before!.id}/accept`)).status).toBe(403);
  });
});

describe('the outbox page of a platform admin', () => {
  it.each(['en', 'fr'] as const)('shows the message with its one-time link masked, never a working link (%s)', async (locale) => {
    const w = await world({ users: { admin: { locale } } });
    const u = await createUser(db());
    await new Client(env.app).post('/forgot-password', { email: u.email });
    await env.drainJobs();
    const { token } = await sentLink(u.email, /\/reset-password#/);
    const [row] = await db().select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.to, u.email));

    const admin = await w.as('admin');
    const list = await (await admin.get('/admin/mail')).text();
    expect(list).toContain(`/admin/mail/${row!.id}`);
    expect(list).toContain(locale === 'fr' ? 'leurs liens à usage unique masqués' : 'with their one-time links hidden');

    const res = await admin.get(`/admin/mail/${row!.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(token);
    expect(html).not.toMatch(/href="[^"]*reset-password/);
    expect(html).toContain(`<span class="masked-link">${ORIGIN}/reset-password#${MASK}</span>`);
    expect(html).toContain(locale === 'fr' ? 'Les liens à usage unique' : 'One-time links (to confirm an address, reset a password or accept an invitation) are hidden here');
  });
});

describe('the development mail spool', () => {
  it('holds the full message, saying it is for development, with a README beside it', async () => {
    const u = await createUser(db());
    await new Client(env.app).post('/forgot-password', { email: u.email });
    await env.drainJobs();
    const spool = path.join(env.config.dataDir, 'mail');
    const raw = fs
      .readdirSync(spool)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => fs.readFileSync(path.join(spool, f), 'utf8'))
      .find((m) => m.includes(u.email))!;
    expect(raw.replace(/\n\s+/g, ' ')).toMatch(/^X-Commonwise-Spool: Development mail spool: no SMTP_URL is set[^\n]*deleted after 7 days\./m);
    expect(fs.readFileSync(path.join(spool, 'README.txt'), 'utf8')).toContain('for development and evaluation only');
  });
});

describe('one working link per request', () => {
  it('a send retried after a failure sends a new link and ends the first', async () => {
    const u = await createUser(db());
    await new Client(env.app).post('/forgot-password', { email: u.email });
    const original = env.deps.mailer;
    let firstToken = '';
    // The SMTP server takes the message, then the connection fails: the job will be retried.
    (env.deps as { mailer: Mailer }).mailer = {
      kind: original.kind,
      async send(m) {
        firstToken = m.secrets![0]!;
        throw new Error('connection reset');
      },
    };
    try {
      await env.drainJobs();
    } finally {
      (env.deps as { mailer: Mailer }).mailer = original;
    }
    expect(firstToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const [failed] = await db().select().from(jobs).where(eq(jobs.kind, 'accounts.mail')).orderBy(sql`${jobs.id} desc`).limit(1);
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, failedAt: null, payload: { mail: 'reset', userId: u.id } });
    expect(failed!.lastError).toBe('connection reset');

    await db().update(jobs).set({ runAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, failed!.id));
    await env.drainJobs();
    const { token } = await sentLink(u.email, /\/reset-password#/);
    expect(token).not.toBe(firstToken);
    const c = new Client(env.app);
    expect((await c.post('/reset-password', { token: firstToken, password: 'an entirely new phrase' })).status).toBe(400);
    expect((await c.post('/reset-password', { token, password: 'an entirely new phrase' })).status).toBe(303);
    expect(await db().select().from(userTokens).where(eq(userTokens.userId, u.id))).toHaveLength(1);
  });

  it('a second reset request ends the first request’s link', async () => {
    const u = await createUser(db());
    const c = new Client(env.app);
    await c.post('/forgot-password', { email: u.email });
    await env.drainJobs();
    const first = await sentLink(u.email, /\/reset-password#/);
    await c.post('/forgot-password', { email: u.email });
    await env.drainJobs();
    const second = await sentLink(u.email, /\/reset-password#/);
    expect(second.token).not.toBe(first.token);
    expect((await c.post('/reset-password', { token: first.token, password: 'an entirely new phrase' })).status).toBe(400);
    expect((await c.post('/reset-password', { token: second.token, password: 'an entirely new phrase' })).status).toBe(303);
  });

  it('sends no confirmation link to an address confirmed meanwhile', async () => {
    const u = await createUser(db()); // confirmed
    await env.deps.db.insert(jobs).values({ kind: 'accounts.mail', payload: { mail: 'verify', userId: u.id } });
    await env.drainJobs();
    expect((await env.mails()).filter((m) => m.to === u.email)).toEqual([]);
    expect(await db().select().from(userTokens).where(eq(userTokens.userId, u.id))).toEqual([]);
  });
});

describe('migration 0009 (mail without secrets)', () => {
  it('removes the rendered mail jobs earlier versions queued, and masks the links their outbox kept', { timeout: 60_000 }, async () => {
    // drizzle/ with its journal cut before 0009: the migrator applies 0000–0008 only.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-mail-migration-'));
    fs.cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = path.join(folder, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0009_mail_without_secrets');
    expect(at).toBe(9);
    fs.writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
    const pg = await PGlite.create(undefined, { startParams: pgliteStartParams, extensions: { pg_trgm } });
    try {
      const legacy = drizzle(pg);
      await migrate(legacy, { migrationsFolder: folder });
      const token = 'Zq8s-Vt3_kW9mPx2LrN7bC4dF6gH1jK5nQ0yT8uE2aB';
      const link = `https://ideas.example.gov/reset-password?token=${token}`;
      const invitation = `https://ideas.example.gov/invitations/${token.split('').reverse().join('')}`;
      await pg.query(`INSERT INTO jobs (kind, payload, done_at) VALUES ('mail.send', $1, now()), ('mail.send', $2, NULL), ('votes.trending', '{}', NULL)`, [
        JSON.stringify({ to: 'a@example.org', subject: 'Reset', text: `Open ${link}` }),
        JSON.stringify({ to: 'b@example.org', subject: 'Invited', text: `Open ${invitation}` }),
      ]);
      await pg.query(`INSERT INTO outbox_messages ("to", subject, text) VALUES ('a@example.org', 'Reset', $1), ('c@example.org', 'Hello', 'See https://ideas.example.gov/sign-in')`, [
        `Hello,\n\n${link}\n\nand ${invitation}\n`,
      ]);

      await migrate(legacy, { migrationsFolder });
      expect((await pg.query<{ kind: string }>('SELECT kind FROM jobs ORDER BY id')).rows).toEqual([{ kind: 'votes.trending' }]);
      const texts = (await pg.query<{ text: string }>('SELECT text FROM outbox_messages ORDER BY "to"')).rows.map((r) => r.text);
      expect(texts).toEqual([
        `Hello,\n\nhttps://ideas.example.gov/reset-password?token=${MASK}\n\nand https://ideas.example.gov/invitations/${MASK}\n`,
        'See https://ideas.example.gov/sign-in',
      ]);
    } finally {
      await pg.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
