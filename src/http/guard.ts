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

/** Whether the session's last proof of identity (sign-in, re-authentication) is older than STEP_UP_SECONDS (default 15 minutes). */
export const needsStepUp = (session: SessionInfo, now: Date, stepUpSeconds: number) => now.getTime() - session.authenticatedAt.getTime() > stepUpSeconds * 1000;

/**
 * Step-up before a sensitive action (changing a password, inviting or removing members, announcing
 * winners, platform administration, second factors, ending sessions): unless the person signed in
 * or re-authenticated within STEP_UP_SECONDS, they are sent to /reauth, and back afterwards — to
 * the page itself for a GET, to the page the form was on for a POST (whose form they send again).
 */
export const requireRecentAuth = createMiddleware<AppEnv>(async (c, next) => stepUp(c as AppContext) ?? next());

/**
 * The step-up inside a handler, after its policy check (someone refused is told so, not asked to
 * sign in again first): the redirect to /reauth when one is due, else null.
 */
export function stepUp(c: AppContext): Response | null {
  const session = c.get('session');
  if (!session || !needsStepUp(session, c.get('now'), c.get('deps').config.stepUpSeconds)) return null;
  setFlash(c, { kind: 'info', key: 'secondFactor.reauth.needed' });
  return c.redirect(`/reauth?next=${encodeURIComponent(comingFrom(c))}`, 303);
}

/** Where to come back to: the page for a GET, else the same-origin page the form was on (the Referer), else the account page. */
function comingFrom(c: AppContext): string {
  if (c.req.method === 'GET') return c.req.path + new URL(c.req.url).search;
  const referer = c.req.header('Referer');
  if (referer) {
    try {
      const u = new URL(referer);
      if (u.origin === new URL(c.req.url).origin || u.origin === new URL(c.get('deps').config.publicUrl).origin) return u.pathname + u.search;
    } catch {
      // not a URL: fall through
    }
  }
  return '/account';
}

/**
 * Someone who must use a second factor (a platform admin, staff of an organisation that requires
 * it) and has none is sent to set one up, from every page but that one, re-authentication (adding
 * a factor needs a recent sign-in), signing out, the language switch and static files, until they have.
 */
export const requireSecondFactorWhenRequired = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.get('user');
  if (!user || !user.secondFactorRequired || user.secondFactor) return next();
  const path = c.req.path;
  if (path === '/account/security' || path.startsWith('/account/security/') || path === '/reauth' || path === '/sign-out' || path.startsWith('/locale') || path.startsWith('/static/')) return next();
  setFlash(c as AppContext, { kind: 'info', key: 'secondFactor.required.notice' });
  return c.redirect('/account/security', 303);
});
