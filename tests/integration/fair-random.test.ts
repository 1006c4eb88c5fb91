import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ideas, topics } from '../../src/db/schema/index.js';
import { dayOf, drawSeed, KEY_SPACE, SEED_SET_SIZE, seedSet, shuffleStart } from '../../src/features/ideas/fair-order.js';
import { SEED_COOKIE } from '../../src/features/ideas/list.js';
import { IDEAS_PAGE, listIdeas, type ListParams } from '../../src/features/ideas/queries.js';
import { Client } from '../support/app.js';
import { createCouncilChallenge, createIdeaTopics, createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

/**
 * What the fair random order promises (docs/decisions/0053-the-fair-random-order-s-promise-and-its-seed-set.md):
 * newcomers get a seed of the day's small set, whose start points are spread evenly over the key
 * range; whatever the seed, how often an idea reaches the first page does not depend on when it
 * was submitted; and paging through a seed's order gives every idea exactly once, with any filter.
 *
 * The shuffle keys are the database's own (its column default), drawn after `setseed`, so every
 * run sees the same keys: the statistical checks below are deterministic and cannot flake. Their
 * tolerance is what chance alone allows (four standard deviations); their failure means the
 * first pages lean to older or newer ideas.
 */
const { env, db } = useTestEnv();

const DAY0 = dayOf(new Date('2026-12-01T12:00:00Z'));
/** Ideas in the large challenge, oldest first. */
const N = 2000;
let big: { id: string; ideas: string[] };
/** A smaller challenge with every status, drafts and topics, to walk through. */
let mixed: { id: string; rows: { id: string; key: number; status: string; published: boolean; topics: number[] }[] };
let topicA: number;
let topicB: number;

/** Inserts ideas in one transaction after `setseed`, so that their shuffle keys (random() in the column default) are the same on every run. */
async function insertSeeded(seed: number, rows: (typeof ideas.$inferInsert)[]): Promise<{ id: string; shuffleKey: number }[]> {
  return db().transaction(async (tx) => {
    await tx.execute(sql`select setseed(${seed})`);
    const out: { id: string; shuffleKey: number }[] = [];
    for (let i = 0; i < rows.length; i += 250) out.push(...(await tx.insert(ideas).values(rows.slice(i, i + 250)).returning({ id: ideas.id, shuffleKey: ideas.shuffleKey })));
    return out;
  });
}

beforeAll(async () => {
  const author = await createUser(db());
  const t0 = Date.UTC(2026, 0, 1);
  const ch = await createCouncilChallenge(db());
  const inserted = await insertSeeded(
    0.25,
    Array.from({ length: N }, (_, i) => {
      const at = new Date(t0 + i * 3_600_000); // one an hour: idea i was submitted before idea i + 1
      return { challengeId: ch.id, authorId: author.id, title: `Idea ${i}`, summary: 'S', status: 'submitted' as const, createdAt: at, publishedAt: at };
    }),
  );
  big = { id: ch.id, ideas: inserted.map((r) => r.id) };

  [topicA, topicB] = (await db().select({ id: topics.id }).from(topics).orderBy(topics.id).limit(2)).map((t) => t.id) as [number, number];
  const other = await createCouncilChallenge(db());
  const statuses = ['submitted', 'submitted', 'shortlisted', 'under_consideration', 'withdrawn', 'not_taken_forward', 'accepted', 'draft'] as const;
  const specs = Array.from({ length: 400 }, (_, i) => {
    const status = statuses[i % statuses.length]!;
    // Some withdrawn ideas were never published (withdrawn drafts): the withdrawn filter leaves them out.
    const published = status !== 'draft' && !(status === 'withdrawn' && i % 3 === 0);
    const topicsOf = [...(i % 3 === 0 ? [topicA] : []), ...(i % 5 < 2 ? [topicB] : [])];
    return { status, published, topicsOf };
  });
  const rows = await insertSeeded(
    0.5,
    specs.map((s, i) => ({ challengeId: other.id, authorId: author.id, title: `Mixed ${i}`, summary: 'S', status: s.status, publishedAt: s.published ? new Date(t0 + i * 60_000) : null })),
  );
  for (const [topicId, pick] of [[topicA, (i: number) => i % 3 === 0], [topicB, (i: number) => i % 5 < 2]] as const)
    await createIdeaTopics(db(), rows.filter((_, i) => pick(i)).map((r) => r.id), [topicId]);
  mixed = { id: other.id, rows: rows.map((r, i) => ({ id: r.id, key: r.shuffleKey, status: specs[i]!.status, published: specs[i]!.published, topics: specs[i]!.topicsOf })) };
});

const list = (p: Partial<ListParams> & { challengeId: string; seed: string }) => listIdeas(db(), { sort: 'random', ...p });
const firstPage = async (challengeId: string, seed: string) => (await list({ challengeId, seed })).items.map((i) => i.id);

/** The whole list for a seed, page after page, and how many pages it took. */
async function walk(p: Partial<ListParams> & { challengeId: string; seed: string }): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await list({ ...p, after });
    ids.push(...page.items.map((i) => i.id));
    after = page.next ?? undefined;
    pages++;
    if (pages > 50) throw new Error('the list does not end');
  } while (after);
  return { ids, pages };
}

/** A small, seedable generator (mulberry32): the same "random" seeds on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How many first-page appearances went to the older half of the ideas, against what chance gives
 * if appearances do not depend on submission order. Given the appearances per idea (c, in
 * submission order), that hypothesis makes the older half a random half of c: its sum has mean
 * Σc/2 and, drawing N/2 of N values without replacement, variance (N/2)·σ²·(N/2)/(N − 1), σ² the
 * variance of c. Allowed: four standard deviations (a false alarm about once in 16,000 key draws;
 * with the fixed keys here, never).
 */
function olderHalf(appearances: number[]) {
  const n = appearances.length;
  const total = appearances.reduce((a, b) => a + b, 0);
  const mean = total / n;
  const variance = appearances.reduce((a, c) => a + (c - mean) ** 2, 0) / n;
  const sd = Math.sqrt(((n / 2) * variance * (n / 2)) / (n - 1));
  const older = appearances.slice(0, n / 2).reduce((a, b) => a + b, 0);
  return { older, newer: total - older, expected: total / 2, tolerance: 4 * sd };
}

/** First-page appearances of each idea of the large challenge (in submission order) over `seeds`. */
async function appearances(seeds: string[]): Promise<number[]> {
  const at = new Map(big.ideas.map((id, i) => [id, i]));
  const c = new Array<number>(N).fill(0);
  for (const seed of seeds) for (const id of await firstPage(big.id, seed)) c[at.get(id)!]!++;
  return c;
}

describe('seeds', () => {
  it('a newcomer gets a seed of the day’s set, kept a day in the cookie and carried by "Show more"', async () => {
    env.clock.set(new Date('2026-12-01T12:00:00Z'));
    try {
      const set = seedSet(DAY0);
      const drawn = new Set<string>();
      for (let i = 0; i < 64; i++) {
        const client = new Client(env.app);
        const res = await client.get(`/challenges/${big.id}?sort=random`);
        expect(res.status).toBe(200);
        const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SEED_COOKIE}=`))!;
        expect(cookie).toMatch(/Max-Age=86400/);
        const seed = client.cookies.get(SEED_COOKIE)!;
        expect(set).toContain(seed);
        drawn.add(seed);
        if (i === 0) {
          // "Show more" continues the same order: the seed travels in the link.
          const html = await res.text();
          expect(html).toMatch(new RegExp(`seed=${seed}&amp;after=`));
          // Coming back: the cookie's seed, no new cookie.
          const again = await client.get(`/challenges/${big.id}?sort=random`);
          expect(again.headers.getSetCookie().some((c) => c.startsWith(`${SEED_COOKIE}=`))).toBe(false);
        }
      }
      // 64 uniform draws among 32 seeds land on fewer than 8 different ones less than once in 10^35.
      expect(drawn.size).toBeGreaterThanOrEqual(8);

      // The next day, newcomers draw from the next day's set; yesterday's seed keeps its order.
      env.clock.set(new Date('2026-12-02T12:00:00Z'));
      const tomorrow = new Client(env.app);
      await tomorrow.get(`/challenges/${big.id}?sort=random`);
      expect(seedSet(DAY0 + 1)).toContain(tomorrow.cookies.get(SEED_COOKIE));
      const yesterday = new Client(env.app);
      yesterday.cookies.set(SEED_COOKIE, set[5]!);
      const res = await yesterday.get(`/challenges/${big.id}?sort=random`);
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SEED_COOKIE}=`))).toBe(false);
      expect(idsIn(await res.text())).toEqual(await firstPage(big.id, set[5]!));
    } finally {
      env.clock.reset();
    }
  });

  it('draws the slot uniformly among the set’s and names the seed by its day and slot', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const asked: number[] = [];
    const seeds = Array.from({ length: SEED_SET_SIZE }, (_, slot) =>
      drawSeed(now, (n) => {
        asked.push(n);
        return slot;
      }),
    );
    expect(asked.every((n) => n === SEED_SET_SIZE)).toBe(true);
    expect(seeds).toEqual(seedSet(DAY0));
    expect(new Set(seeds).size).toBe(SEED_SET_SIZE);
  });

  it('an older seed, in a cookie or a link, keeps the order it had before the set existed', async () => {
    const { createHash } = await import('node:crypto');
    const before = (seed: string, challengeId: string) => createHash('sha256').update(`${seed}:${challengeId}`).digest().readUInt32BE(0) % 2147483647;
    for (const seed of ['abc', 'k3v9x2q1', 'zzzzzzzz', '0', 'f20788s05x', 'f20788s40']) expect(shuffleStart(seed, big.id)).toBe(before(seed, big.id));

    const client = new Client(env.app);
    client.cookies.set(SEED_COOKIE, 'k3v9x2q1');
    const res = await client.get(`/challenges/${big.id}?sort=random`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SEED_COOKIE}=`))).toBe(false);
    const shown = idsIn(await res.text());
    expect(shown).toEqual(await firstPage(big.id, 'k3v9x2q1'));
    expect(idsIn(await (await new Client(env.app).get(`/challenges/${big.id}?sort=random&seed=k3v9x2q1`)).text())).toEqual(shown);
  });

  it('spreads the set’s start points evenly over the key range, somewhere else each day and in each challenge', async () => {
    for (const day of [DAY0, DAY0 + 1]) {
      const starts = seedSet(day)
        .map((s) => shuffleStart(s, big.id))
        .sort((a, b) => a - b);
      const gaps = starts.map((s, i) => (i + 1 < starts.length ? starts[i + 1]! : starts[0]! + KEY_SPACE) - s);
      for (const gap of gaps) expect(Math.abs(gap - KEY_SPACE / SEED_SET_SIZE)).toBeLessThanOrEqual(1);
    }
    expect(shuffleStart(seedSet(DAY0)[0]!, big.id)).not.toBe(shuffleStart(seedSet(DAY0 + 1)[0]!, big.id));
    expect(shuffleStart(seedSet(DAY0)[0]!, big.id)).not.toBe(shuffleStart(seedSet(DAY0)[0]!, mixed.id));
  });

  it('shows as many different ideas on the set’s first pages as there are places on them', async () => {
    // 2,000 ideas, 32 evenly spaced starts: about 62 ideas between two starts, so the 32 first
    // pages do not overlap (32 independent random starts would: two of them fall within 20 ideas of
    // each other about ten times over).
    const shown = new Set<string>();
    for (const seed of seedSet(DAY0)) for (const id of await firstPage(big.id, seed)) shown.add(id);
    expect(shown.size).toBe(SEED_SET_SIZE * IDEAS_PAGE);
  });
});

describe('first pages do not depend on when an idea was submitted', () => {
  it('over the seeds of five days’ sets', async () => {
    const seeds = Array.from({ length: 5 }, (_, d) => seedSet(DAY0 + d)).flat();
    const c = await appearances(seeds);
    const { older, newer, expected, tolerance } = olderHalf(c);
    expect(older + newer).toBe(seeds.length * IDEAS_PAGE);
    expect(Math.abs(older - expected), `older half ${older}, newer half ${newer}, allowed ±${tolerance.toFixed(1)}`).toBeLessThanOrEqual(tolerance);
    // And no part of the submission order is left out: each tenth of the ideas gets between half and twice its share.
    const share = (older + newer) / 10;
    for (let t = 0; t < 10; t++) {
      const got = c.slice((t * N) / 10, ((t + 1) * N) / 10).reduce((a, b) => a + b, 0);
      expect(got, `tenth ${t}`).toBeGreaterThan(share / 2);
      expect(got, `tenth ${t}`).toBeLessThan(share * 2);
    }
  });

  it('over many arbitrary seeds', async () => {
    const next = rng(20261201);
    const seeds = Array.from({ length: 200 }, () => Math.floor(next() * 36 ** 8).toString(36));
    const { older, newer, expected, tolerance } = olderHalf(await appearances(seeds));
    expect(older + newer).toBe(seeds.length * IDEAS_PAGE);
    expect(Math.abs(older - expected), `older half ${older}, newer half ${newer}, allowed ±${tolerance.toFixed(1)}`).toBeLessThanOrEqual(tolerance);
  });
});

describe('paging through a seed’s order', () => {
  type Row = (typeof mixed.rows)[number];
  const inPlay = (r: Row) => !['draft', 'withdrawn', 'not_taken_forward'].includes(r.status);
  const filters: { name: string; params: () => Partial<ListParams>; keep: (r: Row) => boolean }[] = [
    { name: 'ideas in play', params: () => ({}), keep: inPlay },
    { name: 'shortlisted', params: () => ({ status: 'shortlisted' }), keep: (r) => r.status === 'shortlisted' },
    { name: 'withdrawn (published ones)', params: () => ({ status: 'withdrawn' }), keep: (r) => r.status === 'withdrawn' && r.published },
    { name: 'not taken forward', params: () => ({ status: 'not_taken_forward' }), keep: (r) => r.status === 'not_taken_forward' },
    { name: 'a topic', params: () => ({ topic: topicA }), keep: (r) => inPlay(r) && r.topics.includes(topicA) },
    { name: 'a topic and a status', params: () => ({ topic: topicB, status: 'submitted' }), keep: (r) => r.status === 'submitted' && r.topics.includes(topicB) },
  ];
  /** The order the decision record defines: keys from the start point up, then from the bottom of the range; ties by id. */
  const expectedOrder = (rows: Row[], start: number) =>
    [...rows].sort((a, b) => Number(a.key < start) - Number(b.key < start) || a.key - b.key || (a.id < b.id ? -1 : 1)).map((r) => r.id);

  for (const f of filters)
    it(`gives every idea exactly once, in the seed’s order across the wrap: ${f.name}`, async () => {
      const rows = mixed.rows.filter(f.keep);
      expect(rows.length, 'enough ideas for several pages').toBeGreaterThan(IDEAS_PAGE);
      let wrapped = 0;
      for (const seed of [...seedSet(DAY0).slice(0, 4), 'abc', 'k3v9x2q1', '7']) {
        const start = shuffleStart(seed, mixed.id);
        const { ids, pages } = await walk({ challengeId: mixed.id, seed, ...f.params() });
        expect(new Set(ids).size, 'no idea twice').toBe(ids.length);
        expect(ids, 'every idea, in the order of the keys from the start point').toEqual(expectedOrder(rows, start));
        expect(pages).toBe(Math.max(1, Math.ceil(rows.length / IDEAS_PAGE)));
        if (rows.some((r) => r.key < start) && rows.some((r) => r.key >= start)) wrapped++;
      }
      expect(wrapped, 'some walks cross the wrap-around').toBeGreaterThan(0);
    });

  it('when a page ends just before, at or just after the wrap', async () => {
    const rows = mixed.rows.filter(inPlay);
    const keys = rows.map((r) => r.key).sort((a, b) => a - b);
    for (const above of [IDEAS_PAGE - 1, IDEAS_PAGE, IDEAS_PAGE + 1]) {
      // A seed whose start point leaves exactly `above` ideas at or above it (one in a hundred or so does).
      const seed = Array.from({ length: 20_000 }, (_, i) => i.toString(36)).find((s) => {
        const start = shuffleStart(s, mixed.id);
        return start > keys[keys.length - above - 1]! && start <= keys[keys.length - above]!;
      });
      expect(seed, `a seed with ${above} ideas above its start`).toBeDefined();
      const { ids } = await walk({ challengeId: mixed.id, seed: seed! });
      expect(ids).toEqual(expectedOrder(rows, shuffleStart(seed!, mixed.id)));
    }
  });
});

const idsIn = (html: string) => [...html.matchAll(/<h3><a href="\/ideas\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
