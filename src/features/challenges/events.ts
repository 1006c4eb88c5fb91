import type { NoPayload, SubscriberPayload } from '../../jobs/events.js';

/** A dated moment of a challenge that changes what people can do (recorded once each, src/features/challenges/milestones.ts). */
export type Milestone = 'ideasOpen' | 'votingOpen' | 'votingClose' | 'results';

/** The events the challenge commands and the milestone job record (subject: the challenge). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'challenge.create': { organisationId: string };
    'challenge.update': { fields: string[] };
    'challenge.publish': NoPayload;
    'challenge.close': NoPayload;
    'challenge.archive': NoPayload;
    'challenge.milestone': { milestone: Milestone };
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'challenges.notify': SubscriberPayload;
  }
}
