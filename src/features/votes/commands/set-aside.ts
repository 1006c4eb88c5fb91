import { eq, sql } from 'drizzle-orm';
import { challenges, voteSetAsides } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import type { Actor } from '../../../lib/policy.js';
import { getMembership } from '../../organisations/index.js';
import { lockGroup } from '../integrity.js';
import { canSetAside } from '../policy.js';
import type { SetAsideInput } from '../schemas.js';
import { TRENDING_DAYS } from '../trending.js';

/**
 * Set aside the supports of the groups staff ticked in the anomaly report, with a reason.
 * Who may: canSetAside — the challenge's council staff or a platform admin, unless archived.
 * Invariants, in one transaction with the challenge row locked (one set-aside at a time per
 * challenge):
 * - each group's supports are picked again with the report's own predicate and locked; a group
 *   whose number changed since the report was shown refuses the whole request (ConflictError:
 *   staff decide on what they saw, nothing is changed);
 * - one vote_set_asides row per group (its signal, the reason, how many); a support in two
 *   groups goes to the first (a group left with none records nothing);
 * - the supports stay as rows, marked: the ideas' support_count (and recent_support for the
 *   trending window) go down by as many — accepted = rows not set aside = counts, the
 *   reconciliation's invariant — while the voters' votes_used do not: the supports were judged
 *   invalid, they are not given back to spend again;
 * - the event 'votes.setAside' on the challenge, and the pages that show the counts.
 * Nobody is notified: each affected person sees it on their own page, and the public the
 * challenge's integrity summary once voting has closed.
 * Throws: NotFoundError, ForbiddenError(reason), ConflictError('votes.integrity.changed').
 */
export async function setAsideSupports(deps: Deps, actor: Actor, challengeId: string, input: SetAsideInput): Promise<{ supports: number }> {
  if (!isUuid(challengeId)) throw new NotFoundError('challenge');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [challenge] = await tx
      .select({ id: challenges.id, organisationId: challenges.organisationId, status: challenges.status })
      .from(challenges)
      .where(eq(challenges.id, challengeId.toLowerCase()))
      .for('update');
    if (!challenge || challenge.status === 'draft') throw new NotFoundError('challenge');
    const decision = canSetAside(actor, challenge, await getMembership(tx, challenge.organisationId, actor?.id));
    if (!decision.ok) throw new ForbiddenError(decision.reason);

    const picked = [];
    for (const group of input.group) {
      const votes = await lockGroup(tx, challenge.id, group);
      if (votes.length !== group.supports) throw new ConflictError('votes.integrity.changed');
      picked.push({ group, votes });
    }

    const ids: string[] = [];
    const ideaIds = new Set<string>();
    const taken = new Set<string>();
    let supports = 0;
    for (const { group, votes } of picked) {
      const mine = votes.filter((v) => !taken.has(`${v.ideaId} ${v.userId}`));
      if (mine.length === 0) continue;
      for (const v of mine) taken.add(`${v.ideaId} ${v.userId}`);
      const [row] = await tx
        .insert(voteSetAsides)
        .values({ challengeId: challenge.id, signal: group.signal, reason: input.reason, supports: mine.length, decidedBy: actor!.id, createdAt: now })
        .returning({ id: voteSetAsides.id });
      // The rows are locked (lockGroup): exactly these are marked. Then their idea's counts.
      await tx.execute(sql`
        WITH marked AS (
          UPDATE idea_votes AS v SET set_aside_id = ${row!.id}::uuid
          WHERE v.idea_id = ${group.ideaId}::uuid AND v.user_id = ANY(${`{${mine.map((v) => v.userId).join(',')}}`}::uuid[]) AND v.set_aside_id IS NULL
          RETURNING v.created_at > now() - ${TRENDING_DAYS}::int * interval '1 day' AS recent
        ), counted AS (
          SELECT count(*)::int AS n, count(*) FILTER (WHERE recent)::int AS recent FROM marked
        )
        UPDATE ideas AS i SET support_count = greatest(0, i.support_count - counted.n), recent_support = greatest(0, i.recent_support - counted.recent)
        FROM counted WHERE i.id = ${group.ideaId}::uuid`);
      supports += mine.length;
      ids.push(row!.id);
      ideaIds.add(group.ideaId);
    }

    await recordEvent(
      tx,
      {
        actorId: actor!.id,
        name: 'votes.setAside',
        entityType: 'challenge',
        entityId: challenge.id,
        subjectId: challenge.id,
        payload: { setAsideIds: ids, supports, signals: [...new Set(input.group.map((g) => g.signal))] },
        pages: [pageScope.subject(challenge.id), pageScope.ranking(challenge.id), ...[...ideaIds].map((id) => pageScope.subject(id))],
      },
      now,
    );
    return { supports };
  });
}
