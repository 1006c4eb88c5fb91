import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import type { FormErrors, FormValues } from '../../http/form.js';
import { viewContext } from '../../http/render.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import { newSubmissionKey } from '../../lib/idempotency.js';
import { countsHiddenFor, type CountsRef } from '../challenges/index.js';
import { viewerMembership, type MembershipRow } from '../organisations/index.js';
import { personWithRole, type ResponseFormView } from '../../../views/responses/parts.js';
import { ResponseRecord } from '../../../views/responses/ResponseRecord.js';
import { ResponsesSection } from '../../../views/responses/ResponsesSection.js';
import { canRespond, canRespondTo, STAFF_STATUSES } from './policy.js';
import { getResponseRecord, listResponses } from './queries.js';

export type RespondedIdea = {
  id: string;
  status: IdeaStatus;
  publishedAt: Date | null;
  responseDueAt: Date | null;
  respondedAt: Date | null;
  /** Shown at the end of the status timeline when the author withdrew the idea. */
  withdrawnAt?: Date | null;
};
/** The challenge with its phase now: whether it hides counts decides who sees its due dates (CountsRef). */
export type ResponsesChallenge = CountsRef & {
  id: string;
  organisationId: string;
  responseDays: number | null;
  responseThreshold: number | null;
  /** The council's name, for the signature the answer form shows staff. */
  organisation?: { name: string };
};


/** The answer form's data for staff who may answer this idea now; null for everyone else. */
export function responseForm(
  c: AppContext,
  idea: RespondedIdea,
  challenge: ResponsesChallenge,
  membership: MembershipRow | null,
  state: { values?: FormValues; errors?: FormErrors } = {},
): ResponseFormView | null {
  const user = c.get('user');
  if (!user || !canRespond(user, { id: challenge.organisationId }, membership).ok || !canRespondTo(idea).ok) return null;
  const who = personWithRole(user.displayName, membership?.title ?? '');
  return {
    ideaId: idea.id,
    status: idea.status,
    choices: STAFF_STATUSES.filter((s) => s !== idea.status),
    signature: challenge.organisation ? `${who} — ${challenge.organisation.name}` : who,
    values: state.values ?? { submissionKey: newSubmissionKey() },
    errors: state.errors,
  };
}

export type SectionState = { values?: FormValues; errors?: FormErrors; posted?: boolean };

/**
 * The idea page's official responses, status timeline, due date, and the staff answer form.
 * Two queries at most whatever the number of responses: the responses (with their council's
 * name) and, when signed in, the viewer's membership of the challenge's council.
 * `state` is the answer route's: the form as sent with its errors, or "just posted".
 * The due date exists because the idea reached the threshold of supports: while the challenge
 * hides counts from this viewer (countsHidden), it is not shown.
 */
export async function responsesSection(c: AppContext, idea: RespondedIdea, challenge: ResponsesChallenge, state: SectionState = {}): Promise<Child> {
  const responses = await listResponses(c.get('deps').db, idea.id);
  const membership = await viewerMembership(c, challenge.organisationId);
  const staff = canRespond(c.get('user'), { id: challenge.organisationId }, membership).ok;
  const hidden = await countsHiddenFor(c, challenge);
  return (
    <ResponsesSection
      ctx={viewContext(c)}
      idea={{ ...idea, responseDueAt: hidden ? null : idea.responseDueAt, withdrawnAt: idea.withdrawnAt ?? null }}
      responses={responses}
      now={c.get('now')}
      form={responseForm(c, idea, challenge, membership, state)}
      staff={staff}
      posted={state.posted ?? false}
    />
  );
}

/**
 * The challenge page's public response record: nothing without a response rule; otherwise the
 * rule, how many ideas await an answer and how many are overdue (one query), the longest
 * overdue (one more, only when some are), and for its staff a link to their list.
 * Which ideas reached the threshold moves with the counts: while the challenge hides them from
 * this viewer (countsHidden), the record says only the rule, and when the rest will be shown.
 */
export async function responseSummary(c: AppContext, challenge: ResponsesChallenge): Promise<Child> {
  if (challenge.responseDays === null || challenge.responseThreshold === null) return null;
  const rule = { days: challenge.responseDays, threshold: challenge.responseThreshold };
  const ctx = viewContext(c);
  if (await countsHiddenFor(c, challenge)) return <ResponseRecord ctx={ctx} rule={rule} record={null} staff={false} />;
  const record = await getResponseRecord(c.get('deps').db, challenge.id, c.get('now'));
  const staff = canRespond(c.get('user'), { id: challenge.organisationId }, await viewerMembership(c, challenge.organisationId)).ok;
  return <ResponseRecord ctx={ctx} rule={rule} record={record} staff={staff} />;
}
