/**
 * How a competition's winners are computed (issue 13, docs/decisions/0060-…): pure arithmetic on
 * the panel's submitted scores and the shortlist's supports, written down here once and shown on
 * the results page in words. Nothing here reads the database.
 *
 * 1. A judge's score for an idea is the weighted mean of its criteria, each scaled to 0–100:
 *    100 × (value − scale minimum) ÷ (scale maximum − scale minimum).
 * 2. Optionally, each judge's scores are normalised against harsh and lenient judges:
 *    - 'minmax': 100 × (score − the judge's lowest) ÷ (the judge's highest − the judge's lowest);
 *    - 'z': the panel's mean + the panel's standard deviation × (score − the judge's mean) ÷ the
 *      judge's standard deviation (population deviations over every score submitted), kept
 *      within 0–100: each judge's scores get the panel's centre and spread.
 *    A judge with fewer than two scores, or the same score everywhere, is left as scored: there
 *    is nothing to normalise.
 * 3. The panel score P of an idea is the mean of its judges' (normalised) scores; an idea no judge
 *    scored has none, and no final.
 * 4. The people's score V = 100 × the idea's supports ÷ the most supports of any shortlisted idea
 *    (0 when nobody supported any).
 * 5. Final = (1 − w) × P + w × V, with w the people's-choice weight (0 to 1).
 * 6. Finals equal to two decimals are ties: they share a rank, and are listed for staff to break
 *    with a recorded reason.
 */

export type Normalisation = 'none' | 'minmax' | 'z';

/** A rubric's criterion: its weight (any positive number) and its scale. */
export type Criterion = { id: string; weight: number; min: number; max: number };

/** One judge's submitted score for one idea: a value per criterion (every criterion scored). */
export type JudgeScore = { judgeId: string; ideaId: string; values: Readonly<Record<string, number>> };

/** A shortlisted idea and its supports (as counted when voting closed). */
export type Shortlisted = { ideaId: string; supports: number };

export type AggregateInput = {
  criteria: readonly Criterion[];
  /** Submitted scores (a judge never scores an idea they declared a conflict on). */
  scores: readonly JudgeScore[];
  /** Judges staff removed from the panel: their scores stay in the record, and leave the totals. */
  removed?: ReadonlySet<string>;
  shortlist: readonly Shortlisted[];
  normalisation: Normalisation;
  /** The people's-choice weight w, from 0 to 1 (0 for a challenge without a vote). */
  peopleWeight: number;
};

export type IdeaResult = {
  ideaId: string;
  /** How many judges scored it. */
  judges: number;
  /** The panel score P (0–100), or null when no judge scored it. */
  panel: number | null;
  /** The people's score V (0–100). */
  people: number;
  /** The final score, or null without a panel score. */
  final: number | null;
  /** 1 for the best; ideas tied share a rank; null without a final. */
  rank: number | null;
  /** Its final equals another's to two decimals. */
  tied: boolean;
  /** Each criterion's mean over its judges, scaled to 0–100 (before normalisation). */
  criteria: Record<string, number>;
  /** The highest judge's score minus the lowest (after normalisation): how much the judges disagree. */
  spread: number;
};

export type AggregateResult = {
  /** Best first; ideas without a final last, in shortlist order. */
  ideas: IdeaResult[];
  /** Groups of idea ids with the same final to two decimals, best first. */
  ties: string[][];
};

/** Two decimals, the precision finals are shown, compared and tied at. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const deviation = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const clamp = (x: number) => Math.min(100, Math.max(0, x));

/** 1. A judge's score for an idea: the weighted mean of its criteria, each scaled to 0–100. */
export function judgeScore(criteria: readonly Criterion[], values: Readonly<Record<string, number>>): number {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const v = values[c.id];
    if (v === undefined) throw new Error(`criterion ${c.id} was not scored`);
    sum += c.weight * scaled(c, v);
    weights += c.weight;
  }
  return weights === 0 ? 0 : sum / weights;
}

const scaled = (c: Criterion, v: number) => (c.max === c.min ? 100 : (100 * (v - c.min)) / (c.max - c.min));

export function aggregate(input: AggregateInput): AggregateResult {
  const { criteria, shortlist, normalisation } = input;
  const w = Math.min(1, Math.max(0, input.peopleWeight));
  const listed = new Set(shortlist.map((s) => s.ideaId));
  const removed = input.removed ?? new Set<string>();
  const scores = input.scores.filter((s) => listed.has(s.ideaId) && !removed.has(s.judgeId)).map((s) => ({ ...s, raw: judgeScore(criteria, s.values) }));

  // 2. Each judge's scores, normalised (or as scored): each judge's lowest, highest, mean and deviation, once.
  const byJudge = new Map<string, number[]>();
  for (const s of scores) {
    const own = byJudge.get(s.judgeId);
    if (own) own.push(s.raw);
    else byJudge.set(s.judgeId, [s.raw]);
  }
  const all = scores.map((s) => s.raw);
  const panelMean = all.length ? mean(all) : 0;
  const panelDeviation = all.length ? deviation(all) : 0;
  const stats = new Map([...byJudge].map(([judgeId, own]) => [judgeId, { n: own.length, lo: Math.min(...own), hi: Math.max(...own), mean: mean(own), sd: deviation(own) }]));
  const normalised = (judgeId: string, x: number): number => {
    const j = stats.get(judgeId)!;
    if (normalisation === 'none' || j.n < 2) return x;
    if (normalisation === 'minmax') return j.hi === j.lo ? x : (100 * (x - j.lo)) / (j.hi - j.lo);
    return j.sd === 0 ? x : clamp(panelMean + (panelDeviation * (x - j.mean)) / j.sd);
  };

  const byIdea = new Map<string, typeof scores>();
  for (const s of scores) {
    const mine = byIdea.get(s.ideaId);
    if (mine) mine.push(s);
    else byIdea.set(s.ideaId, [s]);
  }
  const most = Math.max(0, ...shortlist.map((s) => s.supports));
  const results: IdeaResult[] = shortlist.map(({ ideaId, supports }) => {
    const mine = byIdea.get(ideaId) ?? [];
    const judged = mine.map((s) => normalised(s.judgeId, s.raw));
    const panel = judged.length ? mean(judged) : null; // 3.
    const people = most === 0 ? 0 : (100 * supports) / most; // 4.
    const final = panel === null ? null : (1 - w) * panel + w * people; // 5.
    const perCriterion: Record<string, number> = {};
    for (const c of criteria) if (mine.length) perCriterion[c.id] = mean(mine.map((s) => scaled(c, s.values[c.id]!)));
    return {
      ideaId,
      judges: mine.length,
      panel,
      people,
      final,
      rank: null,
      tied: false,
      criteria: perCriterion,
      spread: judged.length ? Math.max(...judged) - Math.min(...judged) : 0,
    };
  });

  // 6. Ranks, ties at two decimals.
  const ranked = results.filter((r) => r.final !== null).sort((a, b) => round2(b.final!) - round2(a.final!));
  const ties: string[][] = [];
  for (let i = 0; i < ranked.length; ) {
    let j = i;
    while (j + 1 < ranked.length && round2(ranked[j + 1]!.final!) === round2(ranked[i]!.final!)) j++;
    for (let k = i; k <= j; k++) {
      ranked[k]!.rank = i + 1;
      ranked[k]!.tied = j > i;
    }
    if (j > i) ties.push(ranked.slice(i, j + 1).map((r) => r.ideaId));
    i = j + 1;
  }
  return { ideas: [...ranked, ...results.filter((r) => r.final === null)], ties };
}

/** Staff's decision on a tie: the tied ideas in the order chosen, and why. */
export type TieBreak = { ideaIds: readonly string[]; reason: string };

export type RankedIdea = IdeaResult & { /** The reason staff gave for its place within a tie, when they broke one. */ brokenBy: string | null };

/**
 * Applies staff's tie breaks (6.): a tie whose ideas are exactly those of a decision (its latest)
 * takes that order — distinct ranks from the tie's rank on, `tied` false, and the reason kept. A
 * tie nobody broke, or whose ideas changed since (a correction), stays listed in `ties`; the
 * decisions that did apply are `applied`, best tie first.
 */
export function applyTieBreaks(result: AggregateResult, breaks: readonly TieBreak[]): { ideas: RankedIdea[]; ties: string[][]; applied: TieBreak[] } {
  const ideas: RankedIdea[] = result.ideas.map((r) => ({ ...r, brokenBy: null }));
  const byId = new Map(ideas.map((r) => [r.ideaId, r]));
  const ties: string[][] = [];
  const applied: TieBreak[] = [];
  for (const tie of result.ties) {
    const key = [...tie].sort().join();
    const decision = [...breaks].reverse().find((b) => [...b.ideaIds].sort().join() === key);
    if (!decision) {
      ties.push(tie);
      continue;
    }
    const first = byId.get(tie[0]!)!.rank!;
    decision.ideaIds.forEach((id, i) => Object.assign(byId.get(id)!, { rank: first + i, tied: false, brokenBy: decision.reason }));
    applied.push(decision);
  }
  ideas.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  return { ideas, ties, applied };
}
