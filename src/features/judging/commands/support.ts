import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { judgingSettings } from '../../../db/schema/index.js';
import { recordEvent, type EventName, type EventPayloads } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { pageScope } from '../../../lib/page-versions.js';
import type { Actor } from '../../../lib/policy.js';
import { lockChallenge } from '../../challenges/index.js';
import { canChangeJudging, canChangeResults, type JudgingState } from '../policy.js';
import { getState } from '../queries.js';

export type LockedChallenge = Awaited<ReturnType<typeof lockChallenge>>['challenge'];
export type StaffContext = { tx: Db; challenge: LockedChallenge; state: JudgingState; now: Date; actorId: string };

/**
 * Every staff change of a challenge's judging goes through here: one transaction with the
 * challenge's row locked (two staff acting at once take turns, and each sees the other's change),
 * canChangeJudging (the council's staff or an admin; published; not yet announced) — or, for the
 * results (`rule` 'results'), canChangeResults (after the announcement too) — then the change.
 */
export async function staffJudging<T>(deps: Deps, actor: Actor, challengeId: string, change: (ctx: StaffContext) => Promise<T>, rule: 'judging' | 'results' = 'judging'): Promise<T> {
  if (!isUuid(challengeId)) throw new NotFoundError('challenge');
  return deps.db.transaction(async (tx) => {
    const { challenge, membership } = await lockChallenge(tx, challengeId.toLowerCase(), actor);
    const state = await getState(tx, challenge.id);
    const decision = rule === 'judging' ? canChangeJudging(actor, challenge, membership, state) : canChangeResults(actor, challenge, membership);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    return change({ tx, challenge, state, now: deps.clock.now(), actorId: actor!.id });
  });
}

/**
 * A judging action's typed event, on the challenge (its subject): the audit record of who did
 * what when. It bumps the challenge's judging scope (the scoreboard's cache); `pages`: what else it
 * changes on public pages (most change none before the announcement).
 */
export function judgingEvent<N extends EventName>(
  tx: Db,
  now: Date,
  actorId: string,
  challengeId: string,
  name: N,
  payload: EventPayloads[N],
  entity: { type: string; id: string } = { type: 'challenge', id: challengeId },
  pages: readonly string[] = [],
): Promise<number> {
  return recordEvent(tx, { actorId, name, entityType: entity.type, entityId: entity.id, subjectId: challengeId, payload, pages: [pageScope.judging(challengeId), ...pages] }, now);
}

/** The challenge's judging row, created with the defaults when missing, then changed. */
export async function updateSettings(tx: Db, challengeId: string, values: Partial<typeof judgingSettings.$inferInsert>): Promise<void> {
  await tx
    .insert(judgingSettings)
    .values({ challengeId, ...values })
    .onConflictDoUpdate({ target: judgingSettings.challengeId, set: { ...values, updatedAt: sql`now()` } });
}



