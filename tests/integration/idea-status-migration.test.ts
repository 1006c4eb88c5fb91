/**
 * Migration 0011 (idea status rules) moves data: supports given to ideas the council had already
 * decided not to take forward stop counting against their givers' budgets, as the commands now
 * do at the decision. A database migrated to 0010 is filled through raw SQL, then migrated to the
 * end. PGlite always, the PostgreSQL server too when serverUrl is set.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, rawRows } from '../../src/db/client.js';
import { serverUrl } from '../support/db.js';
import { pgliteTarget, schemaFolderAt, serverTarget, type MigrationTarget } from '../support/migrations.js';

const MIGRATION = '0011_idea_status';


async function check(target: MigrationTarget) {
  const { db } = target;
  const previous = schemaFolderAt(MIGRATION, 11);
  try {
    await target.migrate(previous.folder);
  } finally {
    previous.remove();
  }
  const u = { ana: randomUUID(), ben: randomUUID(), cleo: randomUUID(), author: randomUUID() };
  const org = randomUUID();
  const ch = randomUUID();
  const idea = { dropped: randomUUID(), kept: randomUUID(), gone: randomUUID() };
  const run = (q: ReturnType<typeof sql>) => db.execute(q);
  for (const [name, id] of Object.entries(u)) await run(sql`INSERT INTO users (id, email, display_name, password_hash) VALUES (${id}::uuid, ${`${name}@example.test`}, ${name}, 'x')`);
  await run(sql`INSERT INTO organisations (id, kind, name, slug, verified) VALUES (${org}::uuid, 'council', 'Riverton', 'riverton', true)`);
  await run(sql`INSERT INTO challenges (id, organisation_id, status, title, summary, submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, vote_budget)
                VALUES (${ch}::uuid, ${org}::uuid, 'published', 'Streets', 's', now() - interval '20 days', now() - interval '2 days', now() - interval '1 day', now() + interval '7 days', 3)`);
  const ideaRow = (id: string, status: string, supports: number) =>
    run(sql`INSERT INTO ideas (id, challenge_id, author_id, status, title, support_count, published_at, withdrawn_at)
            VALUES (${id}::uuid, ${ch}::uuid, ${u.author}::uuid, ${status}, ${status}, ${supports}, now(), ${status === 'withdrawn' ? sql`now()` : null})`);
  await ideaRow(idea.dropped, 'not_taken_forward', 2);
  await ideaRow(idea.kept, 'shortlisted', 1);
  await ideaRow(idea.gone, 'withdrawn', 1);
  const vote = (ideaId: string, userId: string) => run(sql`INSERT INTO idea_votes (idea_id, user_id, challenge_id) VALUES (${ideaId}::uuid, ${userId}::uuid, ${ch}::uuid)`);
  await vote(idea.dropped, u.ana);
  await vote(idea.dropped, u.ben);
  await vote(idea.kept, u.ana);
  await vote(idea.gone, u.cleo);
  // Before 0011, supports on an idea not taken forward still counted (ana 2, ben 1); the withdrawn one's did not (cleo 0).
  await run(sql`INSERT INTO challenge_voters (challenge_id, user_id, votes_used) VALUES (${ch}::uuid, ${u.ana}::uuid, 2), (${ch}::uuid, ${u.ben}::uuid, 1), (${ch}::uuid, ${u.cleo}::uuid, 0)`);

  await target.migrate(migrationsFolder);

  const used = await rawRows<{ user_id: string; votes_used: number }>(db, sql`SELECT user_id, votes_used FROM challenge_voters WHERE challenge_id = ${ch}::uuid`);
  expect(Object.fromEntries(used.map((r) => [r.user_id, Number(r.votes_used)]))).toEqual({ [u.ana]: 1, [u.ben]: 0, [u.cleo]: 0 });
  const rows = await rawRows<{ id: string; support_count: number; withdraw_reason: string | null; withdraw_explanation: string }>(db, sql`SELECT id, support_count, withdraw_reason, withdraw_explanation FROM ideas WHERE challenge_id = ${ch}::uuid ORDER BY id`);
  for (const r of rows) expect(r).toMatchObject({ withdraw_reason: null, withdraw_explanation: '' });
  // The vote rows and counts stay as they were.
  expect(rows.find((r) => r.id === idea.dropped)!.support_count).toBe(2);
  expect(Number((await rawRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM idea_votes`))[0]!.n)).toBe(4);
  // The list indexes hold every idea but drafts (the "withdrawn" filter is served by them). For the
  // random order, ideas_shuffle_status_idx does since 0013 (ideas_shuffle_idx holds the ideas in play).
  const indexes = await rawRows<{ indexname: string; indexdef: string }>(db, sql`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ideas' AND indexname IN ('ideas_newest_idx', 'ideas_supported_idx', 'ideas_trending_idx', 'ideas_shuffle_status_idx')`);
  expect(indexes).toHaveLength(4);
  for (const i of indexes) expect(i.indexdef, i.indexname).toMatch(/WHERE \(status <> 'draft'::text\)$/);
}

describe('migration 0011: idea status rules', () => {
  it('on the embedded database', async () => {
    const target = await pgliteTarget();
    try {
      await check(target);
    } finally {
      await target.close();
    }
  }, 120_000);

  it.runIf(serverUrl)('on the PostgreSQL server', async () => {
    const target = await serverTarget('cw_idea_status');
    try {
      await check(target);
    } finally {
      await target.close();
    }
  }, 120_000);
});
