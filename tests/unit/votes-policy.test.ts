import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/policy.js';
import type { IdeaStatus } from '../../src/features/ideas/policy.js';
import { canSupport, canUnsupport, countsVotes } from '../../src/features/votes/policy.js';

const AUTHOR = 'a0000000-0000-4000-8000-000000000001';

type Who = 'anonymous' | 'unverified' | 'unverifiedAuthor' | 'citizen' | 'author' | 'councilStaff' | 'admin';
const actors: Record<Who, Actor> = {
  anonymous: null,
  unverified: { id: 'u-unverified', isAdmin: false, emailVerified: false },
  unverifiedAuthor: { id: AUTHOR, isAdmin: false, emailVerified: false },
  citizen: { id: 'u-citizen', isAdmin: false, emailVerified: true },
  author: { id: AUTHOR, isAdmin: false, emailVerified: true },
  // Staff of the challenge's council support like anyone (the policy has no staff rule): listed to show it.
  councilStaff: { id: 'u-staff', isAdmin: false, emailVerified: true },
  admin: { id: 'u-admin', isAdmin: true, emailVerified: true },
};
const WHO = Object.keys(actors) as Who[];
const PHASES = { upcoming: false, voting: true, closed: false } as const;
type PhaseName = keyof typeof PHASES;
const STATUSES: IdeaStatus[] = ['draft', 'submitted', 'under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward', 'withdrawn'];
const BUDGET = 3;

/** The rules, spelled out independently of the implementation's order: the expected reason, or null when allowed. */
function expectedSupport(who: Who, phase: PhaseName, status: IdeaStatus, selfSupport: boolean, used: number): string | null {
  if (status === 'draft') return 'votes.policy.notPublished';
  if (status === 'withdrawn') return 'votes.policy.withdrawn';
  if (status === 'not_taken_forward') return 'votes.policy.notTakenForward';
  if (!PHASES[phase]) return 'votes.policy.notOpen';
  if (who === 'anonymous') return 'votes.policy.signIn';
  if (who === 'unverified' || who === 'unverifiedAuthor') return 'auth.confirmEmailFirst';
  if (who === 'author' && !selfSupport) return 'votes.policy.ownIdea';
  if (used >= BUDGET) return 'votes.policy.budgetSpent';
  return null;
}

describe('canSupport (who × phase × idea status × self-support × budget)', () => {
  for (const who of WHO)
    for (const phase of Object.keys(PHASES) as PhaseName[])
      for (const status of STATUSES)
        for (const selfSupport of [false, true])
          for (const used of [0, BUDGET - 1, BUDGET, BUDGET + 1]) {
            const want = expectedSupport(who, phase, status, selfSupport, used);
            it(`${who}, ${phase}, ${status}, selfSupport ${selfSupport}, ${used}/${BUDGET} used: ${want ?? 'allowed'}`, () => {
              const d = canSupport(actors[who], { authorId: AUTHOR, status }, { phase: { votingOpen: PHASES[phase] }, selfSupport }, used, BUDGET);
              expect(d).toEqual(want === null ? { ok: true } : { ok: false, reason: want });
            });
          }

  it('treats an idea without an author (a deleted account) as nobody’s own', () => {
    expect(canSupport(actors.author, { authorId: null, status: 'submitted' }, { phase: { votingOpen: true }, selfSupport: false }, 0, 1).ok).toBe(true);
  });

  it('refuses everyone when the budget is zero', () => {
    expect(canSupport(actors.citizen, { authorId: AUTHOR, status: 'submitted' }, { phase: { votingOpen: true }, selfSupport: false }, 0, 0)).toEqual({
      ok: false,
      reason: 'votes.policy.budgetSpent',
    });
  });
});

describe('canUnsupport (who × phase × idea status)', () => {
  const expected = (who: Who, phase: PhaseName, status: IdeaStatus): string | null => {
    if (status === 'draft') return 'votes.policy.notPublished';
    if (status === 'withdrawn') return 'votes.policy.withdrawn';
    if (status === 'not_taken_forward') return 'votes.policy.notTakenForward';
    if (!PHASES[phase]) return 'votes.policy.notOpen';
    if (who === 'anonymous') return 'votes.policy.signIn';
    // An unverified account (e.g. after an address change) may still take its support back; so may the author.
    return null;
  };
  for (const who of WHO)
    for (const phase of Object.keys(PHASES) as PhaseName[])
      for (const status of STATUSES) {
        const want = expected(who, phase, status);
        it(`${who}, ${phase}, ${status}: ${want ?? 'allowed'}`, () => {
          expect(canUnsupport(actors[who], { authorId: AUTHOR, status }, { phase: { votingOpen: PHASES[phase] } })).toEqual(want === null ? { ok: true } : { ok: false, reason: want });
        });
      }
});

describe('countsVotes (whose supports count against their givers’ budgets)', () => {
  it.each([
    ['draft', false],
    ['submitted', true],
    ['under_consideration', true],
    ['shortlisted', true],
    ['accepted', true],
    ['in_progress', true],
    ['implemented', true],
    ['not_taken_forward', false],
    ['withdrawn', false],
  ] as const)('%s: %s', (status, counts) => {
    expect(countsVotes(status)).toBe(counts);
  });
});
