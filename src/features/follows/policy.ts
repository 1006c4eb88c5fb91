import type { MessageKey } from '../../i18n/index.js';
import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';
import type { IdeaStatus } from '../../db/schema/ideas.js';
import type { ChallengeStatus } from '../challenges/index.js';

export type FollowKind = 'idea' | 'challenge';

/** What the follow rules need to know about the thing followed (as loaded by getFollowTarget). */
export type FollowTarget =
  | { kind: 'idea'; status: IdeaStatus; challengeStatus: ChallengeStatus }
  | { kind: 'challenge'; status: ChallengeStatus };

/**
 * Whether the target exists for the purpose of following: drafts (an idea's, or its
 * challenge's) are nobody's to follow, not even their author's, so routes answer 404 and the
 * draft's existence does not leak.
 */
export function isFollowable(target: FollowTarget): boolean {
  if (target.kind === 'idea') return target.status !== 'draft' && target.challengeStatus !== 'draft';
  return target.status !== 'draft';
}

/** The target will not change any more: a withdrawn idea, an archived challenge, or an idea in one. */
function finishedReason(target: FollowTarget): MessageKey | null {
  if (target.kind === 'idea') {
    if (target.status === 'withdrawn') return 'follows.policy.ideaWithdrawn';
    if (target.challengeStatus === 'archived') return 'follows.policy.challengeArchived';
    return null;
  }
  return target.status === 'archived' ? 'follows.policy.challengeArchived' : null;
}

/**
 * Any signed-in person may follow a visible idea or challenge that can still change.
 * Unverified accounts may follow: a follow only stores a private preference (nothing public,
 * nothing sent), and notifications will go only to confirmed addresses when they come.
 * Following something that will not change any more (withdrawn idea, archived challenge) is
 * refused with the reason: there would be nothing to hear about.
 */
export function canFollow(actor: Actor, target: FollowTarget): Decision {
  if (!actor) return deny('follows.policy.signIn');
  if (!isFollowable(target)) return deny('follows.policy.notFound');
  const finished = finishedReason(target);
  return finished ? deny(finished) : allow;
}

/** Stopping is always allowed for a visible target, whatever became of it (a follow must never be stuck). */
export function canUnfollow(actor: Actor, target: FollowTarget): Decision {
  if (!actor) return deny('follows.policy.signIn');
  if (!isFollowable(target)) return deny('follows.policy.notFound');
  return allow;
}
