import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import type { IdeaStatus } from '../../../db/schema/ideas.js';
import { countsVotes } from '../policy.js';

/**
 * Keeps the budgets right when an idea changes status: an idea leaving play (withdrawn by its
 * author, or not taken forward by the council) gives each supporter their support back — their
 * votes_used in the challenge goes down by one; an idea the council takes up again after "not
 * taken forward" (only once voting is no longer open: see canChangeIdeaStatus) counts against
 * them again. The vote rows stay either way (the idea's support_count still equals them), so
 * the invariant holds: votes_used = the person's votes on the challenge's ideas whose supports
 * count (countsVotes). The one way both the withdrawal and a status change move budgets.
 *
 * Call it inside the change's transaction, after locking the idea row (lockIdea): vote commands
 * wait on that row (key share) before they touch a voter row of this idea's supporters, and
 * they refuse an idea whose supports no longer count. A move that changes nothing for votes
 * (draft → withdrawn, accepted → shortlisted) issues no statement.
 */
export async function votesFollowStatus(tx: Db, ideaId: string, from: IdeaStatus, to: IdeaStatus): Promise<void> {
  if (countsVotes(from) && !countsVotes(to)) await shiftVotesUsed(tx, ideaId, -1);
  else if (!countsVotes(from) && countsVotes(to) && from !== 'draft') await shiftVotesUsed(tx, ideaId, 1);
}

/**
 * Each supporter's votes_used in the idea's challenge moved by `delta`: one statement, whatever
 * the number of supporters; the voter rows are locked in one fixed order (user_id), so two
 * changes sharing supporters cannot deadlock each other. Taken up again after voting closed, a
 * person's count may exceed the budget: they can support nothing more until it is back below.
 */
async function shiftVotesUsed(tx: Db, ideaId: string, delta: 1 | -1): Promise<void> {
  await tx.execute(sql`
    WITH locked AS (
      SELECT cv.challenge_id, cv.user_id
      FROM challenge_voters cv
      JOIN idea_votes v ON v.challenge_id = cv.challenge_id AND v.user_id = cv.user_id
      WHERE v.idea_id = ${ideaId}::uuid
      ORDER BY cv.user_id
      FOR UPDATE OF cv
    )
    UPDATE challenge_voters SET votes_used = greatest(0, challenge_voters.votes_used + ${delta}::int)
    FROM locked
    WHERE challenge_voters.challenge_id = locked.challenge_id AND challenge_voters.user_id = locked.user_id`);
}
