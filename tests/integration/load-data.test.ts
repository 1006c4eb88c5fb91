/**
 * The load data (`npm run seed -- --ideas N`, src/cli/load-data.ts) is written set-based, not by
 * the commands (decision 0052): these tests are what shows it is a state the commands could have
 * made. Every maintained count is recounted from the rows (the same checks as votes:reconcile,
 * the trending recount and the demo's test), the rules the commands enforce are checked on the
 * rows, the pages render, and a run that fails or is interrupted leaves nothing.
 * On PGlite by default; on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { ANSWERS, commentsWanted, hash32, LOAD_BUDGET, publishedMinutesAgo, RULE_THRESHOLD, seedLoadData, supporterNumber, supportStride, supportsWanted } from '../../src/cli/load-data.js';
import {
  challenges,
  challengeTopics,
  challengeVoters,
  comments,
  events,
  ideaResponses,
  ideas,
  ideaTopics,
  ideaVotes,
  jobs,
  memberships,
  organisations,
  subjects,
  submissionKeys,
  users,
} from '../../src/db/schema/index.js';
import { challengePhase } from '../../src/features/challenges/phase.js';
import { reconcileVotes } from '../../src/features/votes/reconcile.js';
import { recountTrending } from '../../src/features/votes/trending.js';
import { renderMarkdown } from '../../src/lib/markdown.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestEnv, type TestEnv } from '../support/app.js';
import { createServerDatabase, rawRows, serverUrl } from '../support/db.js';
import { childEnv, ROOT } from '../support/server.js';
import { findCountDrift } from './maintained-counts.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});
const db = () => env.deps.db;
const rows = <T>(query: ReturnType<typeof sql>) => rawRows<T>(db(), query);

/** Everything a run writes, counted. */
const tally = async () => {
  const n = async (table: PgTable) => (await db().select({ n: count() }).from(table))[0]!.n;
  return {
    organisations: await n(organisations),
    users: await n(users),
    memberships: await n(memberships),
    challenges: await n(challenges),
    subjects: await n(subjects),
    ideas: await n(ideas),
    ideaTopics: await n(ideaTopics),
    votes: await n(ideaVotes),
    voters: await n(challengeVoters),
    responses: await n(ideaResponses),
    comments: await n(comments),
    events: await n(events),
    jobs: await n(jobs),
    submissionKeys: await n(submissionKeys),
  };
};

describe('the generators (plain bigint SQL: no 32-bit overflow at any idea number)', () => {
  // A JavaScript reference for each generator, compared with what the database computes.
  const hashJs = (salt: string, g: bigint) => BigInt(`0x${createHash('md5').update(`${salt}:${g}`).digest('hex').slice(0, 8)}`);
  const supportsJs = (g: bigint, cap: number) => Math.min(cap, Math.floor(0.3 * ((Number(hashJs('supports', g)) + 0.5) / 4294967296) ** -0.8));
  const commentsJs = (g: bigint) => Math.min(60, Math.floor(0.2 * ((Number(hashJs('comments', g)) + 0.5) / 4294967296) ** -0.7));
  const supporterJs = (start: bigint, k: bigint, author: bigint, residents: bigint, stride: bigint) => {
    const x = (start + k * stride) % (residents - 1n);
    return x + (x >= author ? 1n : 0n);
  };
  // 271,183 is where the previous generator's (g * 7919) overflowed a 32-bit integer.
  const LARGE = [0n, 1n, 271_182n, 271_183n, 300_000n, 999_999n, 1_000_000n, 2n ** 31n, 2n ** 32n + 5n, 4_999_999n, 5_000_000n];

  it('match their JavaScript reference from 0 past 2^32', async () => {
    const gs = [...LARGE, ...Array.from({ length: 2_000 }, (_, i) => BigInt(i * 2_503 + 7))];
    const got = await rows<{ g: string; h: string; s: string; c: string; pm: string }>(sql`
      SELECT g::text, ${hash32('supports', sql`g`)}::text AS h, ${supportsWanted(sql`g`, sql`499999::bigint`)}::text AS s,
             ${commentsWanted(sql`g`)}::text AS c, ${publishedMinutesAgo(sql`g`)}::text AS pm
      FROM unnest(${`{${gs.join(',')}}`}::bigint[]) AS g`);
    expect(got).toHaveLength(gs.length);
    for (const r of got) {
      const g = BigInt(r.g);
      expect(BigInt(r.h)).toBe(hashJs('supports', g));
      expect(Number(r.s)).toBe(supportsJs(g, 499_999));
      expect(Number(r.c)).toBe(commentsJs(g));
      expect(BigInt(r.pm)).toBe((g % 28n) * 1440n + (g % 1440n));
    }
    // The long tail: most ideas have no support, one in a hundred at least 20, about one per idea on average.
    const counts = Array.from({ length: 100_000 }, (_, g) => supportsJs(BigInt(g), 10_000));
    const total = counts.reduce((a, n) => a + n, 0);
    expect(total / counts.length).toBeGreaterThan(0.5);
    expect(total / counts.length).toBeLessThan(2);
    expect(counts.filter((n) => n === 0).length / counts.length).toBeGreaterThan(0.6);
    expect(counts.filter((n) => n >= 20).length / counts.length).toBeGreaterThan(0.005);
  });

  it('pick supporters without overflow for 5,000,000 ideas (500,000 residents)', async () => {
    const residents = 500_000n;
    const stride = BigInt(supportStride(Number(residents)));
    const cases = [
      [0n, 0n, 0n],
      [4_294_967_295n % (residents - 1n), residents - 2n, 123_456n], // the largest start and k
      [271_183n, 271_183n, 271_183n],
      [499_998n, 499_997n, 499_999n],
    ];
    for (const [start, k, author] of cases) {
      const [r] = await rows<{ v: string }>(sql`SELECT ${supporterNumber(sql`${String(start)}::bigint`, sql`${String(k)}::bigint`, sql`${String(author)}::bigint`, sql`${String(residents)}::bigint`, Number(stride))}::text AS v`);
      const expected = supporterJs(start!, k!, author!, residents, stride);
      expect(BigInt(r!.v)).toBe(expected);
      expect(expected).not.toBe(author);
      expect(expected >= 0n && expected < residents).toBe(true);
    }
    // One walk gives every other resident once.
    const small = 1_000n;
    const seen = new Set<bigint>();
    for (let k = 0n; k < small - 1n; k++) seen.add(supporterJs(17n, k, 5n, small, BigInt(supportStride(Number(small)))));
    expect(seen.size).toBe(999);
    expect(seen.has(5n)).toBe(false);
  });
});

describe('seedLoadData (npm run seed -- --ideas N)', () => {
  it('writes a state the commands could have made: every maintained count equals a recount from the rows', { timeout: 180_000 }, async () => {
    const before = await tally();
    const first = await seedLoadData(env.deps, { ideas: 4_000 });
    // A visitor's cached page of the councils, then a second run: the page shows it at once (the run renews every page, decision 0051).
    expect(await (await env.app.request('/organisations')).text()).toContain(`Load Test Borough ${first.run}`);
    const second = await seedLoadData(env.deps, { ideas: 300, challenges: 3 });
    expect(await (await env.app.request('/organisations')).text()).toContain(`Load Test Borough ${second.run}`);
    expect(second.organisationSlug).not.toBe(first.organisationSlug);
    expect(first).toMatchObject({ challenges: 5, users: 400, ideas: 4_000 });
    expect(second).toMatchObject({ challenges: 3, users: 30, ideas: 300 });

    // The checks the reconcilers make: nothing to repair anywhere.
    expect(await findCountDrift(db())).toEqual([]);
    expect((await reconcileVotes(db())).found).toEqual({ ideas: [], voters: [] });
    expect(await recountTrending(db())).toBe(0);

    // Accepted supports = vote rows = the sum of the counts; answers and comments as reported.
    const after = await tally();
    const added = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    const [sums] = await rows<{ supports: string; comments: string }>(sql`SELECT (SELECT sum(support_count) FROM ideas)::text AS supports, (SELECT sum(comment_count) FROM subjects)::text AS comments`);
    expect(Number(sums!.supports)).toBe(added['votes']);
    expect(added['votes']).toBe(first.supports + second.supports);
    expect(Number(sums!.comments)).toBe(added['comments']);
    expect(added['comments']).toBe(first.comments + second.comments);
    expect(added['responses']).toBe(first.responses + second.responses);
    expect(added).toMatchObject({
      organisations: 2,
      users: 400 + 30 + 2,
      memberships: 2,
      challenges: 8,
      subjects: 8 + 4_300, // one per challenge and idea
      ideas: 4_300,
      ideaTopics: 4_300,
      jobs: 0, // no outbox: the runs record no events with subscribers
    });
    // The events are the challenge commands' own: created and published, nothing else.
    expect(await rows<{ name: string; n: number }>(sql`SELECT name, count(*)::int AS n FROM events GROUP BY name ORDER BY name`)).toEqual([
      { name: 'challenge.create', n: 8 },
      { name: 'challenge.publish', n: 8 },
    ]);
    expect(first.supports).toBeGreaterThan(2_000);
    expect(first.comments).toBeGreaterThan(300);

    // Subjects: one per idea and challenge, of its kind, dated with it.
    expect(await rows(sql`
      SELECT x.id FROM (SELECT id, 'idea' AS kind, created_at FROM ideas UNION ALL SELECT id, 'challenge', created_at FROM challenges) AS x
      LEFT JOIN subjects s ON s.id = x.id WHERE s.id IS NULL OR s.kind <> x.kind OR s.created_at <> x.created_at`)).toEqual([]);

    // The rules the commands enforce, on the rows.
    const broken = await rows<{ rule: string; n: number }>(sql`
      SELECT rule, n FROM (
        SELECT 'vote outside the voting window, before the idea or in the future' AS rule, count(*)::int AS n
        FROM idea_votes v JOIN ideas i ON i.id = v.idea_id JOIN challenges c ON c.id = v.challenge_id
        WHERE v.challenge_id <> i.challenge_id OR v.created_at < i.published_at OR v.created_at < c.voting_open_at OR v.created_at > now()
        UNION ALL
        SELECT 'vote on the voter''s own idea', count(*)::int FROM idea_votes v JOIN ideas i ON i.id = v.idea_id WHERE v.user_id = i.author_id
        UNION ALL
        SELECT 'vote after "not taken forward"', count(*)::int
        FROM idea_votes v JOIN idea_responses r ON r.idea_id = v.idea_id AND r.status_to = 'not_taken_forward' WHERE v.created_at >= r.created_at
        UNION ALL
        SELECT 'more supports than the budget', count(*)::int
        FROM (SELECT v.challenge_id, v.user_id FROM idea_votes v JOIN challenges c ON c.id = v.challenge_id GROUP BY 1, 2, c.vote_budget HAVING count(*) > c.vote_budget) x
        UNION ALL
        SELECT 'idea outside the submission window', count(*)::int
        FROM ideas i JOIN challenges c ON c.id = i.challenge_id
        WHERE i.published_at < c.submissions_open_at OR i.published_at > now() OR i.created_at <> i.published_at
        UNION ALL
        SELECT 'answer not by the council''s staff, before the idea, or not its status', count(*)::int
        FROM idea_responses r JOIN ideas i ON i.id = r.idea_id JOIN challenges c ON c.id = i.challenge_id
        LEFT JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = r.author_id
        LEFT JOIN users u ON u.id = r.author_id
        WHERE m.user_id IS NULL OR r.author_name <> u.display_name OR r.role_title <> m.title OR r.organisation_id <> c.organisation_id
           OR r.status_from <> 'submitted' OR r.status_to <> i.status OR r.created_at < i.published_at OR r.created_at > now()
        UNION ALL
        SELECT 'ideas with more than one answer, or a status without one', count(*)::int
        FROM ideas i WHERE (SELECT count(*) FROM idea_responses r WHERE r.idea_id = i.id) <> CASE WHEN i.status = 'submitted' THEN 0 ELSE 1 END
        UNION ALL
        SELECT 'reply not under its parent (subject, thread, depth, date)', count(*)::int
        FROM comments c JOIN comments p ON p.id = c.parent_id
        WHERE p.subject_id <> c.subject_id OR p.thread_id <> c.thread_id OR c.depth <> p.depth + 1 OR c.created_at <= p.created_at OR c.depth > 3
        UNION ALL
        SELECT 'top-level comment not its own thread', count(*)::int FROM comments c WHERE c.parent_id IS NULL AND (c.thread_id <> c.id OR c.depth <> 0)
        UNION ALL
        SELECT 'comment before its idea, or in the future', count(*)::int
        FROM comments c JOIN ideas i ON i.id = c.subject_id WHERE c.created_at <= i.published_at OR c.created_at > now()
        UNION ALL
        SELECT 'text not in its author''s language', count(*)::int
        FROM (SELECT author_id, language FROM ideas UNION ALL SELECT author_id, language FROM comments) t JOIN users u ON u.id = t.author_id
        WHERE t.language <> u.locale
        UNION ALL
        SELECT 'idea without exactly one topic', count(*)::int FROM ideas i WHERE (SELECT count(*) FROM idea_topics t WHERE t.idea_id = i.id) <> 1
        UNION ALL
        SELECT 'idea that search does not find by its number', count(*)::int
        FROM ideas i WHERE NOT i.search @@ plainto_tsquery('simple', substring(i.title from '#([0-9]+)$'))
      ) AS checks WHERE n > 0`);
    expect(broken).toEqual([]);

    // Rendered as the commands render: sanitised markdown, one renderer.
    for (const r of await db().select({ text: ideas.description, html: ideas.descriptionHtml }).from(ideas)) expect(r.html).toBe(renderMarkdown(r.text));
    for (const r of await db().select({ text: comments.body, html: comments.bodyHtml }).from(comments)) expect(r.html).toBe(renderMarkdown(r.text));
    for (const r of await db().select({ text: ideaResponses.body, html: ideaResponses.bodyHtml }).from(ideaResponses)) expect(r.html).toBe(renderMarkdown(r.text));

    // Variety: statuses as ANSWERS[g % 8], both languages, a long tail of supports, fair-random keys, due dates under the rule.
    const statuses = Object.fromEntries((await db().select({ status: ideas.status, n: count() }).from(ideas).groupBy(ideas.status)).map((r) => [r.status, r.n]));
    const expected: Record<string, number> = {};
    for (const g of [...Array.from({ length: 4_000 }, (_, i) => i), ...Array.from({ length: 300 }, (_, i) => i)]) {
      const status = ANSWERS[g % 8] ?? 'submitted';
      expected[status] = (expected[status] ?? 0) + 1;
    }
    expect(statuses).toEqual(expected);
    const [variety] = await rows<{ fr: number; en: number; keys: number; top: number; values: number; due: number; overdue: number; recent: number; threads: number; deepest: number }>(sql`
      SELECT count(*) FILTER (WHERE language = 'fr')::int AS fr, count(*) FILTER (WHERE language = 'en')::int AS en,
             count(DISTINCT shuffle_key)::int AS keys, max(support_count)::int AS top, count(DISTINCT support_count)::int AS values,
             count(response_due_at)::int AS due, count(*) FILTER (WHERE response_due_at < now())::int AS overdue,
             sum(recent_support)::int AS recent,
             (SELECT count(*)::int FROM comments WHERE parent_id IS NULL) AS threads, (SELECT max(depth)::int FROM comments) AS deepest
      FROM ideas`);
    expect(variety!.fr).toBeGreaterThan(500);
    expect(variety!.en).toBeGreaterThan(2_000);
    expect(variety!.keys).toBeGreaterThan(4_200);
    expect(variety!.top).toBeGreaterThan(50);
    expect(variety!.values).toBeGreaterThan(10);
    expect(variety!.due).toBeGreaterThan(0);
    expect(variety!.recent).toBeGreaterThan(0);
    expect(variety!.recent).toBeLessThan(Number(sums!.supports)); // supports are spread over four weeks: trending is not "most supported"
    expect(variety!.threads).toBeGreaterThan(100);
    expect(variety!.deepest).toBe(2);
    const [budget] = await rows<{ top: number }>(sql`SELECT max(votes_used)::int AS top FROM challenge_voters`);
    expect(budget!.top).toBeLessThanOrEqual(LOAD_BUDGET);
    const rules = await db().select({ threshold: challenges.responseThreshold }).from(challenges);
    expect(rules.filter((r) => r.threshold === RULE_THRESHOLD)).toHaveLength(1 + 1); // challenge 2 of each run

    // Open for ideas and supports now, one topic each.
    for (const c of await db().select().from(challenges)) expect(challengePhase(c, new Date())).toMatchObject({ submissionsOpen: true, votingOpen: true });
    expect((await db().select({ n: count() }).from(challengeTopics))[0]!.n).toBe(8);

    // The pages render for the seeded data: the directory, each challenge and its list in every order, ideas of every kind, the council.
    const get = async (path: string) => {
      const res = await env.app.request(path);
      expect(res.status, path).toBe(200);
      return res.text();
    };
    expect(await get('/challenges')).toContain('Load test challenge 0');
    await get(`/organisations/${first.organisationSlug}`);
    const [top] = await db().select({ id: ideas.id, title: ideas.title, challengeId: ideas.challengeId }).from(ideas).orderBy(sql`${ideas.supportCount} DESC`).limit(1);
    for (const c of await db().select({ id: challenges.id }).from(challenges)) {
      await get(`/challenges/${c.id}`);
      for (const sort of ['random', 'supported', 'trending', 'newest']) await get(`/challenges/${c.id}?sort=${sort}`);
    }
    expect(await get(`/challenges/${top!.challengeId}?sort=supported`)).toContain(top!.title);
    expect(await get(`/challenges/${top!.challengeId}?q=${encodeURIComponent(top!.title.split('#')[1]!)}`)).toContain(top!.title);
    const samples = await rows<{ id: string }>(sql`
      (SELECT id::text FROM ideas ORDER BY support_count DESC LIMIT 1)
      UNION ALL (SELECT id::text FROM ideas WHERE status = 'not_taken_forward' LIMIT 1)
      UNION ALL (SELECT id::text FROM ideas WHERE response_due_at IS NOT NULL LIMIT 1)
      UNION ALL (SELECT id::text FROM ideas WHERE language = 'fr' LIMIT 1)
      UNION ALL (SELECT subject_id::text FROM comments WHERE depth = 2 LIMIT 1)`);
    expect(samples).toHaveLength(5);
    for (const s of samples) await get(`/ideas/${s.id}`);
  });

  it('keeps nothing when interrupted (the signal, between two statements)', { timeout: 120_000 }, async () => {
    const before = await tally();
    const interrupt = new AbortController();
    let progress = 0;
    const running = seedLoadData(env.deps, {
      ideas: 3_000,
      signal: interrupt.signal,
      // After the first challenge: its ideas, supports, answers and comments are in (inside the open transaction).
      onProgress: (done) => {
        progress = done;
        interrupt.abort(new Error('interrupted by the test'));
      },
    });
    await expect(running).rejects.toThrow('interrupted by the test');
    expect(progress).toBeGreaterThan(0);
    expect(await tally()).toEqual(before);
  });

  it('keeps nothing when a statement fails part-way (one transaction)', { timeout: 120_000 }, async () => {
    const before = await tally();
    // Anything that throws inside the run's transaction — a statement refused, or here the progress hook after three challenges.
    let calls = 0;
    const running = seedLoadData(env.deps, {
      ideas: 3_000,
      onProgress: () => {
        if (++calls === 3) throw new Error('failure injected after three challenges');
      },
    });
    await expect(running).rejects.toThrow('failure injected after three challenges');
    expect(await tally()).toEqual(before);

    // A statement the database refuses: idea 2,503 is the fourth challenge's (2,503 mod 5 = 3).
    await db().execute(sql`ALTER TABLE ideas ADD CONSTRAINT load_test_refuses CHECK (title NOT LIKE '%#2503') NOT VALID`);
    try {
      const failed = await seedLoadData(env.deps, { ideas: 3_000 }).then(() => null, (err: unknown) => err as Error & { cause?: Error });
      expect(`${failed?.message} ${failed?.cause?.message}`).toMatch(/load_test_refuses/);
    } finally {
      await db().execute(sql`ALTER TABLE ideas DROP CONSTRAINT load_test_refuses`);
    }
    expect(await tally()).toEqual(before);
  });
});

describe('npm run seed -- --ideas N, stopped part-way', () => {
  /** The compiled CLI on a database of its own, stopped by `signal` once it has reported its first challenge. */
  const seedUntilProgress = (env: Record<string, string>, signal: NodeJS.Signals) =>
    new Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stdout: string }>((resolve, reject) => {
      const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['dist/cli/seed.js', '--ideas', '50000', '--challenges', '200'], { cwd: ROOT, env: childEnv({ LOG_LEVEL: 'warn', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!sent && / \/ 50000 ideas/.test(stdout)) {
          sent = true;
          child.kill(signal);
        }
      });
      child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
      child.on('error', reject);
      child.on('exit', (code, killedBy) => {
        clearTimeout(timer);
        resolve({ code, killedBy, stdout });
      });
    });

  it('keeps nothing after Ctrl-C, nor after the process is killed', { timeout: 240_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-load-'));
    const server = serverUrl ? await createServerDatabase('cw_load') : undefined;
    const env: Record<string, string> = server ? { DATABASE_URL: server.url } : { DATA_DIR: dataDir };
    try {
      const interrupted = await seedUntilProgress(env, 'SIGINT');
      expect(interrupted.stdout).toContain('Demo content added');
      expect(interrupted.stdout).toMatch(/SIGINT: stopping/);
      expect(interrupted.stdout).toContain('Interrupted: nothing of this run was kept.');
      expect(interrupted.code).toBe(130);

      const killed = await seedUntilProgress(env, 'SIGKILL');
      expect(killed.killedBy).toBe('SIGKILL');

      // What is left is the demo: no load-test council, resident, challenge, idea or support.
      const database = await openDatabase(server ? { databaseUrl: server.url, dataDir: 'unused', poolSize: 1 } : { dataDir });
      try {
        const [left] = await rawRows<{ orgs: number; residents: number; ideas: number; challenges: number; votes: number }>(database.db, sql`
          SELECT (SELECT count(*)::int FROM organisations WHERE slug LIKE 'load-test-%') AS orgs,
                 (SELECT count(*)::int FROM users WHERE email LIKE 'load-%@load.example') AS residents,
                 (SELECT count(*)::int FROM ideas WHERE title LIKE '%#%') AS ideas,
                 (SELECT count(*)::int FROM challenges WHERE title LIKE 'Load test challenge%') AS challenges,
                 (SELECT count(*)::int FROM idea_votes v JOIN users u ON u.id = v.user_id WHERE u.email LIKE 'load-%') AS votes`);
        expect(left).toEqual({ orgs: 0, residents: 0, ideas: 0, challenges: 0, votes: 0 });
        expect(await findCountDrift(database.db)).toEqual([]);
      } finally {
        await database.close();
      }
    } finally {
      await server?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
