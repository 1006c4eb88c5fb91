import type { Child } from 'hono/jsx';
import type { AppContext } from '../../lib/context.js';

/** Follow / unfollow control for an idea or a challenge (one query when signed in, none otherwise). */
export async function followButton(_c: AppContext, _target: { kind: 'idea' | 'challenge'; id: string }): Promise<Child> {
  return null;
}
