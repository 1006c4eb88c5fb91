/**
 * The events the vote commands record (subject: the idea). The supports' are written by the vote
 * statement itself (one round trip, src/features/votes/commands), not by recordEvent, so no
 * subscriber may listen to them without moving them to recordEvent first. Setting supports
 * aside (subject: the challenge) goes through recordEvent.
 */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'idea.support': { challengeId: string };
    'idea.unsupport': { challengeId: string };
    'votes.setAside': { setAsideIds: string[]; supports: number; signals: string[] };
  }
}
export {};
