import type { EventSubscriber } from '../../http/feature.js';
import type { Notice } from '../notifications/index.js';
import { notify } from '../notifications/index.js';

/**
 * An official response tells the idea's author, the idea's followers and the followers of its
 * challenge ("official responses in it"), with the new status when it changed.
 */
export const responseNotifications: EventSubscriber = {
  job: 'responses.notify',
  on: ['idea.respond'],
  handle: (deps) => async (event) => {
    if (event.name !== 'idea.respond' || !event.subjectId) return;
    const { statusTo, challengeId } = event.payload;
    const notice: Notice = statusTo ? { message: 'responses.notify.status', params: { status: `ideas.status.${statusTo}` } } : { message: 'responses.notify.posted' };
    await notify(deps, event, { owners: true, followersOf: [event.subjectId, challengeId], notice: { reply: notice, author: notice, follower: notice } });
  },
};
