import type { SubscriberPayload } from '../../jobs/events.js';

/**
 * The events the judging commands record: the audit record of every judging action (issue 13).
 * Subject: the challenge — except shortlisting and ineligibility, which are about an idea (its author hears of them).
 */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    /** `announced`: the rubric was public when it changed (a reason was given, followers are told). */
    'rubric.change': { action: 'add' | 'edit' | 'remove' | 'method'; criterionId: string | null; announced: boolean };
    'judging.invite': { invitationId: string };
    'judging.revoke': { invitationId: string };
    'judging.join': { invitationId: string; judgeId: string };
    'judging.remove': { judgeId: string };
    /** A judge reminded of the deadline, with how many scores they had left to give. */
    'judging.remind': { judgeId: string; left: number };
    'judging.shortlist': { challengeId: string };
    'judging.unshortlist': { ideaId: string };
    'judging.ineligible': { challengeId: string };
    'judging.assign': { mode: 'everyone' | 'balanced'; perIdea: number; added: number; recused: number };
    'judging.conflict': { judgeId: string; ideaId: string; conflict: 'none' | 'declared' };
    'judging.score': { judgeId: string; ideaId: string; submitted: boolean; version: number };
    'judging.reopen': { judgeId: string; ideaId: string };
    'judging.close': Record<string, never>;
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'judging.notify': SubscriberPayload;
  }
}
export {};
