import type { Child } from 'hono/jsx';
import type { AppContext } from '../../lib/context.js';
import type { IdeaStatus } from '../ideas/policy.js';

export type RespondedIdea = { id: string; status: IdeaStatus; publishedAt: Date | null; responseDueAt: Date | null; respondedAt: Date | null };
export type ResponsesChallenge = { id: string; organisationId: string; responseDays: number | null; responseThreshold: number | null };

/** The idea page's official responses, status timeline, due date, and the staff answer form. */
export async function responsesSection(_c: AppContext, _idea: RespondedIdea, _challenge: ResponsesChallenge): Promise<Child> {
  return null;
}

/** The challenge page's public response record: ideas awaiting an answer and those overdue (one query). */
export async function responseSummary(_c: AppContext, _challenge: ResponsesChallenge): Promise<Child> {
  return null;
}
