import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/http/render.js';

/** Where a browser would go if sent to `location` from a page on https://site.example. */
const resolved = (location: string) => new URL(location, 'https://site.example/current/page');

describe('safeNext: only same-site paths are followed after an action', () => {
  it.each(['/', '/account', '/organisations/riverside-council?tab=members#team', '/search?q=%2F%2Fevil.example', '/a/b/../c', '/caf%C3%A9'])(
    'keeps the local path %j',
    (path) => {
      expect(safeNext(path)).toBe(path);
    },
  );

  it.each([
    ['protocol-relative', '//evil.example/'],
    ['protocol-relative with backslash', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['absolute URL', 'https://evil.example/'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['relative path', 'account'],
    ['empty', ''],
    ['tab before the second slash (browsers drop tabs)', '/\t/evil.example'],
    ['newline before the second slash (browsers drop newlines)', '/\n/evil.example'],
    ['carriage return', '/\r/evil.example'],
    ['header injection', '/\r\nSet-Cookie: session=stolen'],
    ['NUL byte', '/\u0000'],
    ['other control characters', '/a\u0007b\u007f'],
    ['a dot segment before a second slash', '/.//evil.example'],
    ['a parent segment before a second slash', '/..//evil.example'],
    ['an encoded dot segment', '/%2e//evil.example'],
    ['an encoded parent segment', '/%2e%2e//evil.example'],
    ['a segment then a parent then a second slash', '/x/..//evil.example'],
    ['a dot segment then a backslash', '/.\\/evil.example'],
    ['several dot segments', '/././/evil.example/path?q=1'],
  ])('falls back for %s', (_, next) => {
    expect(safeNext(next)).toBe('/');
  });

  it.each([undefined, null, 42, ['/', '/'], { path: '/' }])('falls back for a non-string (%j)', (next) => {
    expect(safeNext(next)).toBe('/');
  });

  it('uses the fallback it is given', () => {
    expect(safeNext('//evil.example', '/account')).toBe('/account');
    expect(safeNext(undefined, '/sign-in')).toBe('/sign-in');
  });

  it('never produces a location that leaves the site, whatever the input', () => {
    const inputs = ['/', '//', '///', '/\\', '\\/', '/\t/', '/ /evil', '/%2F/evil', '/.//evil', '/..//evil', '/@evil.example', '/:evil', '/\u3000/evil', '/\uff0f/evil', '/\u2215evil'];
    for (const a of inputs) {
      for (const b of ['', 'evil.example', '/evil.example']) {
        const next = a + b;
        const out = safeNext(next);
        expect(resolved(out).origin, JSON.stringify(next)).toBe('https://site.example');
        expect(out.startsWith('/'), JSON.stringify(next)).toBe(true);
        expect(/[\u0000-\u001f\u007f]/.test(out), JSON.stringify(next)).toBe(false);
      }
    }
  });

  it('keeps what it returns usable as a Location header, and bounded', () => {
    const long = '/' + 'a'.repeat(5000);
    const out = safeNext(long);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(() => new Headers({ Location: out })).not.toThrow();
    expect(() => new Headers({ Location: safeNext('/ok\r\nX: y') })).not.toThrow();
  });
});
