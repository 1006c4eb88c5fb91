import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { submitForm, type RejectedForm } from '../../http/form.js';
import { visibleChallenge } from '../challenges/index.js';
import type { Challenge } from '../challenges/index.js';
import type { MembershipRow } from '../organisations/index.js';
import { IntegrityPage } from '../../../views/votes/IntegrityPage.js';
import { setAsideSupports } from './commands/set-aside.js';
import { findAnomalies, GROUP_MIN, integritySummary } from './integrity.js';
import { canReviewVotes, canSetAside } from './policy.js';
import { setAsideSchema } from './schemas.js';
import { formatDate, isMessageKey } from '../../i18n/index.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { ForbiddenError, NotFoundError, RateLimitedError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { readForm } from '../../http/form.js';
import { isHtmx, render, respond, safeNext, viewContext } from '../../http/render.js';
import { challengePhase, countsHiddenFor } from '../challenges/index.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import { Partial } from '../../../views/components/Partial.js';
import { VoteButton, type VoteButtonView } from '../../../views/votes/VoteButton.js';
import { castVote } from './commands/cast-vote.js';
import { voteLimit } from './limits.js';
import type { VoteOutcome } from './commands/support.js';
import { withdrawVote } from './commands/withdraw-vote.js';
import { voteOrigin } from './origin.js';
import { getViewerVotes, getVoteTarget, listVotableIdeas, type VoteTarget } from './queries.js';
import { voteView, type VotingChallenge } from './section.js';

export const votesRoutes = new Hono<AppEnv>();

type Kind = 'support' | 'unsupport';

const votingChallenge = (t: VoteTarget, now: Date): VotingChallenge => ({ ...t.challenge, phase: challengePhase(t.challenge, now) });

/**
 * The answer to an htmx vote: the control acted on (the same component as in the page), with the
 * viewer's state, and — as htmx partials — every other control the page shows (their ids come
 * with the form, from each control's `.vote-shown` input), re-rendered from the database with
 * the same supports used, so every budget on the page agrees. The others announce nothing.
 */
async function controls(
  c: AppContext,
  target: VoteTarget,
  state: { supported: boolean; setAside?: boolean; count: number; used: number },
  returnTo: string,
  extra: Pick<VoteButtonView, 'announce' | 'refusal'>,
  shown: readonly string[],
) {
  const challenge = votingChallenge(target, c.get('now'));
  const hidden = await countsHiddenFor(c, challenge);
  const ctx = viewContext(c);
  const user = c.get('user');
  const options = { returnTo, countsHidden: hidden, locale: ctx.locale, now: c.get('now') };
  const v = voteView(user, { ...target.idea, supportCount: state.count }, challenge, state, { ...options, ...extra });
  const otherIds = shown.filter((id) => id.toLowerCase() !== target.idea.id);
  const { db } = c.get('deps');
  const others = user && otherIds.length > 0 ? await listVotableIdeas(db, target.challenge.id, otherIds) : [];
  const viewer = user && others.length > 0 ? await getViewerVotes(db, user.id, target.challenge.id, others.map((o) => o.id)) : null;
  return (
    <>
      <VoteButton ctx={ctx} v={v} />
      {others.map((idea) => (
        <Partial target={`#vote-${idea.id}`} swap="outerMorph">
          <VoteButton ctx={ctx} v={voteView(user, idea, challenge, { supported: viewer?.supported.has(idea.id) ?? false, setAside: viewer?.setAside.has(idea.id) ?? false, used: state.used }, options)} />
        </Partial>
      ))}
    </>
  );
}

/**
 * A refusal (policy, or too many votes). With htmx: the control again, fresh from the
 * database, announcing why (status 403/429, which htmx swaps in). Without: a page saying why —
 * with the voting dates when voting is not open; other reasons go to app.onError like any
 * ForbiddenError or RateLimitedError.
 */
async function refused(c: AppContext, ideaId: string, err: ForbiddenError | RateLimitedError, returnTo: string, shown: readonly string[]) {
  const { db } = c.get('deps');
  const target = await getVoteTarget(db, ideaId);
  if (!target) throw new NotFoundError('idea');
  const reason = err instanceof RateLimitedError ? 'votes.rateLimited' : isMessageKey(err.reason) ? err.reason : 'error.forbidden.body';
  if (isHtmx(c)) {
    const user = c.get('user')!;
    const viewer = await getViewerVotes(db, user.id, target.challenge.id, [target.idea.id]);
    const state = { supported: viewer.supported.has(target.idea.id), setAside: viewer.setAside.has(target.idea.id), count: target.idea.supportCount, used: viewer.used };
    if (err instanceof RateLimitedError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.html(String(await controls(c, target, state, returnTo, { refusal: { key: reason } }, shown)), err instanceof RateLimitedError ? 429 : 403);
  }
  if (reason !== 'votes.policy.notOpen') throw err;
  const { challenge } = target;
  const locale = c.get('locale');
  const date = (d: Date | null) => (d ? formatDate(d, locale, 'dateTime') : '');
  const now = c.get('now');
  const phase = challengePhase(challenge, now);
  const body =
    challenge.votingOpenAt === null
      ? 'votes.refused.none'
      : now < challenge.votingOpenAt && !phase.votingClosed
        ? challenge.votingCloseAt
          ? 'votes.refused.notYet'
          : 'votes.refused.notYetOpenEnded'
        : challenge.votingCloseAt && now >= challenge.votingCloseAt
          ? 'votes.refused.over'
          : 'votes.policy.notOpen';
  const params = { open: date(challenge.votingOpenAt), close: date(challenge.votingCloseAt) };
  return render(c, <ErrorPage ctx={viewContext(c)} title="votes.refused.title" body={body} params={params} />, 403);
}

/**
 * POST /ideas/:id/support and /ideas/:id/unsupport: a plain form (CSRF, hidden returnTo). Without
 * JavaScript a 303 back to returnTo#vote-<id> with a flash; with htmx the control, in place,
 * announcing the new state. Anonymous visitors are sent to sign in (and come back to the control).
 */
async function vote(c: AppContext, kind: Kind) {
  const ideaId = (c.req.param('id') ?? '').toLowerCase();
  if (!isUuid(ideaId)) throw new NotFoundError('idea');
  const { values, lists } = await readForm(c, ['shown']);
  const shown = lists['shown'] ?? [];
  const returnTo = safeNext(values['returnTo'], `/ideas/${ideaId}`).split('#')[0]!;
  const back = `${returnTo}#vote-${ideaId}`;
  const { deps } = c.var;
  const user = c.get('user');
  if (!user) return respond(c, { redirect: `/sign-in?next=${encodeURIComponent(back)}`, flash: { kind: 'info', key: 'votes.policy.signIn' } });

  let outcome: VoteOutcome;
  try {
    await deps.rateLimits.consume(voteLimit, user.id);
    outcome = kind === 'support' ? await castVote(deps, user, ideaId, voteOrigin(c)) : await withdrawVote(deps, user, ideaId);
  } catch (err) {
    if (err instanceof ForbiddenError || err instanceof RateLimitedError) return refused(c, ideaId, err, returnTo, shown);
    throw err;
  }

  const { target, supported, count, used } = outcome;
  // The fragment is rendered first: its hidden-counts check and the other controls need queries.
  const fragment = isHtmx(c) ? await controls(c, target, { supported, count, used }, returnTo, { announce: supported ? 'supported' : 'withdrawn' }, shown) : null;
  return respond(c, {
    redirect: back,
    flash: {
      kind: 'success',
      key: kind === 'support' ? 'votes.flash.supported' : 'votes.flash.unsupported',
      params: { title: target.idea.title, left: Math.max(0, target.challenge.voteBudget - used), total: target.challenge.voteBudget },
    },
    ...(fragment ? { fragment: () => fragment } : {}),
  });
}

votesRoutes.post('/ideas/:id/support', (c) => vote(c, 'support'));
votesRoutes.post('/ideas/:id/unsupport', (c) => vote(c, 'unsupport'));

// ---- Vote integrity (staff) ----

/**
 * The anomaly report of a challenge's supports (its council's staff and admins; 403 for anyone
 * else), with the form to set groups aside and what was set aside already. Three queries.
 */
async function integrityPage(c: AppContext, challenge: Challenge, membership: MembershipRow | null, form?: RejectedForm) {
  const decision = canReviewVotes(c.get('user'), challenge, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const { db } = c.get('deps');
  const [groups, summary] = [await findAnomalies(db, challenge.id), await integritySummary(db, challenge.id)];
  return render(
    c,
    <IntegrityPage
      ctx={viewContext(c)}
      challenge={challenge}
      groups={groups}
      summary={summary}
      canSetAside={canSetAside(c.get('user'), challenge, membership).ok}
      min={GROUP_MIN}
      values={form?.values}
      chosen={form?.lists['group'] ?? []}
      errors={form?.errors}
    />,
    form ? 422 : 200,
  );
}

votesRoutes.get('/challenges/:id/integrity', requireSignIn, async (c) => {
  const { challenge, membership } = await visibleChallenge(c, c.req.param('id'));
  return integrityPage(c, challenge, membership);
});

votesRoutes.post('/challenges/:id/integrity', requireSignIn, async (c) => {
  const { challenge, membership } = await visibleChallenge(c, c.req.param('id'));
  const decision = canSetAside(signedIn(c).user, challenge, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return submitForm(c, {
    schema: setAsideSchema,
    lists: ['group'],
    command: (input) => setAsideSupports(c.get('deps'), signedIn(c).user, challenge.id, input),
    rejected: (form) => integrityPage(c, challenge, membership, form),
    done: ({ supports }) => respond(c, { redirect: `/challenges/${challenge.id}/integrity`, flash: { kind: 'success', key: 'votes.integrity.flash', params: { count: supports } } }),
  });
});
