import { createMiddleware } from 'hono/factory';
import type { AppContext, AppEnv } from './context.js';
import { setFlash } from './render.js';
import type { SessionInfo, SessionUser } from '../auth/sessions.js';

/** Sends people who are not signed in to the sign-in page, coming back afterwards. */
export const requireSignIn = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('user')) return next();
  setFlash(c as AppContext, { kind: 'info', key: 'auth.signInRequired' });
  const back = c.req.method === 'GET' ? c.req.path + new URL(c.req.url).search : c.req.path;
  return c.redirect(`/sign-in?next=${encodeURIComponent(back)}`, 303);
});

/** The signed-in user and session, for handlers behind requireSignIn. */
export function signedIn(c: AppContext): { user: SessionUser; session: SessionInfo } {
  const user = c.get('user');
  const session = c.get('session');
  if (!user || !session) throw new Error('signedIn() used on a route without requireSignIn');
  return { user, session };
}
