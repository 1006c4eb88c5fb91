import { describe, expect, it } from 'vitest';
import { challengePhase, daysLeft, type PhaseDates } from '../../src/features/challenges/phase.js';

const d = (day: number) => new Date(Date.UTC(2027, 2, day, 12));
const base: PhaseDates = {
  status: 'published',
  submissionsOpenAt: d(1),
  submissionsCloseAt: d(14),
  votingOpenAt: d(10),
  votingCloseAt: d(21),
  judgingCloseAt: d(28),
  resultsAt: d(30),
  closedEarlyAt: null,
};

describe('challengePhase', () => {
  const table: [string, Partial<PhaseDates>, number, ReturnType<typeof challengePhase>['phase'], boolean, boolean, boolean][] = [
    // name, overrides, day, phase, submissionsOpen, votingOpen, ideasEditable
    ['draft', { status: 'draft' }, 5, 'draft', false, false, false],
    ['archived', { status: 'archived' }, 5, 'archived', false, false, false],
    ['before opening', {}, 0, 'upcoming', false, false, false],
    ['open for ideas', {}, 5, 'open', true, false, true],
    ['voting overlaps submissions', {}, 12, 'voting', true, true, false],
    ['voting only', {}, 16, 'voting', false, true, false],
    ['judging', {}, 25, 'judging', false, false, false],
    ['results', {}, 30, 'results', false, false, false],
    ['closed early', { closedEarlyAt: d(4) }, 5, 'closed', false, false, false],
    ['no voting: after submissions', { votingOpenAt: null, votingCloseAt: null, judgingCloseAt: null, resultsAt: null }, 20, 'closed', false, false, false],
    ['no voting: open until close', { votingOpenAt: null, votingCloseAt: null }, 13, 'open', true, false, true],
  ];
  for (const [name, overrides, day, phase, submissionsOpen, votingOpen, ideasEditable] of table) {
    it(name, () => {
      const s = challengePhase({ ...base, ...overrides }, d(day));
      expect(s.phase).toBe(phase);
      expect(s.submissionsOpen).toBe(submissionsOpen);
      expect(s.votingOpen).toBe(votingOpen);
      expect(s.ideasEditable).toBe(ideasEditable);
    });
  }

  it('says when voting is over for good (hidden counts show again)', () => {
    expect(challengePhase(base, d(16)).votingClosed).toBe(false); // voting
    expect(challengePhase(base, d(5)).votingClosed).toBe(false); // not yet open
    expect(challengePhase(base, d(21)).votingClosed).toBe(true); // close date reached
    expect(challengePhase({ ...base, closedEarlyAt: d(15) }, d(16)).votingClosed).toBe(true);
    expect(challengePhase({ ...base, status: 'archived' }, d(16)).votingClosed).toBe(true);
    expect(challengePhase({ ...base, votingCloseAt: null }, d(40)).votingClosed).toBe(false); // open-ended voting
  });

  it('names the next date that matters', () => {
    expect(challengePhase(base, d(5)).next).toEqual({ event: 'votingOpen', at: d(10) });
    expect(challengePhase(base, d(12)).next).toEqual({ event: 'submissionsClose', at: d(14) });
    expect(challengePhase({ ...base, closedEarlyAt: d(4) }, d(5)).next).toBeNull();
  });

  it('counts days left', () => {
    expect(daysLeft(d(14), d(11))).toBe(3);
    expect(daysLeft(d(14), d(15))).toBe(0);
  });
});
