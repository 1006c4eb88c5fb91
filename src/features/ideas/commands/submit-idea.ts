import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { challenges, ideas } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, InvalidInputError } from '../../../lib/errors.js';
import { writtenIn } from '../../../lib/content-language.js';
import { claimSubmission } from '../../../lib/idempotency.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { getMembership } from '../../organisations/index.js';
import { canSubmitIdea, canSubmitOnBehalf } from '../policy.js';
import type { IdeaContent } from '../schemas.js';
import { adjustIdeaCount, challengePhaseIn, checkTopics, holdIfNeeded, ideaPages, replaceTopics } from './support.js';

export type SubmitIdeaInput = IdeaContent & { organisationId: string | null; publish: boolean; submissionKey: string; rulesConfirmed?: 'yes' | undefined };

/**
 * Who may: a signed-in person with a confirmed e-mail address, while the challenge takes ideas
 * (canSubmitIdea); "on behalf of" an organisation only as a member of that partner
 * organisation (canSubmitOnBehalf).
 * Invariants: one idea per rendered form — the form's submission key is claimed in the same
 * transaction (src/lib/idempotency.ts), so a repeat answers with the first idea
 * (`created: false`) instead of making another. Published ideas count in challenges.idea_count.
 * Its language is the form's, else the author's interface language (writtenIn). A challenge that
 * asks entrants to confirm its rules (confirm_rules) refuses a form without the confirmation
 * (InvalidInputError({ rulesConfirmed })); the confirmation is kept with the idea (rules_confirmed_at).
 * Throws: NotFoundError (challenge), ForbiddenError, InvalidInputError({ topics }), ConflictError
 * (a key used by someone else).
 */
export async function submitIdea(deps: Deps, actor: Actor, challengeId: string, input: SubmitIdeaInput): Promise<{ id: string; created: boolean }> {
  if (!actor) throw new ForbiddenError('auth.signInRequired');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const phase = await challengePhaseIn(tx, challengeId, now);
    const decision = canSubmitIdea(actor, phase);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    const [{ confirmRules } = { confirmRules: false }] = await tx.select({ confirmRules: challenges.confirmRules }).from(challenges).where(eq(challenges.id, challengeId)).limit(1);
    if (confirmRules && input.rulesConfirmed !== 'yes') throw new InvalidInputError({ rulesConfirmed: 'ideas.rules.confirmRequired' });
    if (input.organisationId) {
      const membership = await getMembership(tx, input.organisationId, actor.id);
      const onBehalf = canSubmitOnBehalf(actor, input.organisationId, membership ? [membership] : []);
      if (!onBehalf.ok) throw new ForbiddenError(onBehalf.reason);
    }
    await checkTopics(tx, input.topics);

    const id = randomUUID();
    const claim = await claimSubmission(tx, { scope: 'idea', key: input.submissionKey, userId: actor.id, resultId: id });
    if (!claim.first) return { id: claim.resultId, created: false };

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
      language: await writtenIn(tx, actor.id, input.language),
      createdAt: now,
      publishedAt: input.publish ? now : null,
      rulesConfirmedAt: input.rulesConfirmed === 'yes' ? now : null,
    });
    await replaceTopics(tx, id, input.topics);
    if (input.publish) await adjustIdeaCount(tx, { id, challengeId, authorId: actor.id }, 1);
    await recordEvent(tx, {
      actorId: actor.id,
      name: input.publish ? 'idea.submit' : 'idea.draft',
      entityType: 'idea',
      entityId: id,
      subjectId: id,
      payload: { challengeId, organisationId: input.organisationId },
      pages: input.publish ? ideaPages({ id, challengeId, authorId: actor.id }) : [], // a draft shows nowhere public
    }, deps.clock.now());
    if (input.publish) await holdIfNeeded(deps, tx, { id, challengeId, authorId: actor.id, text: `${input.title}\n${input.summary}\n${input.description}` }, now);
    return { id, created: true };
  });
}
