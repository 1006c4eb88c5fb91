import { raw } from 'hono/html';

/**
 * The one place raw HTML is emitted: `html` must come from renderMarkdown() (src/lib/markdown.ts),
 * which sanitises marked's output with an allowlist.
 */
export function Markdown({ html, lang }: { html: string; lang?: string | undefined }) {
  return <div class="prose markdown" lang={lang}>{raw(html)}</div>;
}
