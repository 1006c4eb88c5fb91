import { describe, expect, it } from 'vitest';
import {
  canArchiveChallenge,
  canCloseChallenge,
  canCreateChallenge,
  canEditChallenge,
  canPublishChallenge,
  canViewChallenge,
  canViewChallengeHistory,
  type ChallengeRef,
} from '../../src/features/challenges/policy.js';
import type { MembershipRef } from '../../src/features/organisations/policy.js';
import type { Actor } from '../../src/lib/policy.js';

const COUNCIL = 'c0000000-0000-4000-8000-000000000001';
const OTHER_COUNCIL = 'c0000000-0000-4000-8000-000000000002';
const PARTNER = 'p0000000-0000-4000-8000-000000000003';

type Who = 'anonymous' | 'citizen' | 'partner' | 'member' | 'owner' | 'otherStaff' | 'admin';
const user = (id: string, isAdmin = false): NonNullable<Actor> => ({ id, isAdmin, emailVerified: true });
const ACTORS: Record<Who, { actor: Actor; membership: MembershipRef }> = {
  anonymous: { actor: null, membership: null },
  citizen: { actor: user('u-citizen'), membership: null },
  partner: { actor: user('u-partner'), membership: { organisationId: PARTNER, role: 'owner' } },
  member: { actor: user('u-member'), membership: { organisationId: COUNCIL, role: 'member' } },
  owner: { actor: user('u-owner'), membership: { organisationId: COUNCIL, role: 'owner' } },
  otherStaff: { actor: user('u-other'), membership: { organisationId: OTHER_COUNCIL, role: 'owner' } },
  admin: { actor: user('u-admin', true), membership: null },
};

type State = 'draft' | 'published' | 'archived' | 'closed';
const CHALLENGES: Record<State, ChallengeRef> = {
  draft: { organisationId: COUNCIL, status: 'draft', closedEarlyAt: null },
  published: { organisationId: COUNCIL, status: 'published', closedEarlyAt: null },
  archived: { organisationId: COUNCIL, status: 'archived', closedEarlyAt: null },
  closed: { organisationId: COUNCIL, status: 'published', closedEarlyAt: new Date('2026-01-01T00:00:00Z') },
};

const WHO: Who[] = ['anonymous', 'citizen', 'partner', 'member', 'owner', 'otherStaff', 'admin'];
const STAFF = new Set<Who>(['member', 'owner', 'admin']);

// Expected outcome per action × state for staff of this council (and admins); everyone else is refused
// every management action, and sees everything but drafts.
const EXPECT: Record<string, Record<State, boolean>> = {
  view: { draft: true, published: true, archived: true, closed: true },
  edit: { draft: true, published: true, archived: false, closed: true },
  publish: { draft: true, published: false, archived: false, closed: false },
  close: { draft: false, published: true, archived: false, closed: false },
  archive: { draft: false, published: true, archived: false, closed: true },
  history: { draft: true, published: true, archived: true, closed: true },
};
const FN = {
  view: canViewChallenge,
  edit: canEditChallenge,
  publish: canPublishChallenge,
  close: canCloseChallenge,
  archive: canArchiveChallenge,
  history: canViewChallengeHistory,
} as const;

describe('challenge policies: actor × state', () => {
  const rows: [string, Who, State, boolean][] = [];
  for (const action of Object.keys(FN) as (keyof typeof FN)[])
    for (const who of WHO)
      for (const state of Object.keys(CHALLENGES) as State[]) {
        const expected = STAFF.has(who) ? EXPECT[action]![state] : action === 'view' ? state !== 'draft' : false;
        rows.push([action, who, state, expected]);
      }
  it.each(rows)('%s by %s on a %s challenge → %s', (action, who, state, expected) => {
    const { actor, membership } = ACTORS[who];
    const decision = FN[action as keyof typeof FN](actor, CHALLENGES[state], membership);
    expect(decision.ok).toBe(expected);
    if (!decision.ok) expect(decision.reason).toMatch(/^(auth|challenges)\./);
  });

  it('gives the reason people can act on', () => {
    expect(canEditChallenge(null, CHALLENGES.published, null)).toEqual({ ok: false, reason: 'auth.signInRequired' });
    expect(canEditChallenge(ACTORS.otherStaff.actor, CHALLENGES.published, ACTORS.otherStaff.membership)).toEqual({ ok: false, reason: 'challenges.policy.staffOnly' });
    expect(canEditChallenge(ACTORS.owner.actor, CHALLENGES.archived, ACTORS.owner.membership)).toEqual({ ok: false, reason: 'challenges.policy.archived' });
    expect(canCloseChallenge(ACTORS.owner.actor, CHALLENGES.closed, ACTORS.owner.membership)).toEqual({ ok: false, reason: 'challenges.policy.alreadyClosed' });
  });
});

describe('canCreateChallenge', () => {
  const council = { id: COUNCIL, kind: 'council' as const };
  const partnerOrg = { id: PARTNER, kind: 'partner' as const };
  it.each([
    ['anonymous', council, false],
    ['citizen', council, false],
    ['partner', council, false],
    ['member', council, true],
    ['owner', council, true],
    ['otherStaff', council, false],
    ['admin', council, true],
    // A partner organisation never poses challenges, not even its own owner or an admin.
    ['partner', partnerOrg, false],
    ['admin', partnerOrg, false],
  ] as const)('%s for %o → %s', (who, org, expected) => {
    const { actor, membership } = ACTORS[who];
    expect(canCreateChallenge(actor, org, membership).ok).toBe(expected);
  });
});
