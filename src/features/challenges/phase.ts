/**
 * Challenge phases are derived, never stored: from the editorial status, the dates, and an
 * explicit close-early. Pure, so policies, views and tests share one answer.
 */
export type PhaseDates = {
  status: 'draft' | 'published' | 'archived';
  submissionsOpenAt: Date;
  submissionsCloseAt: Date;
  votingOpenAt: Date | null;
  votingCloseAt: Date | null;
  judgingCloseAt: Date | null;
  resultsAt: Date | null;
  closedEarlyAt: Date | null;
};

export type Phase = 'draft' | 'upcoming' | 'open' | 'voting' | 'judging' | 'results' | 'closed' | 'archived';

export type PhaseState = {
  phase: Phase;
  /** Ideas may be submitted now. */
  submissionsOpen: boolean;
  /** Supporting ideas is possible now (voting may overlap submissions). */
  votingOpen: boolean;
  /** Authors may still edit their ideas (until voting opens, or without voting until submissions close). */
  ideasEditable: boolean;
  /** Voting is over for good: its close date passed, the challenge closed early or was archived (hidden counts show again). */
  votingClosed: boolean;
  /** The next date that changes something for people, and what it is. */
  next: { event: 'submissionsOpen' | 'submissionsClose' | 'votingOpen' | 'votingClose' | 'judgingClose' | 'results'; at: Date } | null;
};

const before = (now: Date, d: Date | null) => d !== null && now < d;
const reached = (now: Date, d: Date | null) => d !== null && now >= d;

export function challengePhase(c: PhaseDates, now: Date): PhaseState {
  const closed = c.closedEarlyAt !== null && now >= c.closedEarlyAt;
  const submissionsOpen = c.status === 'published' && !closed && reached(now, c.submissionsOpenAt) && before(now, c.submissionsCloseAt);
  const votingOpen = c.status === 'published' && !closed && reached(now, c.votingOpenAt) && (c.votingCloseAt === null || before(now, c.votingCloseAt));
  // Authors edit until voting opens (or, without voting, until submissions close).
  const ideasEditable =
    c.status === 'published' &&
    !closed &&
    reached(now, c.submissionsOpenAt) &&
    (c.votingOpenAt !== null ? before(now, c.votingOpenAt) : before(now, c.submissionsCloseAt));

  let phase: Phase;
  if (c.status === 'draft') phase = 'draft';
  else if (c.status === 'archived') phase = 'archived';
  else if (closed) phase = 'closed';
  else if (reached(now, c.resultsAt)) phase = 'results';
  else if (votingOpen) phase = 'voting';
  else if (submissionsOpen) phase = 'open';
  else if (before(now, c.submissionsOpenAt)) phase = 'upcoming';
  else if (c.votingOpenAt !== null && before(now, c.votingOpenAt)) phase = 'judging'; // between ideas and voting: ideas under review
  else if (c.resultsAt !== null) phase = 'judging';
  else phase = 'closed';

  const candidates: NonNullable<PhaseState['next']>[] = [];
  if (c.status === 'published' && !closed) {
    const add = (event: NonNullable<PhaseState['next']>['event'], at: Date | null) => {
      if (at && now < at) candidates.push({ event, at });
    };
    add('submissionsOpen', c.submissionsOpenAt);
    add('submissionsClose', c.submissionsCloseAt);
    add('votingOpen', c.votingOpenAt);
    add('votingClose', c.votingCloseAt);
    add('judgingClose', c.judgingCloseAt);
    add('results', c.resultsAt);
  }
  candidates.sort((a, b) => a.at.getTime() - b.at.getTime());
  const votingClosed = c.status === 'archived' || closed || reached(now, c.votingCloseAt);
  return { phase, submissionsOpen, votingOpen, ideasEditable, votingClosed, next: candidates[0] ?? null };
}

/** Whole days left until `at` (0 on the day itself), for "3 days left". */
export const daysLeft = (at: Date, now: Date) => Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 86_400_000));
