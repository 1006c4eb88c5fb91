/**
 * Migration 0008 (the spine) moves data, so it is tested with data: a database migrated to 0007
 * is filled through raw SQL (the TypeScript schema and the factories describe the new schema,
 * not this one) with comments, follows, votes, responses, audit rows and jobs, then migrated to
 * the end; every row and every count must come through intact. PGlite always, the PostgreSQL
 * server too when serverUrl is set.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { rawRows, serverUrl } from '../support/db.js';
import { pgliteTarget, schemaFolderAt, serverTarget, type MigrationTarget } from '../support/migrations.js';

const SPINE = '0008_spine';


// ---------------------------------------------------------------------------------------------
// The world at 0007
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
/** Fixed instants (microseconds included) far enough from "now" for the milestone cut-off. */
const ago = (days: number, micros = 123_456) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d{3}Z$/, `.${String(micros).padStart(6, '0')}Z`);
const ahead = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

function makeWorld() {
  const u = { owner: randomUUID(), officer: randomUUID(), ana: randomUUID(), ben: randomUUID(), cleo: randomUUID(), leaver: randomUUID() };
  const org = randomUUID();
  /** past: every dated milestone passed; mixed: ideas open, the rest ahead; future: nothing yet. */
  const ch = { past: randomUUID(), mixed: randomUUID(), future: randomUUID() };
  const idea = {
    roads: randomUUID(), // published in "past", the discussed one
    trees: randomUUID(), // published in "past"
    gone: randomUUID(), // withdrawn in "past" (comments, a follow and a vote stay)
    draft: randomUUID(), // draft in "mixed"
    bikes: randomUUID(), // published in "mixed"
  };
  const c = {
    root1: randomUUID(), // thread 1 on roads
    reply1: randomUUID(), // reply to root1
    tomb: randomUUID(), // reply to reply1, deleted (tombstone)
    reply2: randomUUID(), // reply to the tombstone (still hangs together)
    root2: randomUUID(), // thread 2 on roads
    deletedRoot: randomUUID(), // thread 3 on roads, deleted, no replies
    trees1: randomUUID(),
    gone1: randomUUID(),
  };
  /** ideas.comment_count: the live (not deleted) comments. */
  const commentCount = { roads: 4, trees: 1, gone: 1, draft: 0, bikes: 0 };
  return { u, org, ch, idea, c, commentCount, deletedIdeaId: randomUUID(), deletedCommentId: randomUUID() };
}
type World = ReturnType<typeof makeWorld>;

/** Old audit rows: action, entity, data, and the subject 0008 must point the event at. */
function auditRows(w: World) {
  const { u, org, ch, idea, c } = w;
  return [
    { actor: u.ana, action: 'user.sign_up', type: 'user', id: u.ana, data: {}, subject: null },
    { actor: u.owner, action: 'organisation.create', type: 'organisation', id: org, data: { slug: 'riverton', kind: 'council', verified: true }, subject: null },
    { actor: u.owner, action: 'challenge.create', type: 'challenge', id: ch.past, data: { organisationId: org }, subject: ch.past },
    { actor: u.owner, action: 'challenge.publish', type: 'challenge', id: ch.mixed, data: {}, subject: ch.mixed },
    { actor: u.ana, action: 'idea.submit', type: 'idea', id: idea.roads, data: { challengeId: ch.past, organisationId: null }, subject: idea.roads },
    { actor: u.ana, action: 'idea.draft', type: 'idea', id: idea.draft, data: { challengeId: ch.mixed, organisationId: null }, subject: idea.draft },
    { actor: u.ben, action: 'idea.support', type: 'idea', id: idea.roads, data: { challengeId: ch.past }, subject: idea.roads },
    { actor: u.ben, action: 'idea.withdraw', type: 'idea', id: idea.gone, data: { from: 'published' }, subject: idea.gone },
    { actor: u.officer, action: 'idea.respond', type: 'idea', id: idea.roads, data: { responseId: 1, organisationId: org, statusFrom: 'published', statusTo: 'under_review' }, subject: idea.roads },
    { actor: u.ana, action: 'comment.post', type: 'comment', id: c.root1, data: { ideaId: idea.roads, parentId: null, depth: 0 }, subject: idea.roads },
    { actor: u.ben, action: 'comment.post', type: 'comment', id: c.reply1, data: { ideaId: idea.roads, parentId: c.root1, depth: 1 }, subject: idea.roads },
    { actor: u.ana, action: 'comment.edit', type: 'comment', id: c.root1, data: { ideaId: idea.roads }, subject: idea.roads },
    { actor: u.cleo, action: 'comment.delete', type: 'comment', id: c.tomb, data: { ideaId: idea.roads }, subject: idea.roads },
    { actor: u.ana, action: 'comment.post', type: 'comment', id: c.gone1, data: { ideaId: idea.gone, parentId: null, depth: 0 }, subject: idea.gone },
    // About an idea deleted since (its comments went with it): no subject to point at.
    { actor: u.ana, action: 'idea.submit', type: 'idea', id: w.deletedIdeaId, data: { challengeId: ch.past, organisationId: null }, subject: null },
    { actor: u.ana, action: 'comment.post', type: 'comment', id: w.deletedCommentId, data: { ideaId: w.deletedIdeaId, parentId: null, depth: 0 }, subject: null },
    // People's words (membership titles) leave the record; everything else stays.
    { actor: u.owner, action: 'membership.update', type: 'membership', id: u.officer, data: { organisationId: org, from: { role: 'member', title: 'Intern', listedPublicly: true }, to: { role: 'staff', title: 'Policy officer', listedPublicly: false } }, subject: null },
    { actor: u.owner, action: 'membership.remove', type: 'membership', id: u.cleo, data: { organisationId: org, role: 'member', title: 'Volunteer' }, subject: null },
    { actor: u.leaver, action: 'membership.leave', type: 'membership', id: u.leaver, data: { organisationId: org, role: 'member', title: 'Councillor for the East ward' }, subject: null },
    { actor: u.owner, action: 'invitation.create', type: 'invitation', id: randomUUID(), data: { organisationId: org, role: 'staff', replaced: [] }, subject: null },
    { actor: null, action: 'user.create_admin', type: 'user', id: u.owner, data: { via: 'cli' }, subject: null },
  ].map((row, i) => ({ ...row, at: ago(30 - i, 1000 + i) }));
}

/** What 0008 keeps of an audit row's data: everything but membership titles. */
function expectedPayload(action: string, data: Record<string, unknown>): Record<string, unknown> {
  if (!action.startsWith('membership.')) return data;
  const strip = (v: unknown) => {
    if (!v || typeof v !== 'object') return v;
    const { title: _title, ...rest } = v as Record<string, unknown>;
    return rest;
  };
  const { title: _title, ...rest } = data;
  return { ...rest, ...('from' in data ? { from: strip(data.from) } : {}), ...('to' in data ? { to: strip(data.to) } : {}) };
}

async function fillPreviousSchema(db: Db, w: World) {
  const { u, org, ch, idea, c } = w;
  const run = (q: SQL) => db.execute(q);

  for (const [name, id] of Object.entries(u)) {
    await run(sql`INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (${id}::uuid, ${`${name}@example.test`}, ${name}, 'x', ${ago(60)}::timestamptz)`);
  }
  await run(sql`INSERT INTO organisations (id, kind, name, slug, verified) VALUES (${org}::uuid, 'council', 'Riverton', 'riverton', true)`);
  await run(sql`INSERT INTO memberships (organisation_id, user_id, role, title, listed_publicly) VALUES
    (${org}::uuid, ${u.owner}::uuid, 'owner', 'Head of innovation', true),
    (${org}::uuid, ${u.officer}::uuid, 'staff', 'Policy officer', false)`);

  const challenge = (id: string, title: string, d: { open: string; close: string; vOpen: string | null; vClose: string | null; results: string | null }) =>
    run(sql`INSERT INTO challenges (id, organisation_id, status, title, summary, submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, results_at,
              published_at, idea_count, participant_count, created_by, created_at, vote_budget)
            VALUES (${id}::uuid, ${org}::uuid, 'published', ${title}, 'summary', ${d.open}::timestamptz, ${d.close}::timestamptz, ${d.vOpen}::timestamptz,
              ${d.vClose}::timestamptz, ${d.results}::timestamptz, ${d.open}::timestamptz, ${title === 'Past' ? 2 : 1}, ${title === 'Past' ? 2 : 1}, ${u.owner}::uuid, ${ago(50)}::timestamptz, 3)`);
  await challenge(ch.past, 'Past', { open: ago(40), close: ago(20), vOpen: ago(20), vClose: ago(10), results: ago(5) });
  await challenge(ch.mixed, 'Mixed', { open: ago(3), close: ahead(10), vOpen: ahead(10), vClose: ahead(20), results: null });
  await challenge(ch.future, 'Future', { open: ahead(5), close: ahead(15), vOpen: null, vClose: null, results: ahead(30) });

  const ideaRow = (id: string, challengeId: string, author: string, status: string, title: string, support: number, comments: number, extra: { withdrawn?: boolean } = {}) =>
    run(sql`INSERT INTO ideas (id, challenge_id, author_id, status, title, summary, support_count, recent_support, comment_count, created_at, published_at, withdrawn_at, shuffle_key)
            VALUES (${id}::uuid, ${challengeId}::uuid, ${author}::uuid, ${status}, ${title}, 'summary', ${support}, ${support}, ${comments}, ${ago(35)}::timestamptz,
              ${status === 'draft' ? null : ago(34)}::timestamptz, ${extra.withdrawn ? ago(15) : null}::timestamptz, 42)`);
  await ideaRow(idea.roads, ch.past, u.ana, 'under_review', 'Fix the roads', 2, w.commentCount.roads);
  await ideaRow(idea.trees, ch.past, u.ben, 'published', 'Plant trees', 1, w.commentCount.trees);
  await ideaRow(idea.gone, ch.past, u.ben, 'withdrawn', 'Withdrawn idea', 1, w.commentCount.gone, { withdrawn: true });
  await ideaRow(idea.draft, ch.mixed, u.ana, 'draft', 'A draft', 0, w.commentCount.draft);
  await ideaRow(idea.bikes, ch.mixed, u.cleo, 'published', 'Bike lanes', 0, w.commentCount.bikes);

  const comment = (id: string, ideaId: string, author: string | null, parent: string | null, thread: string, depth: number, body: string, minutesAgo: number, deleted = false) =>
    run(sql`INSERT INTO comments (id, idea_id, author_id, parent_id, thread_id, depth, body, body_html, created_at, edited_at, deleted_at)
            VALUES (${id}::uuid, ${ideaId}::uuid, ${author}::uuid, ${parent}::uuid, ${thread}::uuid, ${depth}, ${deleted ? '' : body}, ${deleted ? '' : `<p>${body}</p>`},
              ${ago(minutesAgo / 1440, 500 + minutesAgo)}::timestamptz, ${body.includes('edited') ? ago(1) : null}::timestamptz, ${deleted ? ago(2, 777) : null}::timestamptz)`);
  await comment(c.root1, idea.roads, u.ana, null, c.root1, 0, 'Potholes everywhere (edited)', 900);
  await comment(c.reply1, idea.roads, u.ben, c.root1, c.root1, 1, 'Agreed', 800);
  await comment(c.tomb, idea.roads, u.cleo, c.reply1, c.root1, 2, 'I take it back', 700, true);
  await comment(c.reply2, idea.roads, u.ana, c.tomb, c.root1, 3, 'Too late', 600);
  await comment(c.root2, idea.roads, u.officer, null, c.root2, 0, 'We are looking at it', 500);
  await comment(c.deletedRoot, idea.roads, u.ben, null, c.deletedRoot, 0, 'Oops', 400, true);
  await comment(c.trees1, idea.trees, null, null, c.trees1, 0, 'Author since deleted', 300);
  await comment(c.gone1, idea.gone, u.ana, null, c.gone1, 0, 'Shame', 200);

  const follows = [
    ...[
      [u.ana, idea.roads],
      [u.ben, idea.roads],
      [u.cleo, idea.roads],
      [u.ben, idea.trees],
      [u.ana, idea.gone],
      [u.ana, idea.draft],
    ].map(([user, target], i) => ({ table: 'idea', user: user!, target: target!, at: ago(25 - i, 2000 + i) })),
    ...[
      [u.ana, ch.past],
      [u.cleo, ch.past],
      [u.ben, ch.mixed],
      [u.ana, ch.future],
    ].map(([user, target], i) => ({ table: 'challenge', user: user!, target: target!, at: ago(18 - i, 3000 + i) })),
  ];
  for (const f of follows) {
    if (f.table === 'idea') await run(sql`INSERT INTO idea_follows (user_id, idea_id, created_at) VALUES (${f.user}::uuid, ${f.target}::uuid, ${f.at}::timestamptz)`);
    else await run(sql`INSERT INTO challenge_follows (user_id, challenge_id, created_at) VALUES (${f.user}::uuid, ${f.target}::uuid, ${f.at}::timestamptz)`);
  }

  // Votes agree with support_count and challenge_voters.votes_used.
  const votes = [
    [idea.roads, u.ben, ch.past],
    [idea.roads, u.cleo, ch.past],
    [idea.trees, u.ana, ch.past],
    [idea.gone, u.ana, ch.past],
  ];
  for (const [i, [ideaId, user, challengeId]] of votes.entries()) {
    await run(sql`INSERT INTO idea_votes (idea_id, user_id, challenge_id, created_at) VALUES (${ideaId!}::uuid, ${user!}::uuid, ${challengeId!}::uuid, ${ago(19 - i)}::timestamptz)`);
  }
  await run(sql`INSERT INTO challenge_voters (challenge_id, user_id, votes_used) VALUES
    (${ch.past}::uuid, ${u.ben}::uuid, 1), (${ch.past}::uuid, ${u.cleo}::uuid, 1), (${ch.past}::uuid, ${u.ana}::uuid, 2)`);

  await run(sql`INSERT INTO idea_responses (id, idea_id, author_id, author_name, role_title, organisation_id, body, body_html, status_from, status_to, reason, created_at) VALUES
    (1, ${idea.roads}::uuid, ${u.officer}::uuid, 'officer', 'Policy officer', ${org}::uuid, 'We will look', '<p>We will look</p>', 'published', 'under_review', '', ${ago(4)}::timestamptz),
    (2, ${idea.roads}::uuid, ${u.owner}::uuid, 'owner', '', ${org}::uuid, 'An update', '<p>An update</p>', null, null, '', ${ago(3)}::timestamptz)`);
  await run(sql`SELECT setval('idea_responses_id_seq', 2)`);

  for (const a of auditRows(w)) {
    await run(sql`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, data, created_at)
                  VALUES (${a.actor}::uuid, ${a.action}, ${a.type}, ${a.id}, ${json(a.data)}, ${a.at}::timestamptz)`);
  }

  await run(sql`INSERT INTO jobs (kind, payload, dedupe_key, run_at, attempts, done_at, created_at) VALUES
    ('mail.send', ${json({ to: 'ana@example.test', template: 'verify' })}, null, ${ago(9)}::timestamptz, 1, ${ago(9)}::timestamptz, ${ago(9)}::timestamptz),
    ('votes.trending', ${json({})}, 'votes.trending:hour', ${ahead(0.01)}::timestamptz, 0, null, ${ago(0.01)}::timestamptz)`);
  await run(sql`INSERT INTO jobs (kind, payload, attempts, max_attempts, last_error, failed_at) VALUES
    ('mail.send', ${json({ to: 'nobody@example.test' })}, 8, 8, 'connection refused', ${ago(1)}::timestamptz)`);
}

// ---------------------------------------------------------------------------------------------
// Snapshots: every row of every table, as jsonb (timestamps to the microsecond)
// ---------------------------------------------------------------------------------------------

type Row = Record<string, unknown>;
type Snapshot = Record<string, Row[]>;

async function tableNames(db: Db): Promise<string[]> {
  const rows = await rawRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** A row's identity for sorting: its JSON with keys in order (jsonb and object literals order keys differently). */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Row)[k])])) : v;
const rowKey = (r: Row) => JSON.stringify(canonical(r));
const sortRows = (rows: Row[]) => [...rows].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));

async function snapshot(db: Db): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const table of await tableNames(db)) {
    const rows = await rawRows<{ row: Row }>(db, sql`select to_jsonb(t) as row from ${sql.identifier(table)} t`);
    out[table] = sortRows(rows.map((r) => r.row));
  }
  return out;
}

const rename = (row: Row, from: string, to: string): Row => {
  const { [from]: value, ...rest } = row;
  return { ...rest, [to]: value };
};
const omit = (row: Row, key: string): Row => {
  const { [key]: _gone, ...rest } = row;
  return rest;
};

async function count(db: Db, query: SQL): Promise<number> {
  return Number((await rawRows<{ n: number | string }>(db, query))[0]!.n);
}

// ---------------------------------------------------------------------------------------------
// The tests, for each database
// ---------------------------------------------------------------------------------------------

function spineMigrationSuite(open: () => Promise<MigrationTarget>) {
  let target: MigrationTarget;
  let previous: { folder: string; remove(): void };
  let spine: { folder: string; remove(): void };
  let w: World;
  let before: Snapshot;
  let after: Snapshot;
  const db = () => target.db;

  beforeAll(async () => {
    previous = schemaFolderAt(SPINE, 8);
    spine = schemaFolderAt(SPINE, 8, true);
    target = await open();
    await target.migrate(previous.folder);
    const applied = await rawRows<{ hash: string }>(target.db, sql`select hash from drizzle.__drizzle_migrations`);
    expect(applied).toHaveLength(8);
    expect(await tableNames(target.db)).toContain('audit_log');
    w = makeWorld();
    await fillPreviousSchema(target.db, w);
    before = await snapshot(target.db);
    await target.migrate(spine.folder);
    after = await snapshot(target.db);
  });
  afterAll(async () => {
    await target?.close();
    previous?.remove();
    spine?.remove();
  });

  it('applies 0008 once, and the tables are the old ones with the follow tables and the audit log replaced', async () => {
    const applied = await rawRows<{ hash: string }>(db(), sql`select hash from drizzle.__drizzle_migrations`);
    expect(applied).toHaveLength(9);
    const gone = ['audit_log', 'challenge_follows', 'idea_follows'];
    const added = ['challenge_milestones', 'events', 'follows', 'notifications', 'subjects'];
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before).filter((t) => !gone.includes(t)), ...added].sort());
  });

  it('leaves every other table row for row as it was (users, memberships, votes, voters, responses, jobs, challenges, …)', () => {
    const moved = new Set(['audit_log', 'challenge_follows', 'idea_follows', 'comments', 'ideas']);
    const kept = Object.keys(before).filter((t) => !moved.has(t));
    expect(kept).toEqual(expect.arrayContaining(['users', 'organisations', 'memberships', 'challenges', 'idea_votes', 'challenge_voters', 'idea_responses', 'jobs', 'topics']));
    for (const table of kept) expect(after[table], table).toEqual(before[table]);
    // The filled tables were really filled (a comparison of empty tables proves nothing).
    expect(before['idea_votes']).toHaveLength(4);
    expect(before['challenge_voters']).toHaveLength(3);
    expect(before['idea_responses']).toHaveLength(2);
    expect(before['jobs']).toHaveLength(3);
    expect(before['memberships']!.map((m) => m['title']).sort()).toEqual(['Head of innovation', 'Policy officer']); // titles stay on memberships
  });

  it('keeps every idea row, less comment_count, which moves to its subject', () => {
    expect(before['ideas']).toHaveLength(5);
    expect(after['ideas']).toEqual(sortRows(before['ideas']!.map((r) => omit(r, 'comment_count'))));
  });

  it('gives each idea and each challenge one subject row with its own id, kind and created_at; the idea comment counts move over', () => {
    const expected = [
      ...before['ideas']!.map((r) => ({ id: r['id'], kind: 'idea', comment_count: r['comment_count'], created_at: r['created_at'] })),
      ...before['challenges']!.map((r) => ({ id: r['id'], kind: 'challenge', comment_count: 0, created_at: r['created_at'] })),
    ];
    expect(after['subjects']).toEqual(sortRows(expected));
    expect(after['subjects']).toHaveLength(8);
    const ideaCounts = Object.fromEntries(after['subjects']!.filter((s) => s['kind'] === 'idea').map((s) => [s['id'], s['comment_count']]));
    expect(ideaCounts).toEqual(Object.fromEntries(Object.entries(w.commentCount).map(([k, n]) => [w.idea[k as keyof World['idea']], n])));
  });

  it('keeps every comment (threads, depths, tombstones) with subject_id = the old idea_id, and each count equals its live comments', async () => {
    expect(before['comments']).toHaveLength(8);
    expect(after['comments']).toEqual(sortRows(before['comments']!.map((r) => rename(r, 'idea_id', 'subject_id'))));
    const tomb = after['comments']!.find((r) => r['id'] === w.c.tomb)!;
    expect(tomb).toMatchObject({ subject_id: w.idea.roads, parent_id: w.c.reply1, thread_id: w.c.root1, depth: 2, body: '' });
    expect(tomb['deleted_at']).not.toBeNull();
    const mismatched = await rawRows(
      db(),
      sql`select s.id, s.comment_count, (select count(*) from comments c where c.subject_id = s.id and c.deleted_at is null)::int as live
          from subjects s where s.comment_count <> (select count(*) from comments c where c.subject_id = s.id and c.deleted_at is null)`,
    );
    expect(mismatched).toEqual([]);
  });

  it('holds in follows exactly the union of idea_follows and challenge_follows, created_at kept', () => {
    const expected = [
      ...before['idea_follows']!.map((r) => ({ user_id: r['user_id'], subject_id: r['idea_id'], created_at: r['created_at'] })),
      ...before['challenge_follows']!.map((r) => ({ user_id: r['user_id'], subject_id: r['challenge_id'], created_at: r['created_at'] })),
    ];
    expect(expected).toHaveLength(10);
    expect(after['follows']).toEqual(sortRows(expected));
  });

  it('keeps votes, voters and support counts in agreement', async () => {
    const ideaCounts = await rawRows(
      db(),
      sql`select i.id from ideas i where i.support_count <> (select count(*) from idea_votes v where v.idea_id = i.id)`,
    );
    expect(ideaCounts).toEqual([]);
    const voterCounts = await rawRows(
      db(),
      sql`select cv.user_id from challenge_voters cv
          where cv.votes_used <> (select count(*) from idea_votes v where v.challenge_id = cv.challenge_id and v.user_id = cv.user_id)`,
    );
    expect(voterCounts).toEqual([]);
    expect(await count(db(), sql`select count(*) as n from idea_votes`)).toBe(4);
  });

  it('turns every audit row into an event: same id, name, actor, entity, occurred_at; subject set for ideas, challenges and comments; no membership titles', () => {
    const old = auditRows(w);
    expect(before['audit_log']).toHaveLength(old.length);
    // Inserted one by one in auditRows' order, so the ids follow it.
    const byId = [...before['audit_log']!].sort((a, b) => Number(a['id']) - Number(b['id']));
    const expected = byId.map((r, i) => {
      const source = old[i]!;
      expect(r['action']).toBe(source.action);
      return {
        id: r['id'],
        name: r['action'],
        actor_id: r['actor_id'],
        entity_type: r['entity_type'],
        entity_id: r['entity_id'],
        subject_id: source.subject,
        payload: expectedPayload(String(r['action']), r['data'] as Record<string, unknown>),
        occurred_at: r['created_at'],
      };
    });
    expect(after['events']).toEqual(sortRows(expected));
    const text = JSON.stringify(after['events']);
    for (const title of ['Intern', 'Policy officer', 'Volunteer', 'Councillor for the East ward']) expect(text).not.toContain(title);
    // The non-title parts of membership payloads survive.
    const update = after['events']!.find((e) => e['name'] === 'membership.update')!;
    expect(update['payload']).toEqual({ organisationId: w.org, from: { role: 'member', listedPublicly: true }, to: { role: 'staff', listedPublicly: false } });
  });

  it('continues the event ids after the old ones (the renamed sequence still feeds events.id)', async () => {
    const maxOld = Math.max(...before['audit_log']!.map((r) => Number(r['id'])));
    const [row] = await rawRows<{ id: number | string }>(
      db(),
      sql`insert into events (name, entity_type, entity_id, subject_id) values ('test.probe', 'idea', ${w.idea.roads}, ${w.idea.roads}::uuid) returning id`,
    );
    expect(Number(row!.id)).toBe(maxOld + 1);
    await db().execute(sql`delete from events where id = ${Number(row!.id)}`);
  });

  it('records as already announced the milestones passed before the migration, not the future ones', () => {
    const got = after['challenge_milestones']!.map((m) => ({ challenge_id: m['challenge_id'], milestone: m['milestone'], event_id: m['event_id'] }));
    const expected = [
      ...['ideasOpen', 'votingOpen', 'votingClose', 'results'].map((milestone) => ({ challenge_id: w.ch.past, milestone, event_id: null })),
      { challenge_id: w.ch.mixed, milestone: 'ideasOpen', event_id: null },
    ];
    expect(sortRows(got)).toEqual(sortRows(expected));
    expect(after['notifications']).toEqual([]);
  });

  it('after the migration, an idea or challenge inserted through plain SQL brings its subject row, and deleting it takes the subject (and its comments, follows) away', async () => {
    const [newIdea] = await rawRows<{ id: string }>(
      db(),
      sql`insert into ideas (challenge_id, author_id, status, title) values (${w.ch.mixed}::uuid, ${w.u.ana}::uuid, 'published', 'New after 0008') returning id`,
    );
    const ideaId = newIdea!.id;
    expect(await rawRows(db(), sql`select id, kind, comment_count from subjects where id = ${ideaId}::uuid`)).toEqual([{ id: ideaId, kind: 'idea', comment_count: 0 }]);
    await db().execute(sql`insert into comments (subject_id, author_id, thread_id, body, body_html) values (${ideaId}::uuid, ${w.u.ben}::uuid, gen_random_uuid(), 'hi', '<p>hi</p>')`);
    await db().execute(sql`insert into follows (user_id, subject_id) values (${w.u.ben}::uuid, ${ideaId}::uuid)`);

    // An explicit id is kept as the subject's id.
    const challengeId = randomUUID();
    await db().execute(
      sql`insert into challenges (id, organisation_id, title, summary, submissions_open_at, submissions_close_at)
          values (${challengeId}::uuid, ${w.org}::uuid, 'New challenge', 's', now(), now() + interval '1 day')`,
    );
    expect(await rawRows(db(), sql`select kind from subjects where id = ${challengeId}::uuid`)).toEqual([{ kind: 'challenge' }]);

    await db().execute(sql`delete from ideas where id = ${ideaId}::uuid`);
    expect(await count(db(), sql`select count(*) as n from subjects where id = ${ideaId}::uuid`)).toBe(0);
    expect(await count(db(), sql`select count(*) as n from comments where subject_id = ${ideaId}::uuid`)).toBe(0);
    expect(await count(db(), sql`select count(*) as n from follows where subject_id = ${ideaId}::uuid`)).toBe(0);
    await db().execute(sql`delete from challenges where id = ${challengeId}::uuid`);
    expect(await count(db(), sql`select count(*) as n from subjects where id = ${challengeId}::uuid`)).toBe(0);
    // The migrated rows are untouched by all this.
    expect(await count(db(), sql`select count(*) as n from subjects`)).toBe(8);
    expect(await count(db(), sql`select count(*) as n from comments`)).toBe(8);
    expect(await count(db(), sql`select count(*) as n from follows`)).toBe(10);
  });

  it('is a no-op when run again', async () => {
    await target.migrate(spine.folder);
    expect(await rawRows(db(), sql`select hash from drizzle.__drizzle_migrations`)).toHaveLength(9);
    expect(await count(db(), sql`select count(*) as n from follows`)).toBe(10);
  });
}

describe('migration 0008 (the spine) on PGlite: every row and count of a filled 0007 database comes through', () => {
  spineMigrationSuite(pgliteTarget);
});

describe.runIf(!!serverUrl)('migration 0008 (the spine) on a PostgreSQL server: every row and count of a filled 0007 database comes through', () => {
  spineMigrationSuite(() => serverTarget('cw_spine'));
});
