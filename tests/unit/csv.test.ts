import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/csv.js';

describe('CSV, spreadsheet-formula-safe', () => {
  it('leaves plain cells alone and quotes commas, quotes and line breaks', () => {
    expect(csvCell('Pocket parks')).toBe('Pocket parks');
    expect(csvCell('Parks, and more')).toBe('"Parks, and more"');
    expect(csvCell('The "best" idea')).toBe('"The ""best"" idea"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
  it.each(['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('never lets %j run as a formula', (v) => {
    const cell = csvCell(v);
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
  });
  it('keeps numbers with a minus sign readable', () => expect(csvCell('-2')).toBe("'-2"));
  it('joins rows with CRLF', () => expect(toCsv([['a', 'b'], ['1', '=2']])).toBe("a,b\r\n1,'=2\r\n"));
});
