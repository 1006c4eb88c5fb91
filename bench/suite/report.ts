/**
 * The suite's table: one row per scenario with its comparison, min/median/max over the rounds,
 * the target and whether it is met; printed, and written into bench/README.md between the
 * markers (nothing else in the file changes).
 */
import fs from 'node:fs';
import { median } from './load.js';

export type Row = {
  scenario: string;
  /** What the ratio compares with. */
  against: string;
  /** Commonwise's throughput per round (req/s, or accepted votes/s). */
  own: number[];
  /** The comparison's throughput per round. */
  other: number[];
  /** The ratio per round (own ÷ other, or p99 ÷ p99 for growth). */
  ratio: number[];
  /** Commonwise's p99 per round, ms. */
  p99: number[];
  /** The comparison's p99 per round, ms (growth: the smaller data set's). */
  otherP99?: number[];
  target: string;
  /** undefined: recorded, no target of its own. */
  pass?: boolean;
  note?: string;
};

const spread = (xs: number[], digits = 0) => {
  if (xs.length === 0) return '—';
  const f = (x: number) => x.toFixed(digits);
  const s = [...xs].sort((a, b) => a - b);
  return `${f(s[0]!)} / ${f(median(s))} / ${f(s[s.length - 1]!)}`;
};

export function table(rows: Row[]): string {
  const lines = [
    '| scenario | compared with | Commonwise req/s min / median / max | comparison req/s (median) | ratio min / median / max | p99 ms (median) | comparison p99 ms (median) | target | result |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.scenario} | ${r.against} | ${spread(r.own)} | ${r.other.length ? Math.round(median(r.other)) : '—'} | ${spread(r.ratio, 2)} | ${r.p99.length ? Math.round(median(r.p99)) : '—'} | ${r.otherP99?.length ? Math.round(median(r.otherP99)) : '—'} | ${r.target} | ${r.pass === undefined ? 'recorded' : r.pass ? '**pass**' : '**FAIL**'}${r.note ? ` (${r.note})` : ''} |`,
    );
  return lines.join('\n');
}

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/**
 * Puts `body` between the markers in the README; without markers, a new section with them goes
 * before "## Results" (or at the end).
 */
export function writeReadme(file: string, body: string, section: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const block = `${START}\n${body.trim()}\n${END}`;
  let next: string;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) next = text.slice(0, a) + block + text.slice(b + END.length);
  else {
    const at = text.indexOf('\n## Results');
    const add = `${section.trim()}\n\n${block}\n`;
    next = at >= 0 ? `${text.slice(0, at + 1)}${add}\n${text.slice(at + 1)}` : `${text.trimEnd()}\n\n${add}`;
  }
  fs.writeFileSync(file, next);
}
