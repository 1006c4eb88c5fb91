import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';

/**
 * Gives back the supports of an idea that is being withdrawn: each supporter's votes_used in the
 * challenge goes down by one. The vote rows stay (the idea's support_count still equals them;
 * they no longer count against anyone's budget), so the invariant holds:
 * votes_used = the person's votes on the challenge's ideas that are not withdrawn.
 *
 * Call it inside the withdrawal's transaction, after locking the idea row and only when the
 * idea was published (a draft has no votes). One statement, whatever the number of supporters;
 * the voter rows are locked in one fixed order (user_id), so two withdrawals sharing supporters
 * cannot deadlock each other, and vote commands wait on the idea row (key share) before they
 * touch a voter row of this idea's supporters.
 */
export async function releaseVotesOfIdea(tx: Db, ideaId: string): Promise<void> {
  await tx.execute(sql`
    WITH locked AS (
      SELECT cv.challenge_id, cv.user_id
      FROM challenge_voters cv
      JOIN idea_votes v ON v.challenge_id = cv.challenge_id AND v.user_id = cv.user_id
      WHERE v.idea_id = ${ideaId}::uuid
      ORDER BY cv.user_id
      FOR UPDATE OF cv
    )
    UPDATE challenge_voters SET votes_used = greatest(0, challenge_voters.votes_used - 1)
    FROM locked
    WHERE challenge_voters.challenge_id = locked.challenge_id AND challenge_voters.user_id = locked.user_id`);
}
