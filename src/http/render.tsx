import type { Child } from 'hono/jsx';
import { readCookie, removeCookie, writeCookie } from './cookies.js';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ViewContext, Flash } from '../../views/layout/types.js';
import type { AppContext } from './context.js';
import { isMessageKey } from '../i18n/index.js';

export const FLASH_COOKIE = 'cw_flash';
export const LOCALE_COOKIE = 'cw_locale';
/** CSRF token of a visitor without a session (sign-in and sign-up forms). */
export const ANON_CSRF_COOKIE = 'cw_csrf';
export const HTMX_SRC = `/static/htmx-${(await import('htmx.org/package.json', { with: { type: 'json' } })).default.version}.min.js`;

export const isHtmx = (c: AppContext) => c.req.header('HX-Request') === 'true';

/** Plain data for views, from the request's context. */
export function viewContext(c: AppContext): ViewContext {
  const user = c.get('user');
  const url = new URL(c.req.url);
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    user: user ? { id: user.id, displayName: user.displayName, email: user.email, isAdmin: user.isAdmin, emailVerified: user.emailVerified, unread: user.unread, judge: user.judge } : null,
    csrfToken: c.get('csrfToken'),
    flash: c.get('flash'),
    currentPath: c.req.method === 'GET' ? url.pathname + url.search : url.pathname,
    htmxSrc: HTMX_SRC,
    requestId: c.get('requestId'),
  };
}

/** Renders a full page (or any element) as an HTML response. */
export function render(c: AppContext, node: Child, status: 200 | 400 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 503 = 200) {
  c.header('Vary', 'HX-Request, Cookie', { append: true });
  return c.html('<!doctype html>' + String(node), status);
}

/** Queues a one-time message for the next page the person sees. */
export function setFlash(c: AppContext, flash: Flash) {
  writeCookie(c, FLASH_COOKIE, JSON.stringify(flash), { maxAge: 120 });
}

export function takeFlash(c: AppContext): Flash | null {
  const raw = readCookie(c, FLASH_COOKIE);
  if (raw === undefined) return null;
  removeCookie(c, FLASH_COOKIE);
  try {
    const f = JSON.parse(raw) as Partial<Flash>;
    if (isMessageKey(f.key) && (f.kind === 'success' || f.kind === 'info' || f.kind === 'error')) {
      return { kind: f.kind, key: f.key, ...(f.params && typeof f.params === 'object' ? { params: f.params } : {}) };
    }
  } catch {
    /* ignore a damaged cookie */
  }
  return null;
}

/**
 * Post/redirect/get for plain forms, fragment for htmx: an htmx request gets `fragment`
 * (the same component the page renders), a plain one a 303 to `redirect` with the flash.
 */
export function respond(c: AppContext, r: { redirect: string; flash?: Flash; fragment?: () => Child }) {
  c.header('Vary', 'HX-Request', { append: true });
  if (isHtmx(c) && r.fragment) return c.html(String(r.fragment()));
  if (r.flash) setFlash(c, r.flash);
  if (isHtmx(c)) {
    c.header('HX-Redirect', r.redirect);
    return c.body(null, 204);
  }
  return c.redirect(r.redirect, 303);
}

/**
 * Only same-site relative paths are followed after an action (no open redirects): the one check
 * for every `next` and `returnTo`. It checks the path as a browser (or our own URL handling) will
 * resolve it, so dot segments cannot turn it into a protocol-relative one (`/.//evil.example`,
 * `/%2e//…`, `/x/..//…` all resolve to `//evil.example`).
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001F\u007F]/.test(next)) return fallback;
  const kept = next.slice(0, 2000);
  let resolved: URL;
  try {
    resolved = new URL(kept, 'http://localhost');
  } catch {
    return fallback;
  }
  if (resolved.origin !== 'http://localhost' || resolved.pathname.startsWith('//')) return fallback;
  return kept;
}

/**
 * The client's address: the socket's, or — with TRUST_PROXY=N proxies in front — the address the
 * outermost of them appended to X-Forwarded-For (the N-th entry from the right). Entries to its
 * left are the client's own words: trusting the leftmost let anyone walk past every per-address
 * limit with a forged header. Fewer entries than proxies: the socket's address.
 */
export function clientIp(c: AppContext): string {
  const hops = c.get('deps').config.trustProxy;
  if (hops > 0) {
    const entries = (c.req.header('X-Forwarded-For') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    const appended = entries[entries.length - hops];
    if (appended) return appended;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}
