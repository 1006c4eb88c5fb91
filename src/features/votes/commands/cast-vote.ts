import { and, eq, sql } from 'drizzle-orm';
import { ideaVotes } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { challengePhase } from '../../challenges/index.js';
import { canSupport } from '../policy.js';
import { getVoteTarget } from '../queries.js';
import { isUniqueViolation } from '../../../lib/db-errors.js';
import { currentCounts, leftPlayReason, type VoteOutcome } from './support.js';
import { supportInTurn, type SupportRow } from './support-in-turn.js';
import type { VoteOrigin } from '../origin.js';

/**
 * Support an idea.
 * Who may: canSupport — a verified person, while the challenge's voting is open, on a published
 * idea that is not their own unless the challenge allows it, within their vote budget.
 * Invariants: one vote row per (idea, person) — the primary key; challenge_voters.votes_used =
 * the person's votes on the challenge's ideas whose supports count (countsVotes), never above the budget;
 * ideas.support_count = its vote rows; recent_support +1; response_due_at set when the count
 * first reaches the challenge's response threshold, the challenge's response days from the
 * clock's now (a deadline people are shown and pages compare with the clock, like every other
 * domain date; the vote row's created_at stays on the database's clock); an audit row ('idea.support').
 *
 * The writing is one statement, shared with the other supports of the idea that arrive meanwhile
 * (supportInTurn, which says why). A vote's row is the primary key: two identical requests at
 * once both pass the "not already there" test; the second then fails on the key, which aborts its
 * statement: it is answered as a repeat.
 * A repeat is answered with the current state and writes nothing; a support the council's staff
 * set aside is refused (it cannot be given again).
 * `origin` is where the request came from, as hashes (origin.ts), kept with the vote.
 * Throws: NotFoundError (no such idea, a draft, a draft challenge), ForbiddenError(reason).
 */
export async function castVote(deps: Deps, actor: Actor, ideaId: string, origin: VoteOrigin): Promise<VoteOutcome> {
  if (!actor) throw new ForbiddenError('votes.policy.signIn');
  const { db } = deps;
  const target = await getVoteTarget(db, ideaId);
  if (!target) throw new NotFoundError('idea');
  const { idea, challenge } = target;
  const now = deps.clock.now();
  // The budget is enforced by the voter row's update below (race-free); here it only refuses a zero budget.
  const decision = canSupport(actor, idea, { phase: challengePhase(challenge, now), selfSupport: challenge.selfSupport }, 0, challenge.voteBudget);
  if (!decision.ok) throw new ForbiddenError(decision.reason);

  const repeat = () => currentCounts(db, idea.id, challenge.id, actor.id).then((c) => ({ target, supported: true, ...c, changed: false }));
  let row: SupportRow;
  try {
    row = await supportInTurn(db, { ideaId: idea.id, challengeId: challenge.id, budget: challenge.voteBudget, threshold: challenge.responseThreshold, days: challenge.responseDays }, actor.id, origin, now);
  } catch (err) {
    if (isUniqueViolation(err)) return repeat(); // the same support, committed by a request running alongside
    throw err;
  }
  if (row.counted) return { target, supported: true, count: Number(row.count), used: Number(row.used), changed: true };
  if (!row.open) throw new ForbiddenError(await leftPlayReason(db, idea.id));
  if (row.aside) throw new ForbiddenError('votes.policy.setAside');
  if (row.already) return repeat();
  // No budget left — unless the same support committed alongside (this statement's snapshot predates it).
  const [again] = await db.select({ n: sql<number>`1` }).from(ideaVotes).where(and(eq(ideaVotes.ideaId, idea.id), eq(ideaVotes.userId, actor.id))).limit(1);
  if (again) return repeat();
  throw new ForbiddenError('votes.policy.budgetSpent');
}
