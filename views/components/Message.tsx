import type { Child } from 'hono/jsx';
import type { MessageKey, Params, T } from '../../src/i18n/index.js';

const MARK = '\u0001';

/**
 * A translated sentence with an element where its `{slot}` placeholder stands (a link, a title in
 * another language): the catalogue keeps the word order, the element keeps its markup.
 */
export function Message({ t, k, params, slot, children }: { t: T; k: MessageKey; params?: Params; slot: string; children: Child }) {
  const [before, after] = t(k, { ...params, [slot]: MARK }).split(MARK);
  return (
    <>
      {before}
      {children}
      {after}
    </>
  );
}
