import type { SubscriberPayload } from '../../jobs/events.js';
import type { Action } from './policy.js';
import type { ModerationState } from '../../db/schema/moderation.js';

/** The events the moderation commands record (entity: the report or the item; subject: what it is, or is on). Codes only. */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'report.file': { itemId: string; kind: string; reason: string; held: boolean };
    'moderation.decide': { kind: string; action: Action; rule: string | null; reports: number; from: ModerationState };
    'moderation.appeal': { kind: string };
    'moderation.trust': { trust: 'trusted' | 'new' | 'auto' };
    'moderation.hold': { kind: string; reason: 'premoderation' | 'newAccountLinks' };
    'moderation.suspend': { itemId: string; until: string | null; rule: string; hidden: number };
    'moderation.lift': { itemId: string };
  }
}

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'moderation.notify': SubscriberPayload;
    'moderation.safeguarding': SubscriberPayload;
    'moderation.suspension-mail': SubscriberPayload;
  }
}
