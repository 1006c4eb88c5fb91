import { beforeAll, describe, expect, it } from 'vitest';
import { ideas, topics } from '../../src/db/schema/index.js';
import { Client } from '../support/app.js';
import { explain, type CapturedQuery } from '../support/explain.js';
import { buildIdea, createChallenge, createIdeaTopics, createOrganisation, createUser } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

/**
 * "Every sort is served by an index": each list query a page issues is explained with sorting
 * disabled; if no index delivers the order, the plan still has to sort, and the test fails.
 */
const { env, db } = useTestEnv();
let challengeId: string;
let topicId: number;
beforeAll(async () => {
  const council = await createOrganisation(db());
  const author = await createUser(db());
  for (let i = 0; i < 3; i++) await createChallenge(db(), council.id);
  const challenge = await createChallenge(db(), council.id);
  challengeId = challenge.id;
  const rows = await db()
    .insert(ideas)
    .values(Array.from({ length: 30 }, (_, i) => buildIdea(challengeId, author.id, { title: `Idea ${i}`, supportCount: i % 7, publishedAt: new Date(Date.now() - i * 60_000) })))
    .returning({ id: ideas.id });
  topicId = (await db().select({ id: topics.id }).from(topics).limit(1))[0]!.id;
  await createIdeaTopics(db(), rows.map((r) => r.id), [topicId]);
});

const plan = (query: CapturedQuery) => explain(db(), query);

/** Sort nodes of a plan, except over a branch the planner already knows is empty ("One-Time Filter: false"). */
function sorts(planText: string): string[] {
  const lines = planText.split('\n');
  return lines.filter((line, i) => /(^|\s)(Incremental )?Sort\s+\(/.test(line) && !lines.slice(i + 1, i + 6).some((l) => l.includes('One-Time Filter: false')));
}

/** The page's ordered list queries on ideas or challenges (the ones a sort applies to). */
const listQueries = (queries: CapturedQuery[]) =>
  queries.filter((q) => /from "(ideas|challenges)"/i.test(q.sql) && /order by/i.test(q.sql) && /limit/i.test(q.sql) && !/similarity/i.test(q.sql));

describe('list sorts are served by indexes', () => {
  const pages = () => [
    `/challenges/${challengeId}?sort=newest`,
    `/challenges/${challengeId}?sort=supported`,
    `/challenges/${challengeId}?sort=trending`,
    `/challenges/${challengeId}?sort=random&seed=12345`,
    // The status filter, withdrawn ideas and those not taken forward included (the default list leaves them out).
    `/challenges/${challengeId}?status=withdrawn&sort=newest`,
    `/challenges/${challengeId}?status=withdrawn&sort=supported`,
    `/challenges/${challengeId}?status=not_taken_forward&sort=random&seed=12345`,
    `/challenges/${challengeId}?topic=${topicId}&sort=random&seed=12345`,
    `/challenges/${challengeId}?topic=${topicId}&status=submitted&sort=random&seed=12345`,
    `/challenges/${challengeId}?status=shortlisted&sort=trending`,
    '/challenges?sort=newest',
    '/challenges?sort=closing',
    '/challenges?sort=ideas',
  ];

  it('for the challenge page and the directory, first and next pages', async () => {
    const c = new Client(env.app);
    let checked = 0;
    for (const url of pages()) {
      const first = await env.captureQueries(async () => {
        const res = await c.get(url);
        expect(res.status).toBe(200);
        const html = await res.text();
        const next = /href="([^"]*after=[^"#]*)/.exec(html)?.[1]?.replace(/&amp;/g, '&');
        if (next) expect((await c.get(next)).status).toBe(200);
      });
      const lists = listQueries(first);
      expect(lists.length, `no list query seen for ${url}`).toBeGreaterThan(0);
      for (const q of lists) {
        const p = await plan(q);
        expect(sorts(p), `${url}\n${q.sql}\n${p}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(pages().length);
  });
});
