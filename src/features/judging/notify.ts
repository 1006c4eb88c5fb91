import { and, eq, isNotNull } from 'drizzle-orm';
import { judgeInvitations, judges, users } from '../../db/schema/index.js';
import type { EventSubscriber } from '../../http/feature.js';
import { notify, type Notice } from '../notifications/index.js';

/**
 * What the judging tells people, through the spine (issue 13, point 8):
 * - a public rubric's change: the challenge's followers (entrants judge whether to submit by it);
 * - an invitation to judge: the account with that confirmed address, if there is one (the mail
 *   goes to the address in any case), opening its Judging area;
 * - a reminder of the judging deadline: the judge (the mail goes too);
 * - an idea shortlisted, found ineligible, or given an award at the announcement: its author;
 * - the results announced, or corrected: the challenge's followers.
 */
export const judgingNotifications: EventSubscriber = {
  job: 'judging.notify',
  on: ['rubric.change', 'judging.invite', 'judging.remind', 'judging.shortlist', 'judging.ineligible', 'judging.awarded', 'judging.announce', 'judging.correct'],
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
      case 'judging.awarded': {
        const { kind, place } = event.payload;
        const notice: Notice = kind === 'place' ? { message: 'judging.notify.awardedPlace', params: { place: place ?? 0 } } : { message: kind === 'people' ? 'judging.notify.awardedPeople' : 'judging.notify.awardedMention' };
        await notify(deps, event, { owners: true, notice: { author: notice } });
        return;
      }
      case 'judging.announce':
      case 'judging.correct': {
        const notice: Notice = { message: event.name === 'judging.announce' ? 'judging.notify.announced' : 'judging.notify.corrected', params: { href: `/challenges/${event.subjectId}/results` } };
        await notify(deps, event, { followersOf: [event.subjectId], notice: { author: notice, follower: notice } });
        return;
      }
    }
  },
};
