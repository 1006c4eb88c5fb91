import type { EventSubscriber } from '../../http/feature.js';
import { notify } from '../notifications/index.js';

/** A change of a public rubric tells the challenge's followers (entrants judge whether to submit by it). */
export const judgingNotifications: EventSubscriber = {
  job: 'judging.notify',
  on: ['rubric.change'],
  handle: (deps) => async (event) => {
    if (event.name !== 'rubric.change' || !event.payload.announced || !event.subjectId) return;
    const notice = { message: 'judging.notify.rubricChanged' } as const;
    await notify(deps, event, { followersOf: [event.subjectId], notice: { author: notice, follower: notice } });
  },
};
