import { eq } from 'drizzle-orm';
import { ideaRevisions, ideas } from '../../../db/schema/index.js';
import { recordEvent } from '../../../jobs/events.js';
import type { Deps } from '../../../lib/deps.js';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import type { Actor } from '../../../lib/policy.js';
import { canEditIdea, canViewIdea, isPublished } from '../policy.js';
import type { IdeaContent } from '../schemas.js';
import { challengePhaseIn, checkTopics, holdIfNeeded, ideaPages, lockIdea, replaceTopics } from './support.js';

/**
 * Who may: the author only (canEditIdea): drafts while submissions are open, published ideas
 * until voting opens.
 * Invariants: editing a published idea keeps the previous text in idea_revisions and sets
 * edited_at (shown as "edited"); a draft is edited in place. A published idea whose text changed
 * is held for a moderator as a newly published one would be (pre-moderated challenge, or a link
 * from a new account: holdIfNeeded).
 * Throws: NotFoundError (unknown, or someone else's draft), ForbiddenError, InvalidInputError({ topics }).
 */
export async function editIdea(deps: Deps, actor: Actor, ideaId: string, input: IdeaContent): Promise<{ id: string }> {
  return deps.db.transaction(async (tx) => {
    const idea = await lockIdea(tx, ideaId);
    if (!canViewIdea(actor, idea).ok) throw new NotFoundError('idea');
    const now = deps.clock.now();
    const decision = canEditIdea(actor, idea, await challengePhaseIn(tx, idea.challengeId, now));
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    await checkTopics(tx, input.topics);
    const published = isPublished(idea.status);
    if (published) {
      await tx.insert(ideaRevisions).values({ ideaId: idea.id, editedAt: now, title: idea.title, summary: idea.summary, description: idea.description });
    }
    await tx
      .update(ideas)
      .set({
        title: input.title,
        summary: input.summary,
        description: input.description,
        descriptionHtml: renderMarkdown(input.description),
        ...(input.language ? { language: input.language } : {}),
        ...(published ? { editedAt: now } : {}),
      })
      .where(eq(ideas.id, idea.id));
    await replaceTopics(tx, idea.id, input.topics);
    await recordEvent(tx, { actorId: actor!.id, name: 'idea.edit', entityType: 'idea', entityId: idea.id, subjectId: idea.id, payload: { revision: published }, pages: published ? ideaPages(idea) : [] }, deps.clock.now());
    // A published idea whose text changed waits for a moderator again where a new one would.
    const text = `${input.title}\n${input.summary}\n${input.description}`;
    if (published && text !== `${idea.title}\n${idea.summary}\n${idea.description}`) await holdIfNeeded(deps, tx, { ...idea, text }, now);
    return { id: idea.id };
  });
}
