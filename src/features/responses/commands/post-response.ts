import { ideaResponses } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/fields.js';
import { claimSubmission } from '../../../lib/idempotency.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { challengePhase, getChallenge } from '../../challenges/index.js';
import { canChangeIdeaStatus, ideaPages, lockIdea, markIdeaResponded, setIdeaStatus } from '../../ideas/index.js';
import { getMembership } from '../../organisations/index.js';
import { canRespond, canRespondTo, type StaffStatus } from '../policy.js';
import type { ResponseInput } from '../schemas.js';

/** The person answering: the name their response is published under comes from here. */
export type Responder = NonNullable<Actor> & { displayName: string };

export type PostedResponse = { created: boolean; statusFrom: string; statusTo: StaffStatus | null };

/**
 * Who may: staff (owner or member) of the council whose challenge the idea belongs to
 * (canRespond); not platform admins, not other councils, not partners. Only on a published,
 * not withdrawn idea (canRespondTo); drafts are private, so answering one is a NotFoundError.
 * Invariants, in one transaction holding the idea's row lock:
 * - the response keeps who answered as they were then: display name, membership role title
 *   (may be empty) and the organisation;
 * - a status change goes to a different staff status (status_from/status_to on the row, the
 *   idea moved by setIdeaStatus, which moves its supporters' budgets with it), with its reason;
 *   "not taken forward" stands while voting is open (canChangeIdeaStatus);
 * - the idea's first answer time is kept and its response due date cleared (the commitment met);
 * - one response per rendered form: the form's submission key is claimed with it
 *   (src/lib/idempotency.ts), so a repeat (double click, resend) stores nothing more and answers
 *   `created: false`;
 * - an 'idea.respond' audit row.
 * Throws: NotFoundError (idea, draft, hidden challenge); ForbiddenError; ConflictError (a key
 * used by someone else); InvalidInputError({ responseStatus }) for the current status or a move
 * canChangeIdeaStatus holds back, or
 * ({ responseBody }) for text that renders to nothing.
 */
export async function postResponse(deps: Deps, actor: Responder | null, ideaId: string, input: ResponseInput): Promise<PostedResponse> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  if (!isUuid(ideaId)) throw new NotFoundError('idea');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const idea = await lockIdea(tx, ideaId.toLowerCase());
    if (idea.status === 'draft') throw new NotFoundError('idea');
    const challenge = await getChallenge(tx, idea.challengeId);
    if (!challenge || challenge.status === 'draft') throw new NotFoundError('idea');
    const membership = await getMembership(tx, challenge.organisationId, actor.id);
    const who = canRespond(actor, challenge.organisation, membership);
    if (!who.ok) throw new ForbiddenError(who.reason);
    const what = canRespondTo(idea);
    if (!what.ok) throw new ForbiddenError(what.reason);

    // What a repeat is answered with is the idea's responses: the claim records the idea.
    const claim = await claimSubmission(tx, { scope: 'response', key: input.submissionKey, userId: actor.id, resultId: idea.id });
    if (!claim.first) return { created: false, statusFrom: idea.status, statusTo: null };

    const statusTo = input.responseStatus;
    if (statusTo === idea.status) throw new InvalidInputError({ responseStatus: 'responses.validation.sameStatus' });
    const move = statusTo ? canChangeIdeaStatus(idea.status, statusTo, challengePhase(challenge, now)) : null;
    if (move && !move.ok) throw new InvalidInputError({ responseStatus: move.reason });
    const bodyHtml = renderMarkdown(input.responseBody);
    if (bodyHtml.replace(/<[^>]*>/g, '').trim() === '') throw new InvalidInputError({ responseBody: 'responses.validation.bodyEmpty' });

    const [row] = await tx
      .insert(ideaResponses)
      .values({
        ideaId: idea.id,
        authorId: actor.id,
        authorName: actor.displayName,
        roleTitle: membership!.title,
        organisationId: challenge.organisationId,
        body: input.responseBody,
        bodyHtml,
        statusFrom: statusTo ? idea.status : null,
        statusTo,
        reason: statusTo ? input.responseReason : '',
        createdAt: now,
      })
      .returning({ id: ideaResponses.id });
    if (statusTo) await setIdeaStatus(tx, idea.id, idea.status, statusTo);
    await markIdeaResponded(tx, idea.id, now);
    await recordEvent(tx, {
      actorId: actor.id,
      name: 'idea.respond',
      entityType: 'idea',
      entityId: idea.id,
      subjectId: idea.id,
      payload: { responseId: row!.id, organisationId: challenge.organisationId, challengeId: challenge.id, statusFrom: idea.status, statusTo },
      pages: ideaPages(idea),
    }, deps.clock.now());
    return { created: true, statusFrom: idea.status, statusTo };
  });
}
