import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql, sum } from 'drizzle-orm';
import { seedLoadData } from '../../src/cli/load-data.js';
import { challenges, ideas, ideaTopics, organisations, users } from '../../src/db/schema/index.js';
import { openTestDatabase } from '../support/db.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('seedLoadData (npm run seed -- --ideas N)', () => {
  it('adds a council with consistent challenges, residents and ideas, and can run twice', async () => {
    const db = database.db;
    const first = await seedLoadData(db, { ideas: 450, challenges: 4 });
    const second = await seedLoadData(db, { ideas: 30, challenges: 2 });
    expect(second.organisationSlug).not.toBe(first.organisationSlug);

    const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, first.organisationSlug));
    const rows = await db.select({ ideaCount: challenges.ideaCount, status: challenges.status }).from(challenges).where(eq(challenges.organisationId, org!.id));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === 'published')).toBe(true);
    expect(rows.reduce((a, r) => a + r.ideaCount, 0)).toBe(450);

    const [all] = await db.select({ n: count() }).from(ideas);
    expect(all!.n).toBe(480);
    const [orphans] = await db
      .select({ n: count() })
      .from(ideas)
      .where(sql`NOT EXISTS (SELECT 1 FROM ${users} u WHERE u.id = ${ideas.authorId})`);
    expect(orphans!.n).toBe(0);
    const [tagged] = await db.select({ n: count() }).from(ideaTopics);
    expect(tagged!.n).toBe(480);
    const [supports] = await db.select({ s: sum(ideas.supportCount) }).from(ideas);
    expect(Number(supports!.s)).toBeGreaterThan(0);
  });
});
