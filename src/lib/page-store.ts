import { gzipSync } from 'node:zlib';

/**
 * A rendered page as the cache keeps it: its version, its bytes plain and gzipped, the response
 * headers that are part of it (htmx's, e.g. HX-Push-Url), when it was made.
 */
export type StoredPage = { version: string; plain: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer>; headers: [string, string][]; madeAt: number };

/**
 * The rendered pages of one process, least recently used first out, within a byte budget. A page
 * is served only under the version it was made under (src/lib/page-versions.ts) and for at most
 * `maxAgeMs` (what moves with the clock alone — a phase that opens, a date that passes — is never
 * older than that).
 */
export type PageStore = {
  get(key: string, version: string, now: number): StoredPage | undefined;
  put(key: string, version: string, html: string, headers: [string, string][], now: number): StoredPage;
  /** Bytes held (plain and gzipped) and entries. */
  size(): { bytes: number; entries: number };
};

export function createPageStore(maxBytes: number, maxAgeMs: number): PageStore {
  const pages = new Map<string, StoredPage>();
  let bytes = 0;
  const drop = (key: string, page: StoredPage) => {
    pages.delete(key);
    bytes -= page.plain.length + page.gzip.length + 64 * page.headers.length;
  };
  return {
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
    put(key, version, html, headers, now) {
      const plain = new TextEncoder().encode(html);
      const page: StoredPage = { version, plain, gzip: new Uint8Array(gzipSync(plain)), headers, madeAt: now };
      const old = pages.get(key);
      if (old) drop(key, old);
      const cost = page.plain.length + page.gzip.length + 64 * headers.length;
      if (cost > maxBytes) return page; // served once, not kept
      for (const [k, p] of pages) {
        if (bytes + cost <= maxBytes) break;
        drop(k, p);
      }
      pages.set(key, page);
      bytes += cost;
      return page;
    },
    size: () => ({ bytes, entries: pages.size }),
  };
}
