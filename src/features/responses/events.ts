import type { SubscriberPayload } from '../../jobs/events.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';

/** The event an official response records (subject: the idea). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'idea.respond': { responseId: number; organisationId: string; challengeId: string; statusFrom: IdeaStatus; statusTo: IdeaStatus | null };
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'responses.notify': SubscriberPayload;
  }
}
