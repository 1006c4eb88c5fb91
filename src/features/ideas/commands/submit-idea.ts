import { eq } from 'drizzle-orm';
import { ideas, submissionKeys } from '../../../db/schema/index.js';
import { audit } from '../../../lib/audit.js';
import type { Deps } from '../../../lib/context.js';
import { ConflictError, ForbiddenError } from '../../../lib/errors.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { canSubmitIdea, canSubmitOnBehalf } from '../policy.js';
import type { IdeaContent } from '../schemas.js';
import { adjustIdeaCount, challengePhaseIn, checkTopics, ideaIdFor, membershipsOf, nowMs, replaceTopics } from './support.js';

export type SubmitIdeaInput = IdeaContent & { organisationId: string | null; publish: boolean; submissionKey: string };

/**
 * Who may: a signed-in person with a confirmed e-mail address, while the challenge takes ideas
 * (canSubmitIdea); "on behalf of" an organisation only as a member of that partner
 * organisation (canSubmitOnBehalf).
 * Invariants: one idea per rendered form — the form's submission key is stored in the same
 * transaction, and the idea's id is derived from it, so a repeat returns the first idea
 * (`created: false`) instead of making another. Published ideas count in challenges.idea_count.
 * Throws: NotFoundError (challenge), ForbiddenError, InvalidInputError({ topics }), ConflictError
 * (a key reused by someone else).
 */
export async function submitIdea(deps: Deps, actor: Actor, challengeId: string, input: SubmitIdeaInput): Promise<{ id: string; created: boolean }> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  const id = ideaIdFor(actor.id, input.submissionKey);
  return deps.db.transaction(async (tx) => {
    const now = nowMs();
    const phase = await challengePhaseIn(tx, challengeId, now);
    const decision = canSubmitIdea(actor, phase);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    if (input.organisationId) {
      const onBehalf = canSubmitOnBehalf(actor, input.organisationId, await membershipsOf(tx, actor.id, input.organisationId));
      if (!onBehalf.ok) throw new ForbiddenError(onBehalf.reason);
    }
    await checkTopics(tx, input.topics);

    const [key] = await tx
      .insert(submissionKeys)
      .values({ key: `idea:${input.submissionKey}`, userId: actor.id })
      .onConflictDoNothing()
      .returning({ key: submissionKeys.key });
    if (!key) {
      // The same form again (double click, resend): the first submit's idea.
      const [existing] = await tx.select({ id: ideas.id }).from(ideas).where(eq(ideas.id, id)).limit(1);
      if (!existing) throw new ConflictError('ideas.submit.repeated');
      return { id, created: false };
    }

    await tx.insert(ideas).values({
      id,
      challengeId,
      authorId: actor.id,
      organisationId: input.organisationId,
      status: input.publish ? 'submitted' : 'draft',
      title: input.title,
      summary: input.summary,
      description: input.description,
      descriptionHtml: renderMarkdown(input.description),
      createdAt: now,
      publishedAt: input.publish ? now : null,
    });
    await replaceTopics(tx, id, input.topics);
    if (input.publish) await adjustIdeaCount(tx, challengeId, 1);
    await audit(tx, {
      actorId: actor.id,
      action: input.publish ? 'idea.submit' : 'idea.draft',
      entityType: 'idea',
      entityId: id,
      data: { challengeId, organisationId: input.organisationId },
    });
    return { id, created: true };
  });
}
