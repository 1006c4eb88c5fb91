import type { Child } from 'hono/jsx';
import { formatDate, type Locale } from '../../i18n/index.js';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import type { Actor } from '../../lib/policy.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import type { PhaseState } from '../challenges/index.js';
import { VoteButton, type VoteButtonView } from '../../../views/votes/VoteButton.js';
import { IntegritySummaryView } from '../../../views/votes/IntegritySummary.js';
import { integritySummary } from './integrity.js';
import { canSupport, canUnsupport, countsVotes } from './policy.js';
import { getViewerVotes } from './queries.js';

/** What voting needs to know about the challenge (from getChallenge + challengePhase). */
export type VotingChallenge = {
  id: string;
  organisationId: string;
  voteBudget: number;
  selfSupport: boolean;
  hideCounts: boolean;
  phase: PhaseState;
  /** Shown when voting is not open ("Voting opens on 3 March"). */
  votingOpenAt: Date | null;
  votingCloseAt: Date | null;
};

/** What voting needs to know about each idea shown. */
export type VotableIdea = { id: string; authorId: string | null; status: IdeaStatus; supportCount: number; title: string };

/** "Voting opens on 3 March", "Voting closed on 20 March", or why else it is not open. */
function notOpenReason(challenge: VotingChallenge, locale: Locale, now: Date): NonNullable<VoteButtonView['reason']> {
  if (challenge.votingOpenAt === null) return { key: 'votes.when.none' };
  if (now < challenge.votingOpenAt && !challenge.phase.votingClosed) return { key: 'votes.when.opens', params: { date: formatDate(challenge.votingOpenAt, locale) } };
  if (challenge.votingCloseAt && now >= challenge.votingCloseAt) return { key: 'votes.when.closed', params: { date: formatDate(challenge.votingCloseAt, locale) } };
  return { key: 'votes.policy.notOpen' };
}

export type VoteViewOptions = {
  returnTo: string;
  countsHidden: boolean;
  locale: Locale;
  /** The time of the request (when voting opens or closed is told against it). */
  now: Date;
  announce?: VoteButtonView['announce'];
  /** The refusal of the action just tried (a policy reason or the rate limit). */
  refusal?: NonNullable<VoteButtonView['refusal']>;
};

/**
 * The control's data for one idea and viewer, from the shared policy: the form the viewer may
 * use, or why not. Used for the list, the idea page and every vote response alike.
 */
export function voteView(actor: Actor, idea: VotableIdea, challenge: VotingChallenge, viewer: { supported: boolean; setAside?: boolean; used: number }, o: VoteViewOptions): VoteButtonView {
  const rules = { phase: challenge.phase, selfSupport: challenge.selfSupport };
  const decision = viewer.supported ? canUnsupport(actor, idea, rules, viewer.setAside) : canSupport(actor, idea, rules, viewer.used, challenge.voteBudget);
  const reason = decision.ok ? null : decision.reason === 'votes.policy.notOpen' ? notOpenReason(challenge, o.locale, o.now) : { key: decision.reason };
  const anchor = `${o.returnTo}#vote-${idea.id}`;
  const refusal = o.refusal?.key === 'votes.policy.notOpen' ? (reason ?? o.refusal) : o.refusal;
  return {
    ideaId: idea.id,
    title: idea.title,
    count: o.countsHidden ? null : idea.supportCount,
    supported: viewer.supported,
    setAside: viewer.setAside ?? false,
    budget:
      actor?.emailVerified && challenge.phase.votingOpen && countsVotes(idea.status)
        ? { left: Math.max(0, challenge.voteBudget - viewer.used), total: challenge.voteBudget }
        : null,
    action: decision.ok ? (viewer.supported ? 'unsupport' : 'support') : null,
    reason,
    signInHref: !decision.ok && decision.reason === 'votes.policy.signIn' ? `/sign-in?next=${encodeURIComponent(anchor)}` : null,
    returnTo: o.returnTo,
    announce: o.announce,
    refusal,
  };
}

/**
 * The vote control of each idea (count, the viewer's state, remaining budget, the button or why
 * not), keyed by idea id: a constant number of queries whatever the number of ideas (none for an
 * anonymous visitor, one for a signed-in person). `returnTo` is the page (path and query, no
 * fragment) the no-JS form comes back to; the control appends its own stable anchor (#vote-<idea id>).
 */
export async function voteButtons(
  c: AppContext,
  challenge: VotingChallenge,
  ideas: VotableIdea[],
  options: { returnTo: string; countsHidden: boolean },
): Promise<Map<string, Child>> {
  const map = new Map<string, Child>();
  if (ideas.length === 0) return map;
  const actor = c.get('user');
  const viewer = actor
    ? await getViewerVotes(
        c.get('deps').db,
        actor.id,
        challenge.id,
        ideas.map((i) => i.id),
      )
    : { supported: new Set<string>(), setAside: new Set<string>(), used: 0 };
  const ctx = viewContext(c);
  for (const idea of ideas) {
    const v = voteView(actor, idea, challenge, { supported: viewer.supported.has(idea.id), setAside: viewer.setAside.has(idea.id), used: viewer.used }, { ...options, locale: ctx.locale, now: c.get('now') });
    map.set(idea.id, <VoteButton ctx={ctx} v={v} />);
  }
  return map;
}

/**
 * The challenge's vote integrity summary (supports received, set aside, and why), for everyone
 * once its voting has closed; nothing before, nor for a challenge without a vote. Two queries.
 * The set-aside command bumps the challenge's page, so the anonymous cache shows it at once.
 */
export async function integritySection(c: AppContext, challenge: { id: string; votingOpenAt: Date | null; phase: Pick<PhaseState, 'votingClosed'> }): Promise<Child> {
  if (challenge.votingOpenAt === null || !challenge.phase.votingClosed) return null;
  return <IntegritySummaryView ctx={viewContext(c)} summary={await integritySummary(c.get('deps').db, challenge.id)} />;
}
