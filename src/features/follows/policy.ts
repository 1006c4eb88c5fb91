import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';
import type { Subject } from '../../lib/subjects.js';

/**
 * Any signed-in person may follow a subject the public can see (drafts are nobody's to follow,
 * not even their author's: routes answer 404, so a draft's existence does not leak) that can
 * still change. Unverified accounts may follow: a follow only stores a private preference.
 * Following something that will not change any more (withdrawn idea, archived challenge) is
 * refused with the reason its kind gives: there would be nothing to hear about.
 */
export function canFollow(actor: Actor, subject: Pick<Subject, 'finished'>): Decision {
  if (!actor) return deny('follows.policy.signIn');
  return subject.finished ? deny(subject.finished) : allow;
}

/** Stopping is always allowed for a visible subject, whatever became of it (a follow must never be stuck). */
export function canUnfollow(actor: Actor): Decision {
  if (!actor) return deny('follows.policy.signIn');
  return allow;
}
