import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { rowsPrepared } from '../../../db/prepared.js';
import { isDeadlock, isUniqueViolation } from '../../../lib/db-errors.js';
import { bumpedHere, textArray } from '../../../lib/page-versions.js';
import { LIVE, votePages } from './support.js';
import type { VoteOrigin } from '../origin.js';

/** The idea a support is for, and the challenge's settings the statement applies. */
export type SupportTarget = { ideaId: string; challengeId: string; budget: number; threshold: number | null; days: number | null };

/** What the support statement answers for one person. */
export type SupportRow = {
  userId: string;
  /** The idea's supports still count (it was not withdrawn or not taken forward meanwhile). */
  open: boolean;
  /** The person's vote was already there. */
  already: boolean;
  /** … and the council's staff set it aside (it stays, uncounted: it cannot be given again). */
  aside: boolean;
  /** The vote was written, and counted. */
  counted: boolean;
  /** The person's supports used in the challenge, when counted. */
  used: number | null;
  /** The idea's support count after the statement, when any vote was counted. */
  count: number | null;
};

/** The most supports of one idea written by one statement. */
const MOST = 200;

type Ask = { userId: string; origin: VoteOrigin; now: Date; settle: (row: SupportRow) => void; fail: (err: unknown) => void };
type Line = { busy: boolean; asks: Ask[] };

/** Per database, the supports waiting for each idea (and challenge settings) while one statement runs. */
const lines = new WeakMap<Db, Map<string, Line>>();

/**
 * Writes one person's support of an idea, in turn with everyone else's on the same idea: the
 * supports of one idea go one statement at a time from this process, and those that arrive while
 * one runs go together in the next, at most MOST of them (docs/decisions/0056-…). Every vote
 * updates the idea's row, whose lock PostgreSQL holds until the commit is flushed to disk, so one
 * idea took one commit at a time, whatever the number of connections: about 300 a second on a
 * disk whose flush takes 3 ms. In turn, a flush carries every support that arrived meanwhile, and
 * each is still answered only once its commit is durable. A quiet idea waits for nothing: the
 * first support goes at once, alone.
 *
 * A statement that fails as a whole because another process wrote one of its votes first (a
 * unique violation) or deadlocked is run again one support at a time, so that each person gets
 * the answer a statement of their own would give. Any other failure fails every support in it.
 */
export function supportInTurn(db: Db, target: SupportTarget, userId: string, origin: VoteOrigin, now: Date): Promise<SupportRow> {
  let byIdea = lines.get(db);
  if (!byIdea) lines.set(db, (byIdea = new Map()));
  const key = `${target.ideaId} ${target.challengeId} ${target.budget} ${target.threshold} ${target.days}`;
  let line = byIdea.get(key);
  if (!line) byIdea.set(key, (line = { busy: false, asks: [] }));
  const answer = new Promise<SupportRow>((settle, fail) => line.asks.push({ userId, origin, now, settle, fail }));
  if (!line.busy) void drain(byIdea, key, line, db, target);
  return answer;
}

async function drain(byIdea: Map<string, Line>, key: string, line: Line, db: Db, target: SupportTarget): Promise<void> {
  line.busy = true;
  try {
    while (line.asks.length > 0) {
      // Each person at most once per statement (a second click waits for the next, which finds the vote there).
      const taken: Ask[] = [];
      const left: Ask[] = [];
      const people = new Set<string>();
      for (const ask of line.asks) {
        if (taken.length < MOST && !people.has(ask.userId)) {
          people.add(ask.userId);
          taken.push(ask);
        } else left.push(ask);
      }
      line.asks = left;
      await runTogether(db, target, taken);
    }
  } finally {
    line.busy = false;
    byIdea.delete(key);
  }
}

async function runTogether(db: Db, target: SupportTarget, asks: Ask[]): Promise<void> {
  let rows: SupportRow[];
  try {
    rows = await supportStatement(db, target, asks, asks[0]!.now);
  } catch (err) {
    if (asks.length > 1 && (isUniqueViolation(err) || isDeadlock(err))) {
      for (const ask of asks) await runTogether(db, target, [ask]);
    } else for (const ask of asks) ask.fail(err);
    return;
  }
  if (rows.some((r) => r.counted)) bumpedHere(votePages(target.ideaId, target.challengeId)); // the statement bumped the table (its `pages`)
  const byPerson = new Map(rows.map((r) => [r.userId, r]));
  for (const ask of asks) {
    const row = byPerson.get(ask.userId);
    if (row) ask.settle(row);
    else ask.fail(new Error(`the support statement answered nothing for ${ask.userId}`));
  }
}

/**
 * The supports of several people (distinct) for one idea: ONE statement (data-modifying CTEs), so
 * one implicit transaction that commits inside the server — the idea row stays locked for the
 * statement only, never across a round trip to this process. In order:
 *  - target: the idea, if its supports still count, FOR KEY SHARE — a concurrent withdrawal or
 *    "not taken forward" of the idea (FOR UPDATE) waits for this statement, or this one sees the
 *    idea out of play and writes nothing;
 *  - voter: each person's challenge_voters row +1, only while below the budget (its row lock
 *    serialises one person's concurrent supports) and only if the vote is not already there;
 *    the rows are taken in the order of the people's ids, the same in every statement, so two
 *    statements for two ideas of one challenge cannot deadlock on them;
 *  - vote: the row, with the person's origin (hashes of network and browser: origin.ts), only
 *    when the voter row was counted. Two identical requests at once both
 *    pass the "not already there" test; the second then fails on the primary key, which aborts
 *    its whole statement (its +1 included);
 *  - idea: the counts, plus the votes inserted; response_due_at set when the count first reaches
 *    the challenge's response threshold (`now` + the response days); audit: a row per vote;
 *    pages: the idea's and its challenge's orders by support bumped (src/lib/page-versions.ts).
 */
async function supportStatement(db: Db, target: SupportTarget, asks: readonly Pick<Ask, 'userId' | 'origin'>[], now: Date): Promise<SupportRow[]> {
  const { ideaId, challengeId, budget, threshold, days } = target;
  const due =
    threshold !== null && days !== null
      ? sql`CASE WHEN i.response_due_at IS NULL AND i.responded_at IS NULL AND i.support_count + added.n >= ${threshold}::int
                 THEN ${now.toISOString()}::timestamptz + ${days}::int * interval '1 day' ELSE i.response_due_at END`
      : sql`i.response_due_at`;
  const sorted = [...asks].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  // Array literals: uuids, and the origins' hashes (base64url: nothing to quote) or NULL.
  const list = (values: (string | null)[]) => `{${values.map((v) => v ?? 'NULL').join(',')}}`;
  const people = list(sorted.map((a) => a.userId));
  const networks = list(sorted.map((a) => a.origin.network));
  const agents = list(sorted.map((a) => a.origin.agent));
  return rowsPrepared<SupportRow>(
    db,
    'votes_support',
    sql`
      WITH ask AS (
        SELECT * FROM unnest(${people}::uuid[], ${networks}::text[], ${agents}::text[]) AS a(user_id, network, agent)
      ), target AS (
        SELECT id FROM ideas WHERE id = ${ideaId}::uuid AND status NOT IN ${LIVE} FOR KEY SHARE
      ), voter AS (
        INSERT INTO challenge_voters AS cv (challenge_id, user_id, votes_used)
        SELECT ${challengeId}::uuid, ask.user_id, 1 FROM ask, target
        WHERE NOT EXISTS (SELECT 1 FROM idea_votes AS v WHERE v.idea_id = ${ideaId}::uuid AND v.user_id = ask.user_id)
        ORDER BY ask.user_id
        ON CONFLICT (challenge_id, user_id) DO UPDATE SET votes_used = cv.votes_used + 1 WHERE cv.votes_used < ${budget}::int
        RETURNING cv.user_id, cv.votes_used
      ), vote AS (
        INSERT INTO idea_votes (idea_id, user_id, challenge_id, network, agent)
        SELECT ${ideaId}::uuid, voter.user_id, ${challengeId}::uuid, ask.network, ask.agent FROM voter JOIN ask ON ask.user_id = voter.user_id ORDER BY voter.user_id
        RETURNING user_id
      ), audit AS (
        INSERT INTO events (actor_id, name, entity_type, entity_id, subject_id, payload)
        SELECT vote.user_id, 'idea.support', 'idea', ${ideaId}, ${ideaId}::uuid, ${JSON.stringify({ challengeId })}::jsonb FROM vote
      ), added AS (
        SELECT count(*)::int AS n FROM vote
      ), idea AS (
        UPDATE ideas AS i SET support_count = i.support_count + added.n, recent_support = i.recent_support + added.n, response_due_at = ${due}
        FROM added WHERE i.id = ${ideaId}::uuid AND added.n > 0
        RETURNING i.support_count
      ), pages AS (
        INSERT INTO page_versions (key, version)
        SELECT k, 1 FROM idea, unnest(${textArray(votePages(ideaId, challengeId))}::text[]) AS k ORDER BY k
        ON CONFLICT (key) DO UPDATE SET version = page_versions.version + 1
      )
      SELECT ask.user_id::text AS "userId",
             EXISTS (SELECT 1 FROM target) AS open,
             EXISTS (SELECT 1 FROM idea_votes AS v WHERE v.idea_id = ${ideaId}::uuid AND v.user_id = ask.user_id) AS already,
             EXISTS (SELECT 1 FROM idea_votes AS v WHERE v.idea_id = ${ideaId}::uuid AND v.user_id = ask.user_id AND v.set_aside_id IS NOT NULL) AS aside,
             EXISTS (SELECT 1 FROM vote WHERE vote.user_id = ask.user_id) AS counted,
             (SELECT voter.votes_used FROM voter WHERE voter.user_id = ask.user_id) AS used,
             (SELECT support_count FROM idea) AS count
      FROM ask`,
  );
}
