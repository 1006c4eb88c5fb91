/**
 * The competition's arithmetic (issue 13, point 5) on worked examples: each expected number is
 * worked out by hand in the comments, then compared to two decimals (the precision finals are
 * shown and tied at).
 */
import { describe, expect, it } from 'vitest';
import { aggregate, applyTieBreaks, judgeScore, round2, type Criterion, type JudgeScore } from '../../src/features/judging/aggregate.js';

const byId = (r: ReturnType<typeof aggregate>) => Object.fromEntries(r.ideas.map((i) => [i.ideaId, i]));
const two = (x: number | null) => (x === null ? null : round2(x));

describe('a judge’s score: the weighted mean of the criteria, each scaled to 0–100', () => {
  // impact: weight 2, scale 1–5; cost: weight 1, scale 0–10.
  const criteria: Criterion[] = [
    { id: 'impact', weight: 2, min: 1, max: 5 },
    { id: 'cost', weight: 1, min: 0, max: 10 },
  ];
  it('impact 4 → 75, cost 5 → 50: (2 × 75 + 50) ÷ 3 = 66.67', () => expect(two(judgeScore(criteria, { impact: 4, cost: 5 }))).toBe(66.67));
  it('the scale’s bottom is 0 and its top 100', () => {
    expect(judgeScore(criteria, { impact: 1, cost: 0 })).toBe(0);
    expect(judgeScore(criteria, { impact: 5, cost: 10 })).toBe(100);
  });
  it('refuses a criterion left unscored', () => expect(() => judgeScore(criteria, { impact: 3 })).toThrow());
});

describe('panel, people and final', () => {
  const criteria: Criterion[] = [
    { id: 'impact', weight: 2, min: 1, max: 5 },
    { id: 'cost', weight: 1, min: 0, max: 10 },
  ];
  const scores: JudgeScore[] = [
    // X: A → (2×75 + 50) ÷ 3 = 66.667; B: impact 5 → 100, cost 8 → 80: (200 + 80) ÷ 3 = 93.333. P = 80.
    { judgeId: 'A', ideaId: 'X', values: { impact: 4, cost: 5 } },
    { judgeId: 'B', ideaId: 'X', values: { impact: 5, cost: 8 } },
    // Y: A → impact 2 → 25, cost 9 → 90: (50 + 90) ÷ 3 = 46.667; B → impact 3 → 50, cost 2 → 20: (100 + 20) ÷ 3 = 40. P = 43.333.
    { judgeId: 'A', ideaId: 'Y', values: { impact: 2, cost: 9 } },
    { judgeId: 'B', ideaId: 'Y', values: { impact: 3, cost: 2 } },
  ];
  // Supports: X 30, Y 120 → V(X) = 100 × 30 ÷ 120 = 25, V(Y) = 100.
  const shortlist = [
    { ideaId: 'X', supports: 30 },
    { ideaId: 'Y', supports: 120 },
  ];

  it('w = 0.25: X = 0.75 × 80 + 0.25 × 25 = 66.25, Y = 0.75 × 43.333 + 0.25 × 100 = 57.50', () => {
    const r = aggregate({ criteria, scores, shortlist, normalisation: 'none', peopleWeight: 0.25 });
    const x = byId(r)['X']!;
    const y = byId(r)['Y']!;
    expect([two(x.panel), two(x.people), two(x.final), x.rank, x.judges]).toEqual([80, 25, 66.25, 1, 2]);
    expect([two(y.panel), two(y.people), two(y.final), y.rank]).toEqual([43.33, 100, 57.5, 2]);
    expect(r.ideas.map((i) => i.ideaId)).toEqual(['X', 'Y']);
    expect(r.ties).toEqual([]);
    // Per criterion (before normalisation): X impact (75 + 100) ÷ 2 = 87.5, cost (50 + 80) ÷ 2 = 65; spread 93.333 − 66.667 = 26.67.
    expect(x.criteria).toEqual({ impact: 87.5, cost: 65 });
    expect(two(x.spread)).toBe(26.67);
  });

  it('w = 0.75 turns it round: X = 0.25 × 80 + 0.75 × 25 = 38.75, Y = 0.25 × 43.333 + 75 = 85.83', () => {
    const r = aggregate({ criteria, scores, shortlist, normalisation: 'none', peopleWeight: 0.75 });
    expect(r.ideas.map((i) => [i.ideaId, two(i.final), i.rank])).toEqual([
      ['Y', 85.83, 1],
      ['X', 38.75, 2],
    ]);
  });

  it('no vote (w = 0): the panel alone; nobody supported anything: V = 0', () => {
    const r = aggregate({ criteria, scores, shortlist: shortlist.map((s) => ({ ...s, supports: 0 })), normalisation: 'none', peopleWeight: 0 });
    expect(r.ideas.map((i) => [i.ideaId, two(i.final), i.people])).toEqual([
      ['X', 80, 0],
      ['Y', 43.33, 0],
    ]);
  });

  it('a removed judge’s scores leave the totals: P(X) = 66.67 (A alone), P(Y) = 46.67', () => {
    const r = aggregate({ criteria, scores, shortlist, normalisation: 'none', peopleWeight: 0, removed: new Set(['B']) });
    expect(r.ideas.map((i) => [i.ideaId, two(i.panel), i.judges])).toEqual([
      ['X', 66.67, 1],
      ['Y', 46.67, 1],
    ]);
  });

  it('an idea no judge scored has no final and comes last; scores of ideas not shortlisted are ignored', () => {
    const r = aggregate({
      criteria,
      scores: [...scores, { judgeId: 'A', ideaId: 'Z', values: { impact: 5, cost: 10 } }],
      shortlist: [{ ideaId: 'W', supports: 500 }, ...shortlist],
      normalisation: 'none',
      peopleWeight: 0.25,
    });
    expect(r.ideas.map((i) => [i.ideaId, two(i.final), i.rank])).toEqual([
      // V now against W's 500: X 100 × 30 ÷ 500 = 6 → 0.75 × 80 + 1.5 = 61.5; Y 24 → 32.5 + 6 = 38.5.
      ['X', 61.5, 1],
      ['Y', 38.5, 2],
      ['W', null, null],
    ]);
  });
});

describe('ties: finals equal to two decimals share a rank', () => {
  const criteria: Criterion[] = [{ id: 'overall', weight: 1, min: 0, max: 100 }];
  it('70.004 and 69.996 both show 70.00: tied first; 50 is third', () => {
    const r = aggregate({
      criteria,
      scores: [
        { judgeId: 'J', ideaId: 'A', values: { overall: 70.004 } },
        { judgeId: 'J', ideaId: 'B', values: { overall: 69.996 } },
        { judgeId: 'J', ideaId: 'C', values: { overall: 50 } },
      ],
      shortlist: [
        { ideaId: 'A', supports: 0 },
        { ideaId: 'B', supports: 0 },
        { ideaId: 'C', supports: 0 },
      ],
      normalisation: 'none',
      peopleWeight: 0,
    });
    expect(r.ideas.map((i) => [i.ideaId, i.rank, i.tied])).toEqual([
      ['A', 1, true],
      ['B', 1, true],
      ['C', 3, false],
    ]);
    expect(r.ties).toEqual([['A', 'B']]);
  });

  // Three ideas at 60, 60, 60 and one at 80: the tie holds ranks 2–4.
  const tied = aggregate({
    criteria,
    scores: [
      { judgeId: 'J', ideaId: 'W', values: { overall: 80 } },
      { judgeId: 'J', ideaId: 'X', values: { overall: 60 } },
      { judgeId: 'J', ideaId: 'Y', values: { overall: 60 } },
      { judgeId: 'J', ideaId: 'Z', values: { overall: 60 } },
    ],
    shortlist: ['W', 'X', 'Y', 'Z'].map((ideaId) => ({ ideaId, supports: 0 })),
    normalisation: 'none',
    peopleWeight: 0,
  });

  it('staff break a tie with a reason: Z, X, Y take ranks 2, 3 and 4 in that order', () => {
    const r = applyTieBreaks(tied, [{ ideaIds: ['Z', 'X', 'Y'], reason: 'Z is cheaper to pilot' }]);
    expect(r.ideas.map((i) => [i.ideaId, i.rank, i.tied, i.brokenBy])).toEqual([
      ['W', 1, false, null],
      ['Z', 2, false, 'Z is cheaper to pilot'],
      ['X', 3, false, 'Z is cheaper to pilot'],
      ['Y', 4, false, 'Z is cheaper to pilot'],
    ]);
    expect(r.ties).toEqual([]);
  });

  it('a decision on other ideas (the tie changed since) leaves the tie listed; the latest decision wins', () => {
    const stale = applyTieBreaks(tied, [{ ideaIds: ['X', 'Y'], reason: 'before a correction' }]);
    expect(stale.ties).toEqual([['X', 'Y', 'Z']]);
    expect(stale.ideas.filter((i) => i.rank === 2).map((i) => i.ideaId)).toEqual(['X', 'Y', 'Z']);
    const latest = applyTieBreaks(tied, [
      { ideaIds: ['X', 'Y', 'Z'], reason: 'first' },
      { ideaIds: ['Y', 'Z', 'X'], reason: 'second' },
    ]);
    expect(latest.ideas.map((i) => i.ideaId)).toEqual(['W', 'Y', 'Z', 'X']);
  });
});

describe('normalisation against harsh and lenient judges', () => {
  // One criterion 0–10, weight 1. Harsh H: A 2, B 4, C 3 → 20, 40, 30. Lenient L: A 9, B 10, C 6 → 90, 100, 60.
  const criteria: Criterion[] = [{ id: 'q', weight: 1, min: 0, max: 10 }];
  const scores: JudgeScore[] = [
    { judgeId: 'H', ideaId: 'A', values: { q: 2 } },
    { judgeId: 'H', ideaId: 'B', values: { q: 4 } },
    { judgeId: 'H', ideaId: 'C', values: { q: 3 } },
    { judgeId: 'L', ideaId: 'A', values: { q: 9 } },
    { judgeId: 'L', ideaId: 'B', values: { q: 10 } },
    { judgeId: 'L', ideaId: 'C', values: { q: 6 } },
  ];
  const shortlist = ['A', 'B', 'C'].map((ideaId) => ({ ideaId, supports: 0 }));
  const panels = (normalisation: 'none' | 'minmax' | 'z') =>
    Object.fromEntries(aggregate({ criteria, scores, shortlist, normalisation, peopleWeight: 0 }).ideas.map((i) => [i.ideaId, two(i.panel)]));

  it('none: A (20 + 90) ÷ 2 = 55, B (40 + 100) ÷ 2 = 70, C (30 + 60) ÷ 2 = 45', () => expect(panels('none')).toEqual({ A: 55, B: 70, C: 45 }));

  it('min–max: H → A 0, B 100, C 50; L (60–100) → A 75, B 100, C 0; A 37.5, B 100, C 25', () => expect(panels('minmax')).toEqual({ A: 37.5, B: 100, C: 25 }));

  it('z: each judge gets the panel’s mean (56.667) and deviation (29.814) — A 44.26, B 89.54, C 36.20', () => {
    // Panel: 20, 40, 30, 90, 100, 60 → mean 56.667, population deviation √(5333.33 ÷ 6) = 29.814.
    // H: mean 30, deviation √(200 ÷ 3) = 8.165 → z: A −1.2247, B 1.2247, C 0 → A 20.152, B 93.182, C 56.667.
    // L: mean 83.333, deviation √(866.67 ÷ 3) = 16.997 → z: A 0.3922, B 0.9806, C −1.3728 → A 68.360, B 85.903, C 15.738.
    // P: A (20.152 + 68.360) ÷ 2 = 44.26, B (93.182 + 85.903) ÷ 2 = 89.54, C (56.667 + 15.738) ÷ 2 = 36.20.
    expect(panels('z')).toEqual({ A: 44.26, B: 89.54, C: 36.2 });
  });

  it('a judge with a single score, or the same score everywhere, is left as scored', () => {
    const flat: JudgeScore[] = [
      { judgeId: 'F', ideaId: 'A', values: { q: 7 } },
      { judgeId: 'F', ideaId: 'B', values: { q: 7 } },
      { judgeId: 'S', ideaId: 'C', values: { q: 4 } },
    ];
    for (const normalisation of ['minmax', 'z'] as const) {
      const r = aggregate({ criteria, scores: flat, shortlist, normalisation, peopleWeight: 0 });
      expect(Object.fromEntries(r.ideas.map((i) => [i.ideaId, two(i.panel)]))).toEqual({ A: 70, B: 70, C: 40 });
    }
  });
});
