import type { SubscriberPayload } from '../../jobs/events.js';

/**
 * The events the judging commands record: the audit record of every judging action (issue 13).
 * Subject: the challenge — except shortlisting, ineligibility and each award at the announcement,
 * which are about an idea (its author hears of them).
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
    'judging.tie': { tieBreakId: string; ideaIds: string[] };
    'judging.award': { awardId: string; action: 'add' | 'edit' | 'remove' };
    'judging.announce': { awards: number };
    /** One per award at the announcement (its idea's author is told). */
    'judging.awarded': { challengeId: string; kind: 'place' | 'mention' | 'people'; place: number | null };
    'judging.correct': { correctionId: string };
    'judging.nextSteps': { nextStepsId: string };
  }
}

/** The job that runs this feature's subscriber (notify.ts), once per event. */
declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'judging.notify': SubscriberPayload;
  }
}
export {};
