import type { EventSubscriber } from '../../http/feature.js';
import type { MessageKey } from '../../i18n/index.js';
import { notify } from '../notifications/index.js';
import type { Milestone } from './events.js';

const MILESTONE_NOTICE: Record<Milestone, MessageKey> = {
  ideasOpen: 'challenges.notify.ideasOpen',
  votingOpen: 'challenges.notify.votingOpen',
  votingClose: 'challenges.notify.votingClose',
  results: 'challenges.notify.results',
};

/** A challenge's phase changes (its dated milestones, an early close, archiving) tell its followers. */
export const challengeNotifications: EventSubscriber = {
  job: 'challenges.notify',
  on: ['challenge.milestone', 'challenge.close', 'challenge.archive'],
  handle: (deps) => async (event) => {
    if (!event.subjectId) return;
    let message: MessageKey;
    if (event.name === 'challenge.milestone') message = MILESTONE_NOTICE[event.payload.milestone];
    else if (event.name === 'challenge.close') message = 'challenges.notify.closed';
    else if (event.name === 'challenge.archive') message = 'challenges.notify.archived';
    else return;
    const notice = { message };
    await notify(deps, event, { followersOf: [event.subjectId], notice: { reply: notice, author: notice, follower: notice } });
  },
};
