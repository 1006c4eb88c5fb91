import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import { FollowButton, type FollowState } from '../../../views/follows/FollowButton.js';
import type { Actor } from '../../lib/policy.js';
import { canFollow, type FollowTarget } from './policy.js';
import { getFollowState } from './queries.js';

/** The control's state for a signed-in person, given the target and whether they follow it. */
export function followStateOf(target: FollowTarget, following: boolean, actor: Actor): FollowState {
  if (following) return 'following';
  return canFollow(actor, target).ok ? 'notFollowing' : 'closed';
}

/**
 * Follow / unfollow control for an idea or a challenge (one query when signed in, none otherwise).
 * The no-JS form comes back to the current page.
 */
export async function followButton(c: AppContext, target: { kind: 'idea' | 'challenge'; id: string }): Promise<Child> {
  const ctx = viewContext(c);
  const user = c.get('user');
  let state: FollowState = 'anonymous';
  if (user) {
    const found = await getFollowState(c.get('deps').db, user.id, target);
    if (!found) return null;
    state = followStateOf(found.target, found.following, user);
  }
  return <FollowButton ctx={ctx} kind={target.kind} id={target.id} state={state} returnTo={ctx.currentPath} />;
}
