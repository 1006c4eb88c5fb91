import { describe, expect, it } from 'vitest';
import {
  canAcceptInvitation,
  canCreateOrganisation,
  canEditOrganisation,
  canEditOrganisationIdentity,
  canInvite,
  canManageMembers,
  canRemoveMember,
  canUpdateMembership,
  invitationState,
  type MembershipRef,
} from '../../src/features/organisations/policy.js';
import type { Actor, Decision } from '../../src/lib/policy.js';

const ORG = { id: 'org-this' };
const OTHER = { id: 'org-other' };

type Case = { actor: Actor; membership: MembershipRef; email: string };

/** The six actors of the brief, each with their membership of ORG as a route would load it. */
const actors = {
  anonymous: { actor: null, membership: null, email: '' },
  citizen: { actor: { id: 'u-citizen', isAdmin: false, emailVerified: true }, membership: null, email: 'citizen@example.org' },
  member: { actor: { id: 'u-member', isAdmin: false, emailVerified: true }, membership: { organisationId: ORG.id, role: 'member' }, email: 'member@example.org' },
  owner: { actor: { id: 'u-owner', isAdmin: false, emailVerified: true }, membership: { organisationId: ORG.id, role: 'owner' }, email: 'owner@example.org' },
  otherOwner: {
    actor: { id: 'u-other-owner', isAdmin: false, emailVerified: true },
    // Owner elsewhere: a careless caller passing this membership must still get nothing here.
    membership: { organisationId: OTHER.id, role: 'owner' },
    email: 'other@example.org',
  },
  admin: { actor: { id: 'u-admin', isAdmin: true, emailVerified: true }, membership: null, email: 'admin@example.org' },
} satisfies Record<string, Case>;
type Who = keyof typeof actors;
const everyone = Object.keys(actors) as Who[];

function table(name: string, allowed: Who[], check: (c: Case) => Decision) {
  describe(name, () => {
    for (const who of everyone) {
      const expected = allowed.includes(who);
      it(`${expected ? 'allows' : 'refuses'} ${who}`, () => {
        const decision = check(actors[who]);
        expect(decision.ok).toBe(expected);
        if (!decision.ok) expect(decision.reason).toMatch(/^(auth|orgs)\./);
      });
    }
  });
}

table('canCreateOrganisation', ['admin'], (c) => canCreateOrganisation(c.actor));
table('canEditOrganisation', ['owner', 'admin'], (c) => canEditOrganisation(c.actor, ORG, c.membership));
table('canEditOrganisationIdentity (kind, slug, verified)', ['admin'], (c) => canEditOrganisationIdentity(c.actor));
table('canInvite', ['owner', 'admin'], (c) => canInvite(c.actor, ORG, c.membership));
table('canManageMembers', ['owner', 'admin'], (c) => canManageMembers(c.actor, ORG, c.membership));

const someoneElse = { userId: 'u-someone', role: 'member' as const };
table("canUpdateMembership: someone else's role", ['owner', 'admin'], (c) => canUpdateMembership(c.actor, ORG, c.membership, someoneElse, { role: 'owner' }));
table("canUpdateMembership: someone else's title", ['owner', 'admin'], (c) => canUpdateMembership(c.actor, ORG, c.membership, someoneElse, { role: 'member' }));
table('canRemoveMember: someone else', ['owner', 'admin'], (c) => canRemoveMember(c.actor, ORG, c.membership, someoneElse));

describe('own membership', () => {
  const member = actors.member;
  const self = { userId: 'u-member', role: 'member' as const };
  it('a member may change their own title and listing', () => {
    expect(canUpdateMembership(member.actor, ORG, member.membership, self, { role: 'member' })).toEqual({ ok: true });
  });
  it('a member may not make themselves an owner', () => {
    expect(canUpdateMembership(member.actor, ORG, member.membership, self, { role: 'owner' })).toEqual({ ok: false, reason: 'orgs.policy.ownRoleOnly' });
  });
  it('a member may leave', () => {
    expect(canRemoveMember(member.actor, ORG, member.membership, self).ok).toBe(true);
  });
  it('an owner may step down to member (the last-owner rule is the command’s)', () => {
    const o = actors.owner;
    expect(canUpdateMembership(o.actor, ORG, o.membership, { userId: 'u-owner', role: 'owner' }, { role: 'member' }).ok).toBe(true);
  });
  it('a former member (no membership) cannot edit a stale row with their id', () => {
    expect(canUpdateMembership(member.actor, ORG, null, self, { role: 'member' }).ok).toBe(false);
    expect(canRemoveMember(member.actor, ORG, null, self).ok).toBe(false);
  });
  it("an owner of another organisation gets nothing from that membership, even for their own id", () => {
    const o = actors.otherOwner;
    const target = { userId: 'u-other-owner', role: 'owner' as const };
    expect(canUpdateMembership(o.actor, ORG, o.membership, target, { role: 'owner' }).ok).toBe(false);
    expect(canRemoveMember(o.actor, ORG, o.membership, target).ok).toBe(false);
  });
});

describe('canAcceptInvitation', () => {
  const invitation = { email: 'member@example.org' };
  const withEmail = (who: Who, email = actors[who].email, emailVerified = true) => {
    const a = actors[who].actor;
    return a ? { ...a, email, emailVerified } : null;
  };
  it('refuses an anonymous visitor (sign in first)', () => {
    expect(canAcceptInvitation(null, invitation)).toEqual({ ok: false, reason: 'auth.signInRequired' });
  });
  it('allows the account with the invited address, whatever its letter case', () => {
    expect(canAcceptInvitation(withEmail('citizen', 'Member@Example.org'), invitation).ok).toBe(true);
  });
  for (const who of ['citizen', 'owner', 'otherOwner', 'admin'] as const) {
    it(`refuses ${who} signed in with another address, without naming the invited one`, () => {
      const d = canAcceptInvitation(withEmail(who), invitation);
      expect(d).toEqual({ ok: false, reason: 'orgs.invitation.wrongAccount' });
    });
  }
  it('refuses the right address while it is unconfirmed', () => {
    expect(canAcceptInvitation(withEmail('citizen', 'member@example.org', false), invitation)).toEqual({ ok: false, reason: 'auth.confirmEmailFirst' });
  });
});

describe('invitationState', () => {
  const now = new Date('2026-11-10T12:00:00Z');
  const base = { acceptedAt: null, revokedAt: null, expiresAt: new Date('2026-11-17T12:00:00Z') };
  const cases: [string, Parameters<typeof invitationState>[0], ReturnType<typeof invitationState>][] = [
    ['pending', base, 'pending'],
    ['accepted', { ...base, acceptedAt: now }, 'accepted'],
    ['revoked', { ...base, revokedAt: now }, 'revoked'],
    ['expired', { ...base, expiresAt: new Date(now.getTime() - 1) }, 'expired'],
    ['expiring exactly now', { ...base, expiresAt: now }, 'expired'],
    ['accepted wins over expired', { ...base, acceptedAt: now, expiresAt: new Date(0) }, 'accepted'],
  ];
  for (const [name, inv, expected] of cases) it(name, () => expect(invitationState(inv, now)).toBe(expected));
});
