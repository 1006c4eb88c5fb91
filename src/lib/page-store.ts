import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * A rendered page as the cache keeps it: its version, its bytes plain and gzipped, the response
 * headers that are part of it (htmx's, e.g. HX-Push-Url), when it was made.
 */
export type StoredPage = {
  version: string;
  /** The scopes its content named when it was made (the cards of a list), whose versions are part of `version`. */
  shows: string[];
  plain: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
  madeAt: number;
  /** Its weak ETag: names this render (key, version, when made), so a 304 is only for the very bytes a browser holds. */
  etag: string;
};

/**
 * The rendered pages of one process, least recently used first out, within a byte budget. A page
 * is served only under the version it was made under (src/lib/page-versions.ts) and for at most
 * `maxAgeMs` (what moves with the clock alone — a phase that opens, a date that passes — is never
 * older than that).
 */
export type PageStore = {
  /** The scopes the page stored under `key` named as it was made (none when there is no page). */
  shows(key: string): string[];
  get(key: string, version: string, now: number): StoredPage | undefined;
  /** Makes the stored form of a page and keeps it, unless `keep` is false (then it is only served). */
  put(key: string, version: string, shows: string[], html: string, headers: [string, string][], now: number, keep?: boolean): StoredPage;
  /**
   * The end of the making of the page under `key` by another request, if one is making it now: a
   * request that misses waits for it and looks again, rather than making the same page at the
   * same moment (after each write, every visitor of a busy page missed at once).
   */
  making(key: string): Promise<void> | undefined;
  /** Marks the page under `key` as being made, until the function it answers is called. */
  startMaking(key: string): () => void;
  /** Bytes held (plain and gzipped) and entries. */
  size(): { bytes: number; entries: number };
};

/** What a stored page counts against the budget: its bytes, and an estimate for its headers and scopes. */
const cost = (page: StoredPage) => page.plain.length + page.gzip.length + 64 * (page.headers.length + page.shows.length);

export function createPageStore(maxBytes: number, maxAgeMs: number): PageStore {
  const pages = new Map<string, StoredPage>();
  const makings = new Map<string, Promise<void>>();
  let bytes = 0;
  const drop = (key: string, page: StoredPage) => {
    pages.delete(key);
    bytes -= cost(page);
  };
  return {
    shows: (key) => pages.get(key)?.shows ?? [],
    get(key, version, now) {
      const page = pages.get(key);
      if (!page) return undefined;
      if (page.version !== version || now - page.madeAt >= maxAgeMs || now < page.madeAt) {
        drop(key, page);
        return undefined;
      }
      pages.delete(key); // most recently used goes last
      pages.set(key, page);
      return page;
    },
    put(key, version, shows, html, headers, now, keep = true) {
      const plain = new TextEncoder().encode(html);
      const etag = `W/"${createHash('sha256').update(`${key}\n${version}\n${now}`).digest('base64url').slice(0, 27)}"`;
      const page: StoredPage = { version, shows, plain, gzip: new Uint8Array(gzipSync(plain)), headers, madeAt: now, etag };
      const old = pages.get(key);
      if (old) drop(key, old);
      const size = cost(page);
      if (!keep || size > maxBytes) return page; // served once, not kept
      for (const [k, p] of pages) {
        if (bytes + size <= maxBytes) break;
        drop(k, p);
      }
      pages.set(key, page);
      bytes += size;
      return page;
    },
    making: (key) => makings.get(key),
    startMaking(key) {
      let done!: () => void;
      const making = new Promise<void>((resolve) => (done = resolve));
      makings.set(key, making);
      return () => {
        if (makings.get(key) === making) makings.delete(key);
        done();
      };
    },
    size: () => ({ bytes, entries: pages.size }),
  };
}
