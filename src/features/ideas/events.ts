import type { IdeaStatus } from '../../db/schema/ideas.js';

/** The events the idea commands record (subject: the idea). */
declare module '../../lib/events.js' {
  interface EventPayloads {
    'idea.draft': { challengeId: string; organisationId: string | null };
    'idea.submit': { challengeId: string; organisationId: string | null };
    'idea.publish': { challengeId: string };
    'idea.edit': { revision: boolean };
    'idea.withdraw': { from: IdeaStatus };
  }
}
