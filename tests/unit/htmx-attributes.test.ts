/**
 * htmx attributes are written in their valid HTML form, `data-hx-*` (htmx 4 reads both), with
 * `-` as htmx's meta character instead of `:` (set in the page's htmx-config): a bare `hx-*`
 * attribute or a `:` in an attribute name fails the W3C Nu checker. This covers the fragments
 * htmx swaps in too, which the browser suite's validator never sees as whole pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe('htmx attributes in views and routes', () => {
  const files = [...sources('views'), ...sources('src')];
  it('scans the templates', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  it('has no bare hx-* attribute and no colon in an htmx attribute name', () => {
    const found = files.flatMap((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return [...text.matchAll(/(?<![\w-])(?:data-)?hx-[a-z-]*:[a-z0-9-]+(?=\s*=|['"]\s*:)|(?<![\w.-])hx-[a-z-]+(?=\s*=|['"]\s*:)/g)].map((m) => `${file}: ${m[0]}`);
    });
    expect(found).toEqual([]);
  });
  it('sets the meta character the attribute names rely on', () => {
    expect(fs.readFileSync(path.join(root, 'views/layout/Page.tsx'), 'utf8')).toContain('"metaCharacter":"-"');
  });
});
