import type { Locale, MessageKey, Params, T } from '../../src/i18n/index.js';

export type Flash = { kind: 'success' | 'info' | 'error'; key: MessageKey; params?: Params };

/** What every page view receives: plain data, no database, no request. */
export type ViewContext = {
  t: T;
  locale: Locale;
  user: { id: string; displayName: string; /** Shown to the person only (the notice while it is not confirmed). */ email: string; isAdmin: boolean; emailVerified: boolean; /** Unread notifications (counted up to 100). */ unread: number; /** On a judging panel: the header links to the Judging area. */ judge?: boolean } | null;
  csrfToken: string;
  flash: Flash | null;
  /** Path and query of the current page, to come back to after switching language. */
  currentPath: string;
  htmxSrc: string;
  requestId: string;
};
