import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import { FollowButton, type FollowKindView, type FollowState } from '../../../views/follows/FollowButton.js';
import type { Actor } from '../../lib/policy.js';
import type { Subject } from '../../lib/subjects.js';
import { canFollow } from './policy.js';
import { isFollowing } from './queries.js';

/** The control's state for a signed-in person, given the subject and whether they follow it. */
export function followStateOf(subject: Pick<Subject, 'finished'>, following: boolean, actor: Actor): FollowState {
  if (following) return 'following';
  return canFollow(actor, subject).ok ? 'notFollowing' : 'closed';
}

/**
 * Follow / unfollow control for an idea or a challenge (two index lookups when signed in: the
 * subject through its kind and the follow; none otherwise). The no-JS form comes back to the
 * current page.
 */
export async function followButton(c: AppContext, target: { kind: FollowKindView; id: string }): Promise<Child> {
  const ctx = viewContext(c);
  const user = c.get('user');
  let state: FollowState = 'anonymous';
  if (user) {
    const { db, subjects } = c.get('deps');
    const [found, following] = await Promise.all([subjects.kind(target.kind)?.load(db, [target.id], ctx.locale), isFollowing(db, user.id, target.id)]);
    const subject = found?.[0];
    if (!subject) return null;
    state = followStateOf(subject, following, user);
  }
  return <FollowButton ctx={ctx} kind={target.kind} id={target.id} state={state} returnTo={ctx.currentPath} />;
}
