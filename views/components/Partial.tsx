import type { Child } from 'hono/jsx';

/** An extra region an htmx response updates besides its target (htmx 4 <hx-partial>). */
export function Partial({ target, swap, children }: { target: string; swap: string; children?: Child }) {
  return (
    <hx-partial data-hx-target={target} data-hx-swap={swap}>
      {children}
    </hx-partial>
  );
}
