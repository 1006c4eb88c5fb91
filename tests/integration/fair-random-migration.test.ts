/**
 * Migration 0013 (the fair random order's indexes) moves data: each idea-topic row gets its
 * idea's challenge and shuffle key, for the topic filter's index. A database migrated to 0012 is
 * filled through raw SQL, then migrated to the end. PGlite always, the PostgreSQL server too when
 * serverUrl is set.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, rawRows } from '../../src/db/client.js';
import { serverUrl } from '../support/db.js';
import { pgliteTarget, schemaFolderAt, serverTarget, type MigrationTarget } from '../support/migrations.js';

const MIGRATION = '0013_fair_random_indexes';


async function check(target: MigrationTarget) {
  const { db } = target;
  const previous = schemaFolderAt(MIGRATION, 13);
  try {
    await target.migrate(previous.folder);
  } finally {
    previous.remove();
  }
  const author = randomUUID();
  const org = randomUUID();
  const challenges = [randomUUID(), randomUUID()];
  const run = (q: ReturnType<typeof sql>) => db.execute(q);
  await run(sql`INSERT INTO users (id, email, display_name, password_hash) VALUES (${author}::uuid, 'author@example.test', 'Author', 'x')`);
  await run(sql`INSERT INTO organisations (id, kind, name, slug, verified) VALUES (${org}::uuid, 'council', 'Riverton', 'riverton', true)`);
  for (const ch of challenges)
    await run(sql`INSERT INTO challenges (id, organisation_id, status, title, summary, submissions_open_at, submissions_close_at)
                  VALUES (${ch}::uuid, ${org}::uuid, 'published', 'Streets', 's', now() - interval '20 days', now() + interval '2 days')`);
  const ideas: { id: string; challenge: string; key: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const id = randomUUID();
    const challenge = challenges[i % 2]!;
    const key = 1_000_000 * (i + 1) + 7;
    await run(sql`INSERT INTO ideas (id, challenge_id, author_id, status, title, shuffle_key, published_at) VALUES (${id}::uuid, ${challenge}::uuid, ${author}::uuid, 'submitted', ${`Idea ${i}`}, ${key}, now())`);
    await run(sql`INSERT INTO idea_topics (idea_id, topic_id) SELECT ${id}::uuid, id FROM topics ORDER BY id LIMIT ${1 + (i % 3)}`);
    ideas.push({ id, challenge, key });
  }

  await target.migrate(migrationsFolder);

  const rows = await rawRows<{ idea_id: string; challenge_id: string; shuffle_key: number }>(db, sql`SELECT idea_id, challenge_id, shuffle_key FROM idea_topics`);
  expect(rows).toHaveLength(1 + 2 + 3 + 1 + 2 + 3);
  for (const r of rows) {
    const idea = ideas.find((i) => i.id === r.idea_id)!;
    expect({ challenge: r.challenge_id, key: Number(r.shuffle_key) }).toEqual({ challenge: idea.challenge, key: idea.key });
  }
  const columns = await rawRows<{ column_name: string; is_nullable: string }>(
    db,
    sql`SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'idea_topics' AND column_name IN ('challenge_id', 'shuffle_key') ORDER BY column_name`,
  );
  expect(columns).toEqual([
    { column_name: 'challenge_id', is_nullable: 'NO' },
    { column_name: 'shuffle_key', is_nullable: 'NO' },
  ]);
  const indexes = await rawRows<{ indexname: string; indexdef: string }>(
    db,
    sql`SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('ideas_shuffle_idx', 'ideas_shuffle_status_idx', 'idea_topics_shuffle_idx') ORDER BY indexname`,
  );
  expect(indexes.map((i) => i.indexname)).toEqual(['idea_topics_shuffle_idx', 'ideas_shuffle_idx', 'ideas_shuffle_status_idx']);
  expect(indexes[1]!.indexdef).toMatch(/WHERE \(status <> ALL \(ARRAY\['draft'::text, 'withdrawn'::text, 'not_taken_forward'::text\]\)\)$/);
}

describe('migration 0013: the fair random order’s indexes', () => {
  it('on the embedded database', async () => {
    const target = await pgliteTarget();
    try {
      await check(target);
    } finally {
      await target.close();
    }
  }, 120_000);

  it.runIf(serverUrl)('on the PostgreSQL server', async () => {
    const target = await serverTarget('cw_fair_random');
    try {
      await check(target);
    } finally {
      await target.close();
    }
  }, 120_000);
});
