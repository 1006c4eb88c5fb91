/**
 * The vote scenario (one hot idea, every request a different person) and its bare comparison,
 * pgbench running the same row changes straight in PostgreSQL. Used by bench/votes.ts and by the
 * suite (bench/run.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Sql } from 'postgres';
import { SAMPLE_MS } from './load.js';
import { formBody, type Person } from './people.js';

const DAY = 86_400_000;

/**
 * A council and a challenge in its voting phase (budget 5) with `ideas` submitted ideas, straight
 * in the database. Answers the challenge and its ideas' ids.
 */
export async function seedVoteChallenge(sql: Sql, run: string, ideas: number): Promise<{ challengeId: string; ideaIds: string[] }> {
  const now = Date.now();
  const [council] = await sql<{ id: string }[]>`
    INSERT INTO organisations (kind, name, slug, description) VALUES ('council', ${`Bench council ${run}`}, ${`bench-${run}`}, 'Votes benchmark')
    RETURNING id`;
  const [challenge] = await sql<{ id: string }[]>`
    INSERT INTO challenges (organisation_id, status, title, summary, submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, vote_budget, published_at)
    VALUES (${council!.id}, 'published', ${`Bench votes ${run}`}, 'Votes benchmark', ${new Date(now - 20 * DAY)}, ${new Date(now - 2 * DAY)},
            ${new Date(now - DAY)}, ${new Date(now + 7 * DAY)}, 5, ${new Date(now - 20 * DAY)})
    RETURNING id`;
  const rows = await sql<{ id: string }[]>`
    INSERT INTO ideas (challenge_id, status, title, summary, published_at)
    SELECT ${challenge!.id}, 'submitted', 'Bench idea ' || n, 'An idea to vote for', now() FROM generate_series(1, ${ideas}) AS n
    RETURNING id`;
  return { challengeId: challenge!.id, ideaIds: rows.map((r) => r.id) };
}

export type VoteTotals = { rows: number; counts: number; used: number };

/** Vote rows and support counts of these ideas, and the supports used in the challenge. */
export async function voteTotals(sql: Sql, challengeId: string, ideaIds: string[]): Promise<VoteTotals> {
  const [r] = await sql<VoteTotals[]>`
    SELECT (SELECT count(*)::int FROM idea_votes WHERE idea_id = ANY(${ideaIds}::uuid[])) AS rows,
           (SELECT coalesce(sum(support_count), 0)::int FROM ideas WHERE id = ANY(${ideaIds}::uuid[])) AS counts,
           (SELECT coalesce(sum(votes_used), 0)::int FROM challenge_voters WHERE challenge_id = ${challengeId}) AS used`;
  return r!;
}

export type VoteRun = {
  votes: number;
  accepted: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  refused: number;
  errors: number;
};

/**
 * Each request the next person supporting idea `ideaOf(n)`, as the no-JS form posts it (CSRF
 * field, session cookie), accepted when answered 303 (after the vote committed).
 */
export async function castVotes(url: string, people: Person[], ideaOf: (n: number) => string, options: { connections: number; returnTo: string }): Promise<VoteRun> {
  let next = 0;
  const started = performance.now();
  let last = started;
  const result = await autocannon({
    url,
    connections: options.connections,
    amount: people.length,
    timeout: 30,
    sampleInt: SAMPLE_MS,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const n = next++;
          const p = people[n % people.length]!;
          return {
            ...req,
            path: `/ideas/${ideaOf(n)}/support`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, cookie: p.cookie },
            body: formBody({ _csrf: p.csrf, returnTo: options.returnTo }),
          };
        },
        onResponse: () => {
          last = performance.now();
        },
      },
    ],
  });
  // Up to the last answer: autocannon notices that `amount` is reached on a one-second tick only.
  const seconds = (last - started) / 1000;
  const codes = result.statusCodeStats ?? {};
  const accepted = codes['303']?.count ?? 0;
  const refused = Object.entries(codes)
    .filter(([code]) => code !== '303')
    .reduce((a, [, s]) => a + (s.count ?? 0), 0);
  return {
    votes: people.length,
    accepted,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: Math.round(accepted / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused,
    errors: result.errors + result.timeouts,
  };
}

/** "accepted = rows = counts" after a run, from the totals before and after. */
export function voteInvariant(accepted: number, before: VoteTotals, after: VoteTotals, withUsed = true): { ok: boolean; text: string } {
  const added = { rows: after.rows - before.rows, counts: after.counts - before.counts, used: after.used - before.used };
  const ok = added.rows === accepted && added.counts === accepted && (!withUsed || added.used === accepted);
  return {
    ok,
    text: `${ok ? 'ok' : 'BROKEN'}: accepted ${accepted} = rows ${added.rows} = support_count +${added.counts}${withUsed ? ` = votes_used +${added.used}` : ''}`,
  };
}

// ---- pgbench: the same rows, without the application ----

/**
 * The bare comparison of a vote: one statement per transaction that inserts the vote row for the
 * next person (a row of bench_pgbench_voters, numbered by a sequence) and adds one to the idea's
 * counts, as the vote statement does — without the session, CSRF, rate limit, policy read, voter
 * budget row, audit row and page versions the application adds. Prepared (`-M prepared`), like the
 * application's vote statement.
 */
const PGBENCH_SCRIPT = `WITH u AS (SELECT user_id FROM bench_pgbench_voters WHERE n = (SELECT nextval('bench_pgbench_seq'))),
vote AS (INSERT INTO idea_votes (idea_id, user_id, challenge_id) SELECT CAST(:idea AS uuid), u.user_id, CAST(:challenge AS uuid) FROM u RETURNING idea_id)
UPDATE ideas SET support_count = support_count + 1, recent_support = recent_support + 1 FROM vote WHERE ideas.id = vote.idea_id;
`;

/** Makes `people` the voters of the next pgbench run (numbered from 1) and restarts the sequence. */
export async function preparePgbench(sql: Sql, people: Person[]): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS bench_pgbench_voters (n bigint PRIMARY KEY, user_id uuid NOT NULL)`;
  await sql`TRUNCATE bench_pgbench_voters`;
  for (let start = 0; start < people.length; start += 5000) {
    const batch = people.slice(start, start + 5000).map((p, i) => ({ n: start + i + 1, user_id: p.userId }));
    await sql`INSERT INTO bench_pgbench_voters ${sql(batch)}`;
  }
  await sql`DROP SEQUENCE IF EXISTS bench_pgbench_seq`;
  await sql`CREATE SEQUENCE bench_pgbench_seq`;
}

export type PgbenchRun = { transactions: number; failed: number; perSecond: number; p50: number; p99: number; seconds: number };

/** Runs pgbench (the machine's) with the vote script: `transactions` in all, over `clients` connections. */
export async function runPgbench(databaseUrl: string, options: { challengeId: string; ideaId: string; clients: number; transactions: number }): Promise<PgbenchRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-pgbench-'));
  try {
    const script = path.join(dir, 'vote.sql');
    fs.writeFileSync(script, PGBENCH_SCRIPT);
    const perClient = Math.ceil(options.transactions / options.clients);
    const args = [
      '-n', // no vacuum of pgbench's own tables (there are none)
      '-M', 'prepared',
      '-f', script,
      '-c', String(options.clients),
      '-j', String(Math.min(options.clients, os.cpus().length)),
      '-t', String(perClient),
      '-D', `idea=${options.ideaId}`,
      '-D', `challenge=${options.challengeId}`,
      '-l', '--log-prefix', path.join(dir, 'log'),
      databaseUrl,
    ];
    const started = performance.now();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`))));
    });
    const seconds = (performance.now() - started) / 1000;
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
    const processed = /number of transactions actually processed: (\d+)/.exec(out)?.[1];
    const failed = /number of failed transactions: (\d+)/.exec(out)?.[1];
    // Per-transaction log lines: client_id transaction_no latency_us script_no epoch us.
    const latencies: number[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('log')))
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
    return { transactions: Number(processed ?? 0), failed: Number(failed ?? 0), perSecond: Math.round(Number(tps ?? 0)), p50: at(0.5), p99: at(0.99), seconds: Math.round(seconds * 10) / 10 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
