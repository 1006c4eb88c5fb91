import { describe, expect, it } from 'vitest';
import { canRevealCounts, countsHidden } from '../../src/features/challenges/policy.js';
import { challengePhase, type PhaseDates } from '../../src/features/challenges/phase.js';

const DAY = 86_400_000;
const NOW = new Date('2026-06-15T12:00:00Z');
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

/** A published challenge whose ideas closed before its vote, with the vote `open`..`close` days from now. */
const dates = (open: number, close: number, over: Partial<PhaseDates> = {}): PhaseDates => ({
  status: 'published',
  submissionsOpenAt: at(-30),
  submissionsCloseAt: at(Math.min(open, -1) - 1),
  votingOpenAt: at(open),
  votingCloseAt: at(close),
  judgingCloseAt: null,
  resultsAt: null,
  closedEarlyAt: null,
  ...over,
});

const STAGES = {
  'before voting': dates(3, 10),
  'voting open': dates(-1, 7),
  'voting closed': dates(-9, -1),
  'closed early': dates(-1, 7, { closedEarlyAt: at(-0.5) }),
  archived: dates(-1, 7, { status: 'archived' }),
} as const;
type Stage = keyof typeof STAGES;
const phase = (s: Stage) => challengePhase(STAGES[s], NOW);

describe('countsHidden: the one rule for everything that moves with support counts', () => {
  const hiddenFor: Record<Stage, boolean> = { 'before voting': true, 'voting open': true, 'voting closed': false, 'closed early': false, archived: false };
  for (const stage of Object.keys(STAGES) as Stage[]) {
    it(`${stage}: hidden from everyone but staff when the challenge hides counts`, () => {
      expect(countsHidden({ hideCounts: true, phase: phase(stage) }, false)).toBe(hiddenFor[stage]);
      expect(countsHidden({ hideCounts: true, phase: phase(stage) }, true)).toBe(false);
      expect(countsHidden({ hideCounts: false, phase: phase(stage) }, false)).toBe(false);
    });
  }
});

describe('canRevealCounts: switching "hide counts" off', () => {
  const table: [Stage, boolean, boolean][] = [
    // stage, anyone supports an idea, may switch off
    ['before voting', false, true],
    ['before voting', true, false], // voting moved later after people supported: still locked
    ['voting open', false, false],
    ['voting open', true, false],
    ['voting closed', true, true],
    ['closed early', true, true],
    ['archived', true, true],
  ];
  it.each(table)('%s, supports cast: %s → allowed: %s', (stage, supports, allowed) => {
    const d = canRevealCounts({ hideCounts: true, phase: phase(stage) }, supports);
    expect(d.ok).toBe(allowed);
    if (!d.ok) expect(d.reason).toBe('challenges.policy.hideCountsLocked');
  });
  it('a challenge that does not hide counts has nothing to unlock', () => {
    expect(canRevealCounts({ hideCounts: false, phase: phase('voting open') }, true).ok).toBe(true);
  });
});
