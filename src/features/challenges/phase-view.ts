import type { PhaseView } from '../../../views/challenges/parts.js';
import { challengePhase, daysLeft, type PhaseDates } from './phase.js';

/** Phase and next date with days left, as the views show them. */
export function phaseView(c: PhaseDates, now: Date): PhaseView {
  const s = challengePhase(c, now);
  return { phase: s.phase, next: s.next ? { ...s.next, daysLeft: daysLeft(s.next.at, now) } : null };
}
