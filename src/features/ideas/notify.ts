import type { EventSubscriber } from '../../http/feature.js';
import { notify } from '../notifications/index.js';

/** A withdrawal tells the idea's followers (its author did it). */
export const ideaNotifications: EventSubscriber = {
  job: 'ideas.notify',
  on: ['idea.withdraw'],
  handle: (deps) => async (event) => {
    if (event.name !== 'idea.withdraw' || !event.subjectId) return;
    const notice = { message: 'ideas.notify.withdrawn' } as const;
    await notify(deps, event, { followersOf: [event.subjectId], notice: { reply: notice, author: notice, follower: notice } });
  },
};
