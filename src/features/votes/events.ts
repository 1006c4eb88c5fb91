/**
 * The events the vote commands record (subject: the idea). They are written by the vote
 * statement itself (one round trip, src/features/votes/commands), not by recordEvent, so no
 * subscriber may listen to them without moving them to recordEvent first.
 */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'idea.support': { challengeId: string };
    'idea.unsupport': { challengeId: string };
  }
}
export {};
