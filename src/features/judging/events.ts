import type { SubscriberPayload } from '../../jobs/events.js';

/** The events the judging commands record (subject: the challenge). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    /** `announced`: the rubric was public when it changed (a reason was given, followers are told). */
    'rubric.change': { action: 'add' | 'edit' | 'remove' | 'method'; criterionId: string | null; announced: boolean };
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'judging.notify': SubscriberPayload;
  }
}
export {};
