import { describe, expect, it } from 'vitest';
import { Time } from '../../views/components/Time.js';

const html = (node: unknown) => String(node);

describe('Time', () => {
  const at = new Date('2026-03-14T09:30:00Z');

  it('writes the instant in ISO form and the date in the reader’s language', () => {
    expect(html(<Time at={at} locale="en" />)).toBe('<time datetime="2026-03-14T09:30:00.000Z">14 March 2026</time>');
    expect(html(<Time at={at} locale="fr" />)).toBe('<time datetime="2026-03-14T09:30:00.000Z">14 mars 2026</time>');
  });

  it('adds the time of day (London time) when asked', () => {
    const en = html(<Time at={at} locale="en" style="dateTime" />);
    expect(en).toMatch(/^<time datetime="2026-03-14T09:30:00.000Z">14 March 2026[^<]*09:30<\/time>$/);
    expect(html(<Time at={at} locale="fr" style="dateTime" />)).toMatch(/>14 mars 2026[^<]*09:30<\/time>$/);
  });
});
