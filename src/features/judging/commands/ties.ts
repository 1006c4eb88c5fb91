import { tieBreaks } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';
import { ConflictError, InvalidInputError } from '../../../lib/errors.js';
import type { Actor } from '../../../lib/policy.js';
import { loadBoard } from '../board.js';
import type { TieInput } from '../schemas.js';
import { judgingEvent, staffJudging } from './support.js';

/**
 * Break a tie (issue 13, point 5): staff put the tied ideas in order and say why; the record is
 * kept and shown with the results. Who may: staffJudging. The tie is read again under the lock:
 * if its ideas are no longer exactly those tied (a score changed since), ConflictError and
 * nothing is stored. The order must place each tied idea once (InvalidInputError).
 */
export async function breakTie(deps: Deps, actor: Actor, challengeId: string, input: TieInput): Promise<void> {
  await staffJudging(deps, actor, challengeId, async ({ tx, challenge, now, actorId }) => {
    const board = await loadBoard(tx, challenge.id);
    const key = [...input.tie].sort().join();
    const current = board.ties.find((t) => [...t].sort().join() === key);
    if (!current) throw new ConflictError('judging.tie.changed');
    const places = input.tie.map((id) => Number(input[`place-${id}`]));
    if (places.some((p) => !Number.isInteger(p) || p < 1 || p > input.tie.length) || new Set(places).size !== input.tie.length)
      throw new InvalidInputError({ order: 'judging.tie.orderInvalid' });
    const ordered = input.tie.map((id, i) => ({ id, place: places[i]! })).sort((a, b) => a.place - b.place).map((x) => x.id);
    const [row] = await tx.insert(tieBreaks).values({ challengeId: challenge.id, ideaIds: ordered, reason: input.reason, decidedBy: actorId }).returning({ id: tieBreaks.id });
    await judgingEvent(tx, now, actorId, challenge.id, 'judging.tie', { tieBreakId: row!.id, ideaIds: ordered });
  });
}
