import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/policy.js';
import { WITHDRAW_REASONS } from '../../src/db/schema/ideas.js';
import { WITHDRAW_REASON_VIEWS } from '../../views/ideas/parts.js';
import {
  canChangeIdeaStatus,
  canEditIdea,
  canPublishIdea,
  canSubmitIdea,
  canSubmitOnBehalf,
  canViewIdea,
  canWithdrawIdea,
  type IdeaPhase,
  type IdeaStatus,
  type OrgMembershipRef,
} from '../../src/features/ideas/policy.js';

const AUTHOR = 'a0000000-0000-4000-8000-000000000001';
const ORG = 'o0000000-0000-4000-8000-000000000001';
const OTHER_ORG = 'o0000000-0000-4000-8000-000000000002';
const COUNCIL = 'c0000000-0000-4000-8000-000000000001';

type Who = 'anonymous' | 'unverified' | 'citizen' | 'author' | 'partnerMember' | 'otherPartnerMember' | 'councilStaff' | 'admin';
const actors: Record<Who, Actor> = {
  anonymous: null,
  unverified: { id: 'u-unverified', isAdmin: false, emailVerified: false },
  citizen: { id: 'u-citizen', isAdmin: false, emailVerified: true },
  author: { id: AUTHOR, isAdmin: false, emailVerified: true },
  partnerMember: { id: 'u-partner', isAdmin: false, emailVerified: true },
  otherPartnerMember: { id: 'u-other-partner', isAdmin: false, emailVerified: true },
  councilStaff: { id: 'u-staff', isAdmin: false, emailVerified: true },
  admin: { id: 'u-admin', isAdmin: true, emailVerified: true },
};
const membershipsOf: Record<Who, OrgMembershipRef[]> = {
  anonymous: [],
  unverified: [],
  citizen: [],
  author: [],
  partnerMember: [{ organisationId: ORG, kind: 'partner' }],
  otherPartnerMember: [{ organisationId: OTHER_ORG, kind: 'partner' }],
  councilStaff: [{ organisationId: COUNCIL, kind: 'council' }],
  admin: [],
};

type PhaseName = 'upcoming' | 'open' | 'openAndVoting' | 'voting' | 'closed';
const phases: Record<PhaseName, IdeaPhase> = {
  upcoming: { submissionsOpen: false, ideasEditable: false },
  open: { submissionsOpen: true, ideasEditable: true },
  // Voting may overlap submissions: new ideas are welcome, published ones are frozen.
  openAndVoting: { submissionsOpen: true, ideasEditable: false },
  voting: { submissionsOpen: false, ideasEditable: false },
  closed: { submissionsOpen: false, ideasEditable: false },
};
const PHASES = Object.keys(phases) as PhaseName[];
const WHO = Object.keys(actors) as Who[];

describe('canSubmitIdea (who × phase)', () => {
  const allowed = (who: Who, phase: PhaseName) => who !== 'anonymous' && who !== 'unverified' && phases[phase].submissionsOpen;
  for (const who of WHO)
    for (const phase of PHASES)
      it(`${who} in ${phase}: ${allowed(who, phase) ? 'allowed' : 'refused'}`, () => {
        const d = canSubmitIdea(actors[who], phases[phase]);
        expect(d.ok).toBe(allowed(who, phase));
        if (!d.ok) expect(d.reason).toBe(who === 'anonymous' ? 'auth.signInRequired' : who === 'unverified' ? 'auth.confirmEmailFirst' : 'ideas.policy.submissionsClosed');
      });
});

describe('canEditIdea (who × status × phase)', () => {
  const cases: [IdeaStatus, PhaseName, boolean][] = [
    ['draft', 'open', true],
    ['draft', 'openAndVoting', true],
    ['draft', 'upcoming', false],
    ['draft', 'voting', false],
    ['submitted', 'open', true],
    ['submitted', 'openAndVoting', false],
    ['submitted', 'voting', false],
    ['submitted', 'closed', false],
    ['shortlisted', 'open', false],
    ['withdrawn', 'open', false],
  ];
  for (const who of WHO)
    for (const [status, phase, forAuthor] of cases)
      it(`${who}, ${status} idea, ${phase}: ${who === 'author' && forAuthor ? 'allowed' : 'refused'}`, () => {
        const d = canEditIdea(actors[who], { authorId: AUTHOR, status }, phases[phase]);
        expect(d.ok).toBe(who === 'author' && forAuthor);
        if (who !== 'author' && who !== 'anonymous' && !d.ok) expect(d.reason).toBe('ideas.policy.notAuthor');
      });
  it('an idea whose author deleted their account is nobody’s to edit', () => {
    expect(canEditIdea(actors.author, { authorId: null, status: 'submitted' }, phases.open).ok).toBe(false);
  });
});

describe('canPublishIdea', () => {
  for (const who of WHO)
    for (const phase of PHASES) {
      const expected = who === 'author' && phases[phase].submissionsOpen;
      it(`${who} publishing a draft in ${phase}: ${expected ? 'allowed' : 'refused'}`, () => {
        expect(canPublishIdea(actors[who], { authorId: AUTHOR, status: 'draft' }, phases[phase]).ok).toBe(expected);
      });
    }
  it('an unverified author cannot publish', () => {
    expect(canPublishIdea({ ...actors.author!, emailVerified: false }, { authorId: AUTHOR, status: 'draft' }, phases.open)).toEqual({ ok: false, reason: 'auth.confirmEmailFirst' });
  });
  it('a published idea is not published again', () => {
    expect(canPublishIdea(actors.author, { authorId: AUTHOR, status: 'submitted' }, phases.open).ok).toBe(false);
  });
});

describe('canWithdrawIdea (who × status)', () => {
  const statuses: [IdeaStatus, boolean][] = [
    ['draft', true],
    ['submitted', true],
    ['shortlisted', true],
    ['not_taken_forward', true],
    ['accepted', false],
    ['implemented', false],
    ['withdrawn', false],
  ];
  for (const who of WHO)
    for (const [status, forAuthor] of statuses)
      it(`${who}, ${status}: ${who === 'author' && forAuthor ? 'allowed' : 'refused'}`, () => {
        expect(canWithdrawIdea(actors[who], { authorId: AUTHOR, status }).ok).toBe(who === 'author' && forAuthor);
      });
});

describe('canSubmitOnBehalf (who × organisation)', () => {
  const expected: Record<Who, boolean> = {
    anonymous: false,
    unverified: false,
    citizen: false,
    author: false,
    partnerMember: true,
    otherPartnerMember: false,
    councilStaff: false,
    admin: false,
  };
  for (const who of WHO)
    it(`${who} for the partner organisation: ${expected[who] ? 'allowed' : 'refused'}`, () => {
      expect(canSubmitOnBehalf(actors[who], ORG, membershipsOf[who]).ok).toBe(expected[who]);
    });
  it('council staff cannot submit on behalf of their council', () => {
    expect(canSubmitOnBehalf(actors.councilStaff, COUNCIL, membershipsOf.councilStaff)).toEqual({ ok: false, reason: 'ideas.policy.partnersOnly' });
  });
});

describe('canViewIdea', () => {
  for (const who of WHO) {
    it(`${who} sees a draft only if they wrote it`, () => {
      expect(canViewIdea(actors[who], { authorId: AUTHOR, status: 'draft' }).ok).toBe(who === 'author');
    });
    it(`${who} sees a withdrawn idea`, () => {
      expect(canViewIdea(actors[who], { authorId: AUTHOR, status: 'withdrawn' }).ok).toBe(true);
    });
  }
});

describe('canChangeIdeaStatus (from × to × voting open)', () => {
  const STAFF: IdeaStatus[] = ['under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward'];
  for (const from of ['submitted', ...STAFF] as IdeaStatus[])
    for (const to of STAFF)
      for (const votingOpen of [true, false]) {
        // "Not taken forward" gave its supporters their supports back: it stands while they may spend them elsewhere.
        const held = from === 'not_taken_forward' && to !== from && votingOpen;
        it(`${from} → ${to}, voting ${votingOpen ? 'open' : 'not open'}: ${held ? 'held back' : 'allowed'}`, () => {
          expect(canChangeIdeaStatus(from, to, { votingOpen })).toEqual(held ? { ok: false, reason: 'ideas.policy.notTakenForwardStands' } : { ok: true });
        });
      }
});

describe('withdrawal reasons', () => {
  it('the form offers exactly the reasons the database takes, in the same order', () => {
    expect([...WITHDRAW_REASON_VIEWS]).toEqual([...WITHDRAW_REASONS]);
  });
});
