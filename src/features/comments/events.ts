import type { NoPayload, SubscriberPayload } from '../../jobs/events.js';

/** The events the comment commands record (entity: the comment; subject: what it is on). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'comment.post': { parentId: string | null; depth: number };
    'comment.edit': NoPayload;
    'comment.delete': NoPayload;
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'comments.notify': SubscriberPayload;
  }
}
