import type { Context } from 'hono';
import type { PendingSession, SessionInfo, SessionUser } from '../auth/sessions.js';
import type { Locale, T } from '../i18n/index.js';
import type { Deps } from '../lib/deps.js';
import type { Flash } from '../../views/layout/types.js';

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    /** The time of this request, from the clock (one moment for every part of a page). */
    now: Date;
    locale: Locale;
    t: T;
    user: SessionUser | null;
    session: SessionInfo | null;
    /** Signed in with the password, the second factor still to come (src/features/second-factor): nobody is signed in yet. */
    pending?: PendingSession;
    csrfToken: string;
    flash: Flash | null;
    secureHeadersNonce?: string;
    /** Lookups made once per request and shared by the parts of a page (see requestMemo). */
    memo?: Map<string, Promise<unknown>>;
    /** The scopes a page's content named as it was made, with their version then (pageShows in src/http/page-cache.ts). */
    pageShows?: { scopes: string[]; version: number };
  };
};

export type AppContext = Context<AppEnv>;

/**
 * The result of `load` for this request under `key`: computed the first time a part of the page
 * asks, shared by every later part (e.g. the viewer's membership of a council, which the
 * challenge page, its ideas and its responses each need).
 */
export function requestMemo<T>(c: AppContext, key: string, load: () => Promise<T>): Promise<T> {
  let memo = c.get('memo');
  if (!memo) c.set('memo', (memo = new Map()));
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) memo.set(key, (found = load()));
  return found;
}
