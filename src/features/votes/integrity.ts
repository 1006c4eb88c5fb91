import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { rawRows, type Db } from '../../db/client.js';
import { challenges, ideas, ideaVotes, voteSetAsides, SET_ASIDE_SIGNALS, type SetAsideSignal } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';

/**
 * Vote integrity (docs/decisions/0059-…): what the anomaly report finds in a challenge's supports,
 * for its council's staff, and what the public and each affected person see once supports were
 * set aside. Every signal groups the supports of ONE idea that are not set aside yet; a group is
 * reported from GROUP_MIN supports on. The same SQL picks a group's supports for the report and
 * for setting them aside (SIGNALS, read by findAnomalies and lockGroup), so staff set aside exactly
 * what they were shown.
 */

/** The fewest supports of one idea that make a group worth a look. */
export const GROUP_MIN = 5;
/** The most groups the report lists (the largest first). */
export const GROUPS_SHOWN = 100;

export { SET_ASIDE_SIGNALS, type SetAsideSignal };

/**
 * The supports a report looks at: the challenge's (or one idea's) supports not set aside, with
 * their supporter's creation date (`joined`). Every signal reads these rows as `s`.
 */
const supportsOf = (challengeId: string, ideaId?: string) => sql`
  SELECT v.idea_id, v.user_id, v.created_at, v.network, v.agent, u.created_at AS joined
  FROM idea_votes AS v JOIN users AS u ON u.id = v.user_id
  WHERE v.challenge_id = ${challengeId}::uuid AND v.set_aside_id IS NULL${ideaId ? sql` AND v.idea_id = ${ideaId}::uuid` : sql``}`;

/**
 * Each signal: the key its supports share (one idea's supports are grouped by it), which supports
 * it looks at, and what else a group must show to be reported (`having`, over the whole report's
 * rows: `agents` counts each browser string's supports in the challenge).
 * - burst: accounts created the same day (UTC) that supported within a day of their creation;
 * - network: the same network (the keyed hash of the /24 or /48, origin.ts);
 * - agent: the same User-Agent string (keyed hash), when most of that string's supports in the
 *   challenge went to this idea — a common browser's supports spread over every idea, a
 *   script's gather on one;
 * - single: accounts whose only support, anywhere on the platform, is this idea.
 */
const SIGNALS: Record<SetAsideSignal, { key: SQL; where: SQL; having?: SQL }> = {
  burst: { key: sql`to_char(s.joined AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, where: sql`s.created_at < s.joined + interval '1 day'` },
  network: { key: sql`s.network`, where: sql`s.network IS NOT NULL` },
  agent: { key: sql`s.agent`, where: sql`s.agent IS NOT NULL`, having: sql`count(*) * 2 > (SELECT a.n FROM agents AS a WHERE a.agent = s.agent)` },
  single: { key: sql`''`, where: sql`NOT EXISTS (SELECT 1 FROM idea_votes AS o WHERE o.user_id = s.user_id AND o.idea_id <> s.idea_id)` },
};

/** One group of supports the report shows. */
export type AnomalyGroup = {
  signal: SetAsideSignal;
  ideaId: string;
  ideaTitle: string;
  /** What the supports share (a day, or a hash's first characters; empty for `single`). */
  key: string;
  supports: number;
  /** The idea's supports counted now (the group's share of them). */
  ideaSupports: number;
  firstAt: Date;
  lastAt: Date;
};

/**
 * The challenge's anomaly groups, the largest first: ONE statement — the challenge's supports
 * read once (idea_votes_challenge_user_idx, joined to their accounts), then grouped four ways by
 * idea and each signal's key, with the idea's title and count. A staff page: bounded by one
 * challenge's supports, not by the platform's (about 150 ms at 120,000 supports: bench/README.md).
 */
export async function findAnomalies(db: Db, challengeId: string): Promise<AnomalyGroup[]> {
  const parts = SET_ASIDE_SIGNALS.map((signal) => {
    const { key, where, having } = SIGNALS[signal];
    return sql`
      SELECT ${signal}::text AS signal, s.idea_id, ${key} AS key, count(*)::int AS supports, min(s.created_at) AS first_at, max(s.created_at) AS last_at
      FROM s WHERE ${where}
      GROUP BY s.idea_id, 3 HAVING count(*) >= ${GROUP_MIN}::int${having ? sql` AND ${having}` : sql``}`;
  });
  const rows = await rawRows<{ signal: SetAsideSignal; idea_id: string; title: string; key: string; supports: number; support_count: number; first_at: string | Date; last_at: string | Date }>(
    db,
    sql`
      WITH s AS MATERIALIZED (${supportsOf(challengeId)}),
      agents AS MATERIALIZED (SELECT s.agent, count(*) AS n FROM s WHERE s.agent IS NOT NULL GROUP BY s.agent)
      SELECT g.signal, g.idea_id, i.title, g.key, g.supports, i.support_count, g.first_at, g.last_at
      FROM (${sql.join(parts, sql` UNION ALL `)}) AS g JOIN ideas AS i ON i.id = g.idea_id
      ORDER BY g.supports DESC, g.signal, g.idea_id, g.key
      LIMIT ${GROUPS_SHOWN}::int`,
  );
  return rows.map((r) => ({
    signal: r.signal,
    ideaId: r.idea_id,
    ideaTitle: r.title,
    key: r.key,
    supports: Number(r.supports),
    ideaSupports: Number(r.support_count),
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
  }));
}

/** A group as staff chose it: the report's signal, idea and key, and the number of supports it showed. */
export type ChosenGroup = { signal: SetAsideSignal; ideaId: string; key: string; supports: number };

/**
 * The supports of one group now (not set aside), locked until the transaction ends: the
 * set-aside command's selection, with the report's own rows and predicate.
 */
export async function lockGroup(tx: Db, challengeId: string, g: ChosenGroup): Promise<{ ideaId: string; userId: string }[]> {
  if (!isUuid(g.ideaId)) return [];
  const { key, where } = SIGNALS[g.signal];
  const rows = await rawRows<{ idea_id: string; user_id: string }>(
    tx,
    sql`
      SELECT v.idea_id, v.user_id FROM idea_votes AS v
      WHERE v.idea_id = ${g.ideaId}::uuid AND v.user_id IN (SELECT s.user_id FROM (${supportsOf(challengeId, g.ideaId)}) AS s WHERE ${where} AND ${key} = ${g.key})
      ORDER BY v.user_id
      FOR UPDATE OF v`,
  );
  return rows.map((r) => ({ ideaId: r.idea_id, userId: r.user_id }));
}

/** What the public sees once voting has closed: supports received, set aside, and why. */
export type IntegritySummary = {
  /** Supports counted (the ideas' counts) plus those set aside. */
  received: number;
  setAside: number;
  decisions: { signal: SetAsideSignal; reason: string; supports: number; at: Date }[];
};

/** The most set-aside decisions the summary lists (the newest first). */
export const SUMMARY_DECISIONS = 20;

/** The challenge's integrity summary: two queries (the counts; the decisions), whatever its size. */
export async function integritySummary(db: Db, challengeId: string): Promise<IntegritySummary> {
  const [counts] = await db
    .select({
      counted: sql<number>`coalesce((SELECT sum(${ideas.supportCount}) FROM ${ideas} WHERE ${ideas.challengeId} = ${challengeId}::uuid), 0)::int`,
      setAside: sql<number>`coalesce((SELECT sum(s.supports) FROM vote_set_asides AS s WHERE s.challenge_id = ${challengeId}::uuid), 0)::int`,
    })
    .from(challenges)
    .where(eq(challenges.id, challengeId));
  const decisions = await db
    .select({ signal: voteSetAsides.signal, reason: voteSetAsides.reason, supports: voteSetAsides.supports, at: voteSetAsides.createdAt })
    .from(voteSetAsides)
    .where(eq(voteSetAsides.challengeId, challengeId))
    .orderBy(desc(voteSetAsides.createdAt))
    .limit(SUMMARY_DECISIONS);
  const setAside = Number(counts?.setAside ?? 0);
  return { received: Number(counts?.counted ?? 0) + setAside, setAside, decisions };
}

/** A support of this person the council's staff set aside, and why (shown on their own page only). */
export type SetAsideSupport = { ideaId: string; title: string; challengeId: string; challengeTitle: string; at: Date; reason: string };
export const SET_ASIDE_SHOWN = 20;

/** The person's supports set aside, the newest decision first (at most SET_ASIDE_SHOWN): one query. */
export async function listSetAsideSupports(db: Db, userId: string): Promise<SetAsideSupport[]> {
  if (!isUuid(userId)) return [];
  return db
    .select({ ideaId: ideas.id, title: ideas.title, challengeId: challenges.id, challengeTitle: challenges.title, at: voteSetAsides.createdAt, reason: voteSetAsides.reason })
    .from(ideaVotes)
    .innerJoin(voteSetAsides, eq(voteSetAsides.id, ideaVotes.setAsideId))
    .innerJoin(ideas, eq(ideas.id, ideaVotes.ideaId))
    .innerJoin(challenges, eq(challenges.id, ideaVotes.challengeId))
    .where(and(eq(ideaVotes.userId, userId), sql`${ideaVotes.setAsideId} IS NOT NULL`))
    .orderBy(desc(voteSetAsides.createdAt), ideas.id)
    .limit(SET_ASIDE_SHOWN);
}
