import { createMiddleware } from 'hono/factory';
import { isUuid } from '../lib/fields.js';
import { bumpsHere, countedHere, pageScope, pageVersions } from '../lib/page-versions.js';
import type { StoredPage } from '../lib/page-store.js';
import type { AppContext, AppEnv } from './context.js';
import { isHtmx } from './render.js';

export type CachedPageOptions = {
  /**
   * The scopes the page shows besides the site's (src/lib/page-versions.ts), for this request; an
   * id that cannot be valid gives null (not cached: the route answers its 404).
   */
  scopes: (c: AppContext) => readonly string[] | null;
  /** What else the page depends on besides its path, query, language and htmx (the random order's seed). */
  varies?: (c: AppContext) => string;
};

/** Whether the client takes gzip (any q above 0, by name or by `*`). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** The scopes of a page named by its `:id`, or null when the id cannot be one (the route answers 404 uncached). */
export function byId(c: AppContext, scopes: (id: string) => string | readonly string[]): readonly string[] | null {
  const id = c.req.param('id');
  if (!id || !isUuid(id)) return null;
  const s = scopes(id.toLowerCase());
  return typeof s === 'string' ? [s] : s;
}

/**
 * What a list page shows besides its scopes: the subjects of its cards (`pageScope.subject`), with
 * the sum of their versions read in the same statement as the cards' rows (`versions`, on
 * PostgreSQL). The page is then kept under those versions too, and a change to one of its cards
 * (a support: pageScope.subject and pageScope.ranking, not the whole list's ideasOf) makes again
 * only the pages that show it. On the embedded database the versions are this process's counts.
 */
export function pageShows(c: AppContext, scopes: string[], versions: readonly number[]): void {
  const { dbKind } = c.get('deps');
  c.set('pageShows', { scopes, version: dbKind === 'pglite' ? countedHere(scopes) : versions.reduce((sum, v) => sum + v, 0) });
}

const matches = (ifNoneMatch: string | undefined, etag: string) => ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*');

/**
 * Anonymous pages from a rendered cache (docs/decisions/0051). For a visitor without a session or
 * a flash, the page is looked up by its path and query, language, htmx or not and `varies`, under
 * the version of its scopes and of the cards it showed (pageShows), read first (one query on
 * PostgreSQL, none on the embedded database); a hit is served as stored, gzipped when the client
 * takes it, a miss is made by the route and stored — once: a request that misses while another
 * makes the same page waits for it and looks again (decision 0057). The pages hold
 * nothing of the visitor's (no CSRF token, no nonce: the language switch is a link, the CSP
 * allows our own scripts only); a page that does anyway is served and not kept.
 *
 * Browsers get a weak ETag (the stored render: key, version, when made) and `private, no-cache` — revalidate every time, and
 * never from a shared proxy — with `Vary: HX-Request, Cookie, Accept-Encoding`.
 */
export const cachedPage = (options: CachedPageOptions) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const deps = c.get('deps');
    const store = deps.pages;
    if (!store || c.get('session') || c.get('pending') || c.get('flash') || c.req.method !== 'GET') return next();
    const scopes = options.scopes(c);
    if (!scopes) return next();
    const url = new URL(c.req.url);
    const key = [url.pathname + url.search, c.get('locale'), isHtmx(c) ? 'fragment' : 'page', options.varies?.(c) ?? ''].join('\n');
    // The stored page's version: its scopes' (read before its data), then its cards' (pageShows).
    const look = async () => {
      const now = deps.clock.now().getTime();
      const versions = await pageVersions(deps.db, deps.dbKind, [pageScope.site, ...scopes], store.shows(key));
      return { now, versions, hit: store.get(key, `${versions.base}.${versions.shown}`, now) };
    };
    let found = await look();
    const other = found.hit ? undefined : store.making(key);
    if (other) {
      await other; // another request is making this page: its page, if nothing changed meanwhile
      found = await look();
    }
    const { now, versions, hit } = found;
    const headers = (page: StoredPage) => {
      c.header('ETag', page.etag);
      c.header('Cache-Control', 'private, no-cache');
      c.header('Vary', 'HX-Request, Cookie, Accept-Encoding');
      return page.etag;
    };
    const gzip = acceptsGzip(c.req.header('Accept-Encoding'));
    if (hit) {
      if (matches(c.req.header('If-None-Match'), headers(hit))) return c.body(null, 304);
      c.header('X-Page-Cache', 'hit');
      return send(c, hit, gzip);
    }
    const made = store.startMaking(key);
    try {
      const bumpsBefore = bumpsHere();
      await next();
      const type = c.res.headers.get('Content-Type') ?? '';
      if (c.res.status !== 200 || !type.startsWith('text/html')) return;
      const html = await c.res.text();
      const token = c.get('csrfToken');
      if (token && html.includes(token)) {
        deps.logger.warn('page cache: a page holds the visitor’s token and is not kept', { path: url.pathname });
        c.res = new Response(html, { headers: { 'Content-Type': type } });
        return;
      }
      const own = [...c.res.headers].filter(([name]) => name.startsWith('hx-'));
      const shows = c.get('pageShows');
      // On the embedded database a card's count comes from this process: a bump while the page was
      // made may be counted and its row not read (or the reverse), so such a page is served, not kept.
      const keep = !shows || deps.dbKind === 'postgres' || bumpsHere() === bumpsBefore;
      const page = store.put(key, `${versions.base}.${shows?.version ?? 0}`, shows?.scopes ?? [], html, own, now, keep);
      c.res = new Response(gzip ? page.gzip : page.plain, { headers: { 'Content-Type': type, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) } });
      headers(page);
      c.header('X-Page-Cache', 'miss');
    } finally {
      made();
    }
  });

function send(c: AppContext, page: StoredPage, gzip: boolean) {
  c.header('Content-Type', 'text/html; charset=UTF-8');
  for (const [name, value] of page.headers) c.header(name, value);
  if (gzip) c.header('Content-Encoding', 'gzip');
  return c.body(gzip ? page.gzip : page.plain);
}
