import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { ForbiddenError, RateLimitedError } from '../../lib/errors.js';
import { limitRequest } from '../../http/limits.js';
import { readForm } from '../../http/form.js';
import { isHtmx, render, respond, safeNext, viewContext } from '../../http/render.js';
import { pageLinks } from '../../lib/pagination.js';
import { FollowButton, followDomId, type FollowKindView } from '../../../views/follows/FollowButton.js';
import { FollowingPage } from '../../../views/follows/FollowingPage.js';
import { requestViewer } from '../organisations/index.js';
import { followSubject, unfollowSubject } from './commands/follow.js';
import { listFollowing } from './queries.js';
import { followStateOf } from './section.js';
import { followLimit } from './limits.js';

export const followsRoutes = new Hono<AppEnv>();

const DONE: Record<FollowKindView, Record<'follow' | 'unfollow', MessageKey>> = {
  idea: { follow: 'follows.following.idea', unfollow: 'follows.unfollowed.idea' },
  challenge: { follow: 'follows.following.challenge', unfollow: 'follows.unfollowed.challenge' },
};

/** Where the no-JS form comes back to: a same-site path and query (percent-encoded: a raw "é" in a Location header would fail), without its fragment. */
async function returnPath(c: AppContext, fallback: string): Promise<string> {
  const { returnTo: raw } = (await readForm(c)).values;
  const back = new URL(safeNext(raw, fallback), 'http://localhost');
  return back.pathname + back.search;
}

/**
 * Follow or unfollow an idea or a challenge from its page, then back to the page the form was on
 * (returnTo) at the control, with a flash; htmx gets the control itself with an announcement. A
 * refusal (withdrawn idea, archived challenge) is a 403 with the reason: the control with the
 * message for htmx, the error page without JavaScript. Unknown, malformed, other-kind and draft
 * subjects are 404s.
 */
function toggle(kind: FollowKindView, verb: 'follow' | 'unfollow') {
  return async (c: AppContext) => {
    const { user } = signedIn(c);
    const id = (c.req.param('id') ?? '').toLowerCase();
    const returnTo = await returnPath(c, `/${kind === 'idea' ? 'ideas' : 'challenges'}/${id}`);
    const ctx = () => viewContext(c);
    let subject;
    try {
      await limitRequest(c, followLimit);
      subject = verb === 'follow' ? await followSubject(c.get('deps'), user, { kind, id }) : await unfollowSubject(c.get('deps'), user, { kind, id });
    } catch (err) {
      if (err instanceof RateLimitedError && isHtmx(c)) {
        // Nothing changed: the control as it was, saying why.
        c.header('Vary', 'HX-Request', { append: true });
        c.header('Retry-After', String(err.retryAfterSeconds));
        return c.html(String(<FollowButton ctx={ctx()} kind={kind} id={id} state={verb === 'follow' ? 'notFollowing' : 'following'} returnTo={returnTo} error="follows.rateLimited" />), 429);
      }
      if (!(err instanceof ForbiddenError) || !isHtmx(c)) throw err;
      c.header('Vary', 'HX-Request', { append: true });
      return c.html(String(<FollowButton ctx={ctx()} kind={kind} id={id} state="closed" returnTo={returnTo} error={isMessageKey(err.reason) ? err.reason : 'error.forbidden.body'} />), 403);
    }
    const done = DONE[kind][verb];
    const state = followStateOf(subject, verb === 'follow', user);
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

/** "What you follow": every subject the person follows, newest first, each with a Stop following button. */
followsRoutes.get('/following', requireSignIn, async (c) => {
  const viewer = (await requestViewer(c))!;
  const after = c.req.query('after') || undefined;
  const { items, next } = await listFollowing(c.get('deps'), viewer, c.get('locale'), { after });
  const ctx = viewContext(c);
  return render(
    c,
    <FollowingPage
      ctx={ctx}
      items={items.map((i) => ({ subjectId: i.subjectId, followedAt: i.followedAt, subject: i.subject && { title: i.subject.title, url: i.subject.url, label: i.subject.label } }))}
      {...pageLinks('/following', after, next)}
    />,
  );
});

/**
 * Stop following any subject (from "What you follow" and from a notification), then back to the
 * page the form was on with a flash.
 */
followsRoutes.post('/following/:id/unfollow', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const returnTo = await returnPath(c, '/following');
  await limitRequest(c, followLimit);
  await unfollowSubject(c.get('deps'), user, { id: c.req.param('id') });
  return respond(c, { redirect: returnTo, flash: { kind: 'success', key: 'follows.unfollowed.subject' } });
});
