import type { SubscriberPayload } from '../../jobs/events.js';
import type { IdeaStatus, WithdrawReason } from '../../db/schema/ideas.js';

/** The events the idea commands record (subject: the idea). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'idea.draft': { challengeId: string; organisationId: string | null };
    'idea.submit': { challengeId: string; organisationId: string | null };
    'idea.publish': { challengeId: string };
    'idea.edit': { revision: boolean };
    /** `reason` is absent from withdrawals recorded before reasons were asked. */
    'idea.withdraw': { from: IdeaStatus; reason?: WithdrawReason };
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'ideas.notify': SubscriberPayload;
  }
}
