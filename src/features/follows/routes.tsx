import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { ForbiddenError } from '../../lib/errors.js';
import { readForm } from '../../http/form.js';
import { isHtmx, respond, safeNext, viewContext } from '../../http/render.js';
import { FollowButton, followDomId } from '../../../views/follows/FollowButton.js';
import { followTarget } from './commands/follow-target.js';
import { unfollowTarget } from './commands/unfollow-target.js';
import type { FollowKind, FollowTarget } from './policy.js';
import { followStateOf } from './section.js';

export const followsRoutes = new Hono<AppEnv>();

const DONE: Record<FollowKind, Record<'follow' | 'unfollow', MessageKey>> = {
  idea: { follow: 'follows.following.idea', unfollow: 'follows.unfollowed.idea' },
  challenge: { follow: 'follows.following.challenge', unfollow: 'follows.unfollowed.challenge' },
};

/**
 * Follow or unfollow, then back to the page the form was on (returnTo, same-site paths only) at
 * the control, with a flash; htmx gets the control itself with an announcement. A refusal
 * (withdrawn idea, archived challenge) is a 403 with the reason: the control with the message for
 * htmx, the error page without JavaScript. Unknown, malformed and draft targets are 404s.
 */
function toggle(kind: FollowKind, verb: 'follow' | 'unfollow') {
  return async (c: AppContext) => {
    const { user } = signedIn(c);
    const id = (c.req.param('id') ?? '').toLowerCase();
    const ref = { kind, id };
    const { returnTo: raw } = (await readForm(c)).values;
    // Percent-encoded path and query (a raw "é" in a Location header would fail), without its fragment.
    const back = new URL(safeNext(raw, `/${kind === 'idea' ? 'ideas' : 'challenges'}/${id}`), 'http://localhost');
    const returnTo = back.pathname + back.search;
    const ctx = () => viewContext(c);
    let target: FollowTarget;
    try {
      target = verb === 'follow' ? await followTarget(c.get('deps'), user, ref) : await unfollowTarget(c.get('deps'), user, ref);
    } catch (err) {
      if (!(err instanceof ForbiddenError) || !isHtmx(c)) throw err;
      c.header('Vary', 'HX-Request', { append: true });
      return c.html(String(<FollowButton ctx={ctx()} kind={kind} id={id} state="closed" returnTo={returnTo} error={isMessageKey(err.reason) ? err.reason : 'error.forbidden.body'} />), 403);
    }
    const done = DONE[kind][verb];
    const state = followStateOf(target, verb === 'follow', user);
    return respond(c, {
      redirect: `${returnTo}#${followDomId(kind, id)}`,
      flash: { kind: 'success', key: done },
      fragment: () => <FollowButton ctx={ctx()} kind={kind} id={id} state={state} returnTo={returnTo} announce={done} />,
    });
  };
}

followsRoutes.post('/ideas/:id/follow', requireSignIn, toggle('idea', 'follow'));
followsRoutes.post('/ideas/:id/unfollow', requireSignIn, toggle('idea', 'unfollow'));
followsRoutes.post('/challenges/:id/follow', requireSignIn, toggle('challenge', 'follow'));
followsRoutes.post('/challenges/:id/unfollow', requireSignIn, toggle('challenge', 'unfollow'));
