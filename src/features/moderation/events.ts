import type { SubscriberPayload } from '../../jobs/events.js';
import type { Action } from './policy.js';

/** The events the moderation commands record (entity: the report or the item; subject: what it is, or is on). Codes only. */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'report.file': { itemId: string; kind: string; reason: string };
    'moderation.decide': { kind: string; action: Action; rule: string | null; reports: number };
  }
}

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'moderation.notify': SubscriberPayload;
    'moderation.safeguarding': SubscriberPayload;
  }
}
