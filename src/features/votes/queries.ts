import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { challengeVoters, challenges, ideas, ideaVotes } from '../../db/schema/index.js';
import { isUuid } from '../../lib/fields.js';
import type { PhaseDates } from '../challenges/index.js';
import { phaseColumns } from '../challenges/index.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import { RELEASED_STATUSES } from './policy.js';
import { afterStamp, stampOf, stampPage } from '../../lib/pagination.js';

// ---- A person's supports (their page) ----

export type SupportedIdea = { ideaId: string; title: string; challengeId: string; challengeTitle: string; supportedAt: Date; setAside: boolean };
export const SUPPORTED_PAGE = 50;

/**
 * The ideas a person supports (ideas withdrawn or not taken forward left out: those supports no
 * longer count),
 * newest support first, keyset-paginated on idea_votes_user_created_idx (user_id, created_at
 * DESC, idea_id). One query per page.
 */
export async function listSupportedIdeas(
  db: Db,
  userId: string,
  opts: { after?: string; limit?: number } = {},
): Promise<{ items: SupportedIdea[]; next: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? SUPPORTED_PAGE, 1), 200);
  if (!isUuid(userId)) return { items: [], next: null };
  const rows = await db
    .select({
      ideaId: ideaVotes.ideaId,
      title: ideas.title,
      challengeId: ideaVotes.challengeId,
      challengeTitle: challenges.title,
      supportedAt: ideaVotes.createdAt,
      setAside: sql<boolean>`${ideaVotes.setAsideId} IS NOT NULL`,
      stamp: stampOf(ideaVotes.createdAt),
    })
    .from(ideaVotes)
    .innerJoin(ideas, eq(ideas.id, ideaVotes.ideaId))
    .innerJoin(challenges, eq(challenges.id, ideaVotes.challengeId))
    .where(
      and(
        eq(ideaVotes.userId, userId),
        notInArray(ideas.status, [...RELEASED_STATUSES]),
        afterStamp(ideaVotes.createdAt, ideaVotes.ideaId, opts.after),
      ),
    )
    .orderBy(desc(ideaVotes.createdAt), asc(ideaVotes.ideaId))
    .limit(limit + 1);
  return stampPage(rows, limit, (r) => r.ideaId);
}

// ---- The viewer's state for a page of vote controls ----

export type ViewerVotes = { supported: Set<string>; setAside: Set<string>; used: number };

/**
 * Which of these ideas the person supports (and which of those supports the council's staff set
 * aside), and the supports they have used in the challenge: ONE query (two index lookups joined
 * by UNION ALL), whatever the number of ideas.
 */
export async function getViewerVotes(db: Db, userId: string, challengeId: string, ideaIds: string[]): Promise<ViewerVotes> {
  const supported = new Set<string>();
  const setAside = new Set<string>();
  if (ideaIds.length === 0) return { supported, setAside, used: 0 };
  const rows = await db
    .select({ ideaId: sql<string | null>`${ideaVotes.ideaId}::text`, used: sql<number>`0`, aside: sql<boolean>`${ideaVotes.setAsideId} IS NOT NULL` })
    .from(ideaVotes)
    .where(and(eq(ideaVotes.userId, userId), inArray(ideaVotes.ideaId, ideaIds)))
    .unionAll(
      db
        .select({ ideaId: sql<string | null>`null::text`, used: challengeVoters.votesUsed, aside: sql<boolean>`false` })
        .from(challengeVoters)
        .where(and(eq(challengeVoters.challengeId, challengeId), eq(challengeVoters.userId, userId))),
    );
  let used = 0;
  for (const r of rows) {
    if (r.ideaId === null) used = Number(r.used);
    else {
      supported.add(r.ideaId);
      if (r.aside) setAside.add(r.ideaId);
    }
  }
  return { supported, setAside, used };
}

// ---- One idea with what voting needs of it and its challenge ----

/** What the vote commands and controls need of a challenge: its phase dates and voting settings. */
export type VoteChallenge = PhaseDates & {
  id: string;
  organisationId: string;
  voteBudget: number;
  selfSupport: boolean;
  hideCounts: boolean;
  responseDays: number | null;
  responseThreshold: number | null;
};
export type VoteIdea = { id: string; title: string; authorId: string | null; status: IdeaStatus; supportCount: number; challengeId: string };
export type VoteTarget = { idea: VoteIdea; challenge: VoteChallenge };

const targetQuery = (db: Db) =>
  db
    .select({
      idea: { id: ideas.id, title: ideas.title, authorId: ideas.authorId, status: ideas.status, supportCount: ideas.supportCount, challengeId: ideas.challengeId, hiddenAt: ideas.hiddenAt },
      challenge: {
        ...phaseColumns,
        id: challenges.id,
        organisationId: challenges.organisationId,
        voteBudget: challenges.voteBudget,
        selfSupport: challenges.selfSupport,
        hideCounts: challenges.hideCounts,
        responseDays: challenges.responseDays,
        responseThreshold: challenges.responseThreshold,
      },
    })
    .from(ideas)
    .innerJoin(challenges, eq(challenges.id, ideas.challengeId))
    .where(eq(ideas.id, sql.placeholder('id')))
    .limit(1)
    .prepare('votes_target');
/** Built once per database: building this select cost a tenth of the server's time per vote. */
const targetQueries = new WeakMap<Db, ReturnType<typeof targetQuery>>();

/**
 * An idea (not a draft, not hidden by the moderators) and its challenge (not a draft), in one
 * query; null when either is missing or hidden. Every vote reads it first: a prepared statement, so PostgreSQL plans it
 * once per connection, and drizzle builds it once.
 */
export async function getVoteTarget(db: Db, ideaId: string): Promise<VoteTarget | null> {
  if (!isUuid(ideaId)) return null;
  let query = targetQueries.get(db);
  if (!query) targetQueries.set(db, (query = targetQuery(db)));
  const [row] = await query.execute({ id: ideaId.toLowerCase() });
  // A draft, or an idea the moderators hid: nobody supports what they cannot see.
  if (!row || row.idea.status === 'draft' || row.idea.hiddenAt !== null || row.challenge.status === 'draft') return null;
  return row;
}

// ---- The other controls a page shows (they re-render with the one acted on) ----

/** At most this many other controls are re-rendered with a vote's answer (a page of cards shows fewer). */
export const SHOWN_MAX = 100;

/**
 * The published ideas of one challenge among `ids` (what a vote control needs of each), in one
 * query on the primary key. Ids of other challenges, drafts and unknown ids are left out.
 */
export async function listVotableIdeas(db: Db, challengeId: string, ids: readonly string[]): Promise<VoteIdea[]> {
  const wanted = [...new Set(ids.map((i) => i.toLowerCase()).filter(isUuid))].slice(0, SHOWN_MAX);
  if (wanted.length === 0) return [];
  return db
    .select({ id: ideas.id, title: ideas.title, authorId: ideas.authorId, status: ideas.status, supportCount: ideas.supportCount, challengeId: ideas.challengeId })
    .from(ideas)
    .where(and(eq(ideas.challengeId, challengeId), inArray(ideas.id, wanted), sql`${ideas.status} <> 'draft'`, isNull(ideas.hiddenAt)));
}
