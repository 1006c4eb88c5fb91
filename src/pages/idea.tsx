import { Hono } from 'hono';
import { byId, cachedPage } from '../http/page-cache.js';
import { pageScope } from '../lib/page-versions.js';
import type { AppEnv } from '../http/context.js';
import { render, viewContext } from '../http/render.js';
import { IdeaPage } from '../../views/ideas/IdeaPage.js';
import { HiddenIdeaPage } from '../../views/ideas/HiddenIdeaPage.js';
import { hiddenAs } from '../features/moderation/index.js';
import { countsHidden } from '../features/challenges/index.js';
import { commentsSection } from '../features/comments/index.js';
import { followButton } from '../features/follows/index.js';
import { canEditIdea, canPublishIdea, canWithdrawIdea, ideaDiscussionView, ideaInChallenge } from '../features/ideas/index.js';
import { responsesSection } from '../features/responses/index.js';
import { voteButtons } from '../features/votes/index.js';
import { ineligibleNotice } from '../features/judging/index.js';
import { listedChallenge } from './challenge.js';

/** The idea page: the idea, then its vote control, follow button, official responses and discussion. */
export const ideaPage = new Hono<AppEnv>();

ideaPage.get('/ideas/:id', cachedPage({ scopes: (c) => byId(c, pageScope.subject) }), async (c) => {
  const { idea, challenge, phase } = await ideaInChallenge(c, c.req.param('id'));
  const user = c.get('user');
  if (idea.hiddenAt) {
    // Hidden by the moderators: the page says so, and why; its author may ask for a review.
    const hidden = hiddenAs(idea.hiddenRule);
    return render(c, <HiddenIdeaPage ctx={viewContext(c)} ideaId={idea.id} challengeId={challenge.id} hidden={hidden} appeal={hidden !== 'held' && hidden !== 'awaiting' && user !== null && user.id === idea.authorId} />);
  }
  const listed = await listedChallenge(c, challenge, phase);
  // A draft is its author's alone: nothing to vote on, follow, answer or discuss yet.
  const published = idea.status !== 'draft';
  const hidden = countsHidden(listed, listed.viewerIsStaff);
  const slots = {
    vote: published ? (await voteButtons(c, listed, [idea], { returnTo: `/ideas/${idea.id}`, countsHidden: hidden })).get(idea.id) : null,
    follow: published ? await followButton(c, { kind: 'idea', id: idea.id }) : null,
    responses: published ? await responsesSection(c, idea, { ...challenge, phase }) : null,
    comments: published ? await commentsSection(c, ideaDiscussionView(idea, challenge, phase.phase, c.get('locale'))) : null,
    judging: published ? await ineligibleNotice(c, idea, challenge) : null,
  };
  return render(
    c,
    <IdeaPage
      ctx={viewContext(c)}
      idea={idea}
      challenge={{ id: challenge.id, title: challenge.title, titleFr: challenge.titleFr }}
      canonicalUrl={`${c.get('deps').config.publicUrl.replace(/\/$/, '')}/ideas/${idea.id}`}
      can={{ edit: canEditIdea(user, idea, phase).ok, publish: canPublishIdea(user, idea, phase).ok, withdraw: canWithdrawIdea(user, idea).ok, report: idea.status !== 'draft' && (user === null || user.id !== idea.authorId) }}
      // Its count stopped when the council decided (no support since), shown as any count is.
      notTakenForward={idea.status === 'not_taken_forward' ? { supporters: hidden ? null : idea.supportCount, supportsBack: phase.votingOpen } : null}
      slots={slots}
    />,
  );
});
