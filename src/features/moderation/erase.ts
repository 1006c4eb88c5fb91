import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { moderationItems } from '../../db/schema/index.js';
import { defineJob, type PayloadOf } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import type { Deps } from '../../lib/deps.js';

const DAY = 86_400_000;
/** Items erased per run at most (each in its own short transaction); the next day's run takes the rest. */
export const ERASE_BATCH = 500;

/**
 * Hidden content is kept, word for word, for appeals and lawful requests — then erased: every item
 * still hidden MODERATION_ERASE_DAYS after the decision that hid it loses its words (its kind's
 * `erase`: a comment's text, an idea's title and texts with their earlier versions, a profile's
 * introduction) and its snapshot; the item, its reports and its decisions stay, so the record of
 * what was hidden, under which rule and by whom remains (and the public log's counts with it).
 * An item under appeal is not hidden in this sense (its state is 'appealed'): it waits for the
 * decision. Returns how many items were erased.
 */
export async function eraseHiddenContent(deps: Deps, now: Date): Promise<number> {
  const days = deps.config.eraseDays;
  if (days === 0) return 0;
  const cutoff = new Date(now.getTime() - days * DAY);
  const due = await deps.db
    .select({ id: moderationItems.id, kind: moderationItems.targetKind, targetId: moderationItems.targetId })
    .from(moderationItems)
    .where(and(eq(moderationItems.state, 'hidden'), isNull(moderationItems.erasedAt), lt(moderationItems.decidedAt, cutoff)))
    .orderBy(asc(moderationItems.decidedAt))
    .limit(ERASE_BATCH);
  let erased = 0;
  for (const item of due) {
    await deps.db.transaction(async (tx) => {
      // Still hidden and not erased (a restore or an appeal may have come in since the list was read).
      const [locked] = await tx
        .select({ id: moderationItems.id })
        .from(moderationItems)
        .where(and(eq(moderationItems.id, item.id), eq(moderationItems.state, 'hidden'), isNull(moderationItems.erasedAt)))
        .for('update');
      if (!locked) return;
      await deps.reportables.kind(item.kind)?.erase?.(tx, item.targetId);
      await tx
        .update(moderationItems)
        .set({ snapshot: sql`jsonb_build_object('title', '', 'body', '')`, erasedAt: now })
        .where(eq(moderationItems.id, item.id));
      erased++;
    });
  }
  return erased;
}

/** The erasure as a job (scheduled: no payload); how many goes to the log. */
export const eraseJob = defineJob({
  payload: z.object({}).strict(),
  handle: (deps) => async () => {
    const erased = await eraseHiddenContent(deps, deps.clock.now());
    if (erased) deps.logger.info('moderation: hidden content erased after the retention period', { erased });
  },
});

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'moderation.erase': PayloadOf<typeof eraseJob>;
  }
}

/** Once a day, whatever the number of instances. */
export const ERASE_SCHEDULE: Schedule = { kind: 'moderation.erase', every: 'day' };
