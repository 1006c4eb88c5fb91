import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/markdown.js';

// A corpus of classic XSS vectors (OWASP filter-evasion cheat sheet and friends).
const corpus = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="#" onclick="alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<object data="x"></object><embed src="x">',
  '<form action="https://evil.example"><button>go</button></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<style>*{display:none}</style>',
  '"><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<<img src=x onerror=alert(1)//<',
  '`<script>`alert(1)`</script>`',
  '<a href="https://ok.example" target="_blank">ok</a>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<a href="//evil.example">protocol relative</a>',
];

describe('renderMarkdown', () => {
  it('renders ordinary markdown', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** and a [link](https://example.org).\n\n- one\n- two');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">link</a>');
    expect(html).toContain('<li>one</li>');
  });

  for (const input of corpus) {
    it(`neutralises ${JSON.stringify(input).slice(0, 60)}`, () => {
      const html = renderMarkdown(input);
      expect(html).not.toMatch(/<script|<iframe|<object|<embed|<svg|<math|<style|<link|<meta|<base|<form|<input|<img|<video|<details|<body/i);
      expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i); // an event handler inside a tag (escaped text is harmless)
      expect(html).not.toMatch(/href\s*=\s*"\s*(javascript|vbscript|data):/i);
      expect(html).not.toMatch(/href="\/\//);
      expect(html).not.toMatch(/style=/i);
      expect(html).not.toMatch(/target=/i);
    });
  }
});
