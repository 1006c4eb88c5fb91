import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, countDistinct, eq, max, sql, sum } from 'drizzle-orm';
import { seedLoadData, supportsFor } from '../../src/cli/load-data.js';
import { events, challenges, challengeVoters, ideaResponses, ideas, ideaTopics, organisations, users } from '../../src/db/schema/index.js';
import { challengePhase } from '../../src/features/challenges/phase.js';
import { createTestEnv, type TestEnv } from '../support/app.js';
import { findCountDrift } from './maintained-counts.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('seedLoadData (npm run seed -- --ideas N)', () => {
  it('adds a council with consistent challenges, residents and ideas, and can run twice', { timeout: 120_000 }, async () => {
    const db = env.deps.db;
    const first = await seedLoadData(env.deps, { ideas: 450, challenges: 4 });
    const second = await seedLoadData(env.deps, { ideas: 30, challenges: 2 });
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

    // Made by the commands: every maintained count equals its rows.
    expect(await findCountDrift(db)).toEqual([]);
    expect(Number(supports!.s)).toBe(first.supports + second.supports);
    // Open for ideas and supports now; supports vary (a long tail), within the budget of 50.
    for (const c of await db.select().from(challenges)) expect(challengePhase(c, new Date())).toMatchObject({ submissionsOpen: true, votingOpen: true });
    const [spread] = await db.select({ values: countDistinct(ideas.supportCount), top: max(ideas.supportCount) }).from(ideas);
    expect(spread!.values).toBeGreaterThanOrEqual(5);
    expect(spread!.top).toBeGreaterThanOrEqual(10);
    const [budget] = await db.select({ top: max(challengeVoters.votesUsed) }).from(challengeVoters);
    expect(budget!.top).toBeLessThanOrEqual(50);
    // Half the ideas answered by the council's staff, one status each.
    const statuses = Object.fromEntries((await db.select({ status: ideas.status, n: count() }).from(ideas).groupBy(ideas.status)).map((r) => [r.status, r.n]));
    const expected: Record<string, number> = {};
    for (const g of [...Array.from({ length: 450 }, (_, i) => i), ...Array.from({ length: 30 }, (_, i) => i)]) {
      const status = [null, null, null, null, 'shortlisted', 'accepted', 'implemented', 'not_taken_forward'][g % 8] ?? 'submitted';
      expected[status] = (expected[status] ?? 0) + 1;
    }
    expect(statuses).toEqual(expected);
    const [answers] = await db.select({ n: count() }).from(ideaResponses);
    expect(answers!.n).toBe(480 - expected['submitted']!);
    expect(first.responses + second.responses).toBe(answers!.n);
  });

  it('spreads supports with a long tail, and never overflows on large idea numbers', () => {
    const counts = Array.from({ length: 100_000 }, (_, g) => supportsFor(g, 10_000));
    const total = counts.reduce((a, n) => a + n, 0);
    expect(total / counts.length).toBeGreaterThan(0.5);
    expect(total / counts.length).toBeLessThan(2);
    expect(counts.filter((n) => n === 0).length / counts.length).toBeGreaterThan(0.6);
    expect(Math.max(...counts)).toBeGreaterThan(100);
    for (const g of [271_182, 271_183, 2 ** 31, 2 ** 32 + 5, 5_000_000]) {
      expect(Number.isInteger(supportsFor(g, 500))).toBe(true);
      expect(supportsFor(g, 500)).toBeGreaterThanOrEqual(0);
    }
  });

  it('removes everything it added when interrupted', { timeout: 120_000 }, async () => {
    const db = env.deps.db;
    const tally = async () => ({
      organisations: (await db.select({ n: count() }).from(organisations))[0]!.n,
      challenges: (await db.select({ n: count() }).from(challenges))[0]!.n,
      ideas: (await db.select({ n: count() }).from(ideas))[0]!.n,
      users: (await db.select({ n: count() }).from(users))[0]!.n,
      audit: (await db.select({ n: count() }).from(events))[0]!.n,
    });
    const before = await tally();
    const interrupt = new AbortController();
    const running = seedLoadData(env.deps, { ideas: 1_000, challenges: 3, signal: interrupt.signal });
    // Interrupt once some ideas are in.
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const [n] = await db.select({ n: count() }).from(ideas);
      if (n!.n > before.ideas + 20) break;
    }
    interrupt.abort();
    await expect(running).rejects.toThrow(/abort/i);
    expect(await tally()).toEqual(before);
  });
});
