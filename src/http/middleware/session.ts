import { randomBytes } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import { cookieName, readCookie, writeCookie } from '../cookies.js';
import { createMiddleware } from 'hono/factory';
import { negotiateLocale, translator } from '../../i18n/index.js';
import type { Deps } from '../../lib/deps.js';
import type { AppEnv } from '../context.js';
import { ANON_CSRF_COOKIE, FLASH_COOKIE, LOCALE_COOKIE, setFlash, takeFlash } from '../render.js';

const ANON_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Who is asking and in which language: the session from its cookie (refreshed or cleared as
 * lucia says), the locale (the person's choice, then the cookie, then Accept-Language), the CSRF
 * token every form carries (the session's, or a visitor's own in an HttpOnly cookie), and on a
 * GET the one-time flash message (kept for the next page when the GET only redirects). Every answer to a signed-in person is `Cache-Control: no-store`:
 * on a shared computer, the next person pressing Back after sign-out must not see their pages.
 */
export const sessionContext = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const sessionId = getCookie(c, deps.sessions.cookieName);
    if (sessionId) {
      const v = await deps.sessions.validate(sessionId);
      if (v.cookie) c.header('Set-Cookie', v.cookie, { append: true });
      c.set('user', v.user);
      c.set('session', v.session);
      if (v.pending) c.set('pending', v.pending);
    }
    const user = c.get('user');
    const locale = negotiateLocale({ user: user?.locale, cookie: readCookie(c, LOCALE_COOKIE), acceptLanguage: c.req.header('Accept-Language') });
    c.set('locale', locale);
    c.set('t', translator(locale));

    let token = c.get('session')?.csrfToken ?? c.get('pending')?.csrfToken;
    if (!token) {
      token = readCookie(c, ANON_CSRF_COOKIE);
      if (!token || !ANON_TOKEN.test(token)) {
        token = randomBytes(24).toString('base64url');
        writeCookie(c, ANON_CSRF_COOKIE, token);
      }
    }
    c.set('csrfToken', token);
    const flash = c.req.method === 'GET' ? takeFlash(c) : null;
    if (c.req.method === 'GET') c.set('flash', flash);
    await next();
    // A GET that only redirects (a permalink: /comments/:id) showed nothing: the message goes on to the page it leads to.
    const flashCookie = cookieName(c, FLASH_COOKIE);
    if (flash && c.res.status >= 300 && c.res.status < 400 && !c.res.headers.getSetCookie().some((l) => l.startsWith(`${flashCookie}=`) && !l.startsWith(`${flashCookie}=;`))) setFlash(c, flash);
    if (c.get('session') || c.get('pending')) c.header('Cache-Control', 'no-store');
  });
