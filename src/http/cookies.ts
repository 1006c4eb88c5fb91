import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from './context.js';

/**
 * Every cookie of ours, one way: HttpOnly, SameSite=Lax, Path=/, and over HTTPS Secure and
 * `__Host-` prefixed, so the browser refuses it unless it is host-only and came over TLS (no
 * sibling sub-domain can set or shadow it). The session cookie follows the same rule in
 * src/auth/sessions.ts (sessionCookieName).
 */
const https = (c: AppContext) => c.get('deps').config.https;
const prefix = (c: AppContext) => (https(c) ? ('host' as const) : undefined);

/** The cookie's name as the browser holds it (`__Host-cw_flash` over HTTPS). */
export const cookieName = (c: AppContext, name: string) => (https(c) ? `__Host-${name}` : name);

export const readCookie = (c: AppContext, name: string): string | undefined => getCookie(c, name, prefix(c));

export function writeCookie(c: AppContext, name: string, value: string, options: { maxAge?: number } = {}) {
  setCookie(c, name, value, { path: '/', httpOnly: true, sameSite: 'Lax', secure: https(c), ...options, ...(prefix(c) ? { prefix: prefix(c) } : {}) });
}

export function removeCookie(c: AppContext, name: string) {
  deleteCookie(c, name, { path: '/', secure: https(c), ...(prefix(c) ? { prefix: prefix(c) } : {}) });
}
