import { and, eq, isNotNull } from 'drizzle-orm';
import { judgeInvitations, judges, users } from '../../db/schema/index.js';
import type { EventSubscriber } from '../../http/feature.js';
import { notify } from '../notifications/index.js';

/**
 * What the judging tells people, through the spine (issue 13, point 8):
 * - a public rubric's change: the challenge's followers (entrants judge whether to submit by it);
 * - an invitation to judge: the account with that confirmed address, if there is one (the mail
 *   goes to the address in any case), opening its Judging area;
 * - a reminder of the judging deadline: the judge (the mail goes too);
 * - an idea shortlisted, or found ineligible: its author.
 */
export const judgingNotifications: EventSubscriber = {
  job: 'judging.notify',
  on: ['rubric.change', 'judging.invite', 'judging.remind', 'judging.shortlist', 'judging.ineligible'],
  handle: (deps) => async (event) => {
    if (!event.subjectId) return;
    switch (event.name) {
      case 'rubric.change': {
        if (!event.payload.announced) return;
        const notice = { message: 'judging.notify.rubricChanged' } as const;
        await notify(deps, event, { followersOf: [event.subjectId], notice: { author: notice, follower: notice } });
        return;
      }
      case 'judging.invite': {
        const [invitee] = await deps.db
          .select({ id: users.id })
          .from(judgeInvitations)
          .innerJoin(users, and(eq(users.email, judgeInvitations.email), isNotNull(users.emailVerifiedAt)))
          .where(eq(judgeInvitations.id, event.payload.invitationId))
          .limit(1);
        if (invitee) await notify(deps, event, { people: [{ userId: invitee.id, reason: 'judging' }], notice: { judging: { message: 'judging.notify.invited', params: { href: '/judging' } } } });
        return;
      }
      case 'judging.remind': {
        const [judge] = await deps.db.select({ userId: judges.userId }).from(judges).where(eq(judges.id, event.payload.judgeId)).limit(1);
        if (judge) await notify(deps, event, { people: [{ userId: judge.userId, reason: 'judging' }], notice: { judging: { message: 'judging.notify.reminder', params: { count: event.payload.left, href: `/judging/${event.subjectId}` } } } });
        return;
      }
      case 'judging.shortlist':
        await notify(deps, event, { owners: true, notice: { author: { message: 'judging.notify.shortlisted' } } });
        return;
      case 'judging.ineligible':
        await notify(deps, event, { owners: true, notice: { author: { message: 'judging.notify.ineligible' } } });
        return;
    }
  },
};
