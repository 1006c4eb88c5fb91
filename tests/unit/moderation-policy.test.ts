/**
 * The moderation rules as tables: who may report what, who sees and decides which item in which
 * state, who may ask for a review, and when reports hold content.
 */
import { describe, expect, it } from 'vitest';
import { MODERATION_STATES, type ModerationState } from '../../src/db/schema/moderation.js';
import { ACTIONS, canActOn, canAppeal, canDecide, canLiftSuspension, canReport, canSeeItem, canSuspend, shouldHold, type Action, type Moderator } from '../../src/features/moderation/policy.js';
import type { Actor, Decision } from '../../src/lib/policy.js';

const reasonOf = (d: Decision) => (d.ok ? null : d.reason);

const COUNCIL = 'org-council';
const OTHER = 'org-other';
const AUTHOR = 'u-author';

describe('canReport (who × what it is)', () => {
  const actors: Record<string, Actor> = {
    anonymous: null,
    unconfirmed: { id: 'u-new', isAdmin: false, emailVerified: false },
    resident: { id: 'u-resident', isAdmin: false, emailVerified: true },
    author: { id: AUTHOR, isAdmin: false, emailVerified: true },
    admin: { id: 'u-admin', isAdmin: true, emailVerified: true },
  };
  const things: [string, { authorId: string | null; hidden: { rule: string } | null; gone: boolean }, string | null][] = [
    ['shown', { authorId: AUTHOR, hidden: null, gone: false }, null],
    ['hidden', { authorId: AUTHOR, hidden: { rule: 'spam' }, gone: false }, 'moderation.policy.alreadyHidden'],
    ['deleted by its author', { authorId: AUTHOR, hidden: null, gone: true }, 'moderation.policy.gone'],
    ['by a former member', { authorId: null, hidden: null, gone: false }, null],
  ];
  for (const [who, actor] of Object.entries(actors))
    for (const [label, thing, forOthers] of things) {
      const want =
        who === 'anonymous' ? 'auth.signInRequired' : who === 'unconfirmed' ? 'auth.confirmEmailFirst' : who === 'author' && thing.authorId === AUTHOR ? 'moderation.policy.own' : forOthers;
      it(`${who} reporting something ${label}: ${want ?? 'allowed'}`, () => expect(reasonOf(canReport(actor, thing))).toBe(want));
    }
});

describe('who sees and decides (moderator × item × state × action)', () => {
  const moderators: Record<string, Moderator | null> = {
    resident: null,
    'platform moderator': { id: 'u-mod', platform: true, organisations: new Set() },
    'organisation moderator of this organisation': { id: 'u-owner', platform: false, organisations: new Set([COUNCIL]) },
    'organisation moderator of another organisation': { id: 'u-other', platform: false, organisations: new Set([OTHER]) },
    'platform moderator who is the author': { id: AUTHOR, platform: true, organisations: new Set() },
  };
  /** The actions that fit each state (FITS). */
  const fits: Record<ModerationState, readonly Action[]> = {
    pending: ['dismiss', 'hide'],
    held: ['dismiss', 'hide'],
    dismissed: ['hide'],
    restored: ['hide'],
    hidden: ['restore'],
    appealed: ['restore', 'uphold'],
  };
  const item = (state: ModerationState, organisationId: string | null = COUNCIL, decidedBy: string | null = null) => ({ organisationId, authorId: AUTHOR, state, decidedBy });

  for (const [who, m] of Object.entries(moderators)) {
    const sees = who === 'platform moderator' || who === 'organisation moderator of this organisation' || who === 'platform moderator who is the author';
    it(`${who} ${sees ? 'sees' : 'does not see'} an item of the council`, () => expect(canSeeItem(m, item('pending')).ok).toBe(sees));
    it(`${who} on an item outside any organisation: only platform moderators see it`, () => expect(canSeeItem(m, item('pending', null)).ok).toBe(m?.platform === true));
    for (const state of MODERATION_STATES)
      for (const action of ACTIONS) {
        const mayAct = canActOn(m, item(state)).ok;
        const want = mayAct && fits[state].includes(action);
        it(`${who}, ${state}, ${action}: ${want ? 'allowed' : 'refused'}`, () => expect(canDecide(m, item(state), action, true).ok).toBe(want));
      }
  }

  it('nobody decides on their own content, or on a report about their own profile', () => {
    expect(reasonOf(canDecide(moderators['platform moderator who is the author']!, item('pending'), 'dismiss', true))).toBe('moderation.policy.ownItem');
  });
  it('a kind that cannot be hidden yet is only dismissed', () => {
    const m = moderators['platform moderator']!;
    expect(reasonOf(canDecide(m, item('pending'), 'hide', false))).toBe('moderation.policy.notHideable');
    expect(canDecide(m, item('pending'), 'dismiss', false).ok).toBe(true);
  });
  it('an appeal is decided by another moderator than the one who hid it', () => {
    const m = moderators['platform moderator']!;
    expect(reasonOf(canDecide(m, item('appealed', COUNCIL, m.id), 'restore', true))).toBe('moderation.policy.secondModerator');
    expect(canDecide(m, item('appealed', COUNCIL, 'u-someone-else'), 'restore', true).ok).toBe(true);
  });
});

describe('canAppeal (who × state × asked before)', () => {
  const author: Actor = { id: AUTHOR, isAdmin: false, emailVerified: true };
  const other: Actor = { id: 'u-other', isAdmin: false, emailVerified: true };
  for (const state of MODERATION_STATES) {
    it(`the author, ${state}: ${state === 'hidden' ? 'allowed' : 'refused'}`, () => expect(canAppeal(author, { authorId: AUTHOR, state, appealedAt: null, erasedAt: null }).ok).toBe(state === 'hidden'));
  }
  it('once only', () => expect(reasonOf(canAppeal(author, { authorId: AUTHOR, state: 'hidden', appealedAt: new Date(), erasedAt: null }))).toBe('moderation.policy.appealedOnce'));
  it('never someone else', () => expect(reasonOf(canAppeal(other, { authorId: AUTHOR, state: 'hidden', appealedAt: null, erasedAt: null }))).toBe('moderation.policy.notAuthor'));
  it('never an anonymous visitor', () => expect(reasonOf(canAppeal(null, { authorId: AUTHOR, state: 'hidden', appealedAt: null, erasedAt: null }))).toBe('auth.signInRequired'));
  it('not once its words were erased', () => expect(reasonOf(canAppeal(author, { authorId: AUTHOR, state: 'hidden', appealedAt: null, erasedAt: new Date() }))).toBe('moderation.policy.erased'));
});

describe('shouldHold (state × trusted reporters × at risk × threshold)', () => {
  const cases: [string, Parameters<typeof shouldHold>, boolean][] = [
    ['pending, 3 trusted of 3', [{ state: 'pending', atRisk: false }, 3, 3, true], true],
    ['pending, 2 trusted of 3', [{ state: 'pending', atRisk: false }, 2, 3, true], false],
    ['pending, 5 trusted of 3', [{ state: 'pending', atRisk: false }, 5, 3, true], true],
    ['someone may be at risk', [{ state: 'pending', atRisk: true }, 5, 3, true], false],
    ['already held', [{ state: 'held', atRisk: false }, 5, 3, true], false],
    ['restored by a moderator', [{ state: 'restored', atRisk: false }, 5, 3, true], false],
    ['holds turned off (0)', [{ state: 'pending', atRisk: false }, 5, 0, true], false],
    ['a kind that cannot be hidden', [{ state: 'pending', atRisk: false }, 5, 3, false], false],
  ];
  for (const [label, args, want] of cases) it(`${label}: ${want ? 'held' : 'not held'}`, () => expect(shouldHold(...args)).toBe(want));
});

describe('canSuspend and canLiftSuspension (moderator × the author’s standing)', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const platform: Moderator = { id: 'u-mod', platform: true, organisations: new Set() };
  const owner: Moderator = { id: 'u-owner', platform: false, organisations: new Set([COUNCIL]) };
  const item = { organisationId: COUNCIL, authorId: AUTHOR, state: 'pending' as ModerationState };
  const standing = {
    free: { isAdmin: false, suspendedAt: null, suspendedUntil: null },
    suspended: { isAdmin: false, suspendedAt: new Date('2026-11-30'), suspendedUntil: null },
    until: { isAdmin: false, suspendedAt: new Date('2026-11-30'), suspendedUntil: new Date('2026-12-10') },
    ended: { isAdmin: false, suspendedAt: new Date('2026-11-01'), suspendedUntil: new Date('2026-11-10') },
    admin: { isAdmin: true, suspendedAt: null, suspendedUntil: null },
  };
  const cases: [string, Moderator, keyof typeof standing, string | null, string | null][] = [
    // who, standing, suspend's refusal, lift's refusal
    ['platform', platform, 'free', null, 'moderation.policy.notSuspended'],
    ['platform', platform, 'suspended', 'moderation.policy.alreadySuspended', null],
    ['platform', platform, 'until', 'moderation.policy.alreadySuspended', null],
    ['platform', platform, 'ended', null, 'moderation.policy.notSuspended'],
    ['platform', platform, 'admin', 'moderation.policy.suspendAdmin', 'moderation.policy.notSuspended'],
    ['owner', owner, 'free', 'moderation.policy.platformOnly', 'moderation.policy.platformOnly'],
    ['owner', owner, 'suspended', 'moderation.policy.platformOnly', 'moderation.policy.platformOnly'],
  ];
  for (const [who, m, s, suspend, lift] of cases) {
    it(`${who}, author ${s}: suspend ${suspend ?? 'allowed'}, lift ${lift ?? 'allowed'}`, () => {
      expect(reasonOf(canSuspend(m, item, standing[s], now))).toBe(suspend);
      expect(reasonOf(canLiftSuspension(m, item, standing[s], now))).toBe(lift);
    });
  }
  it('nobody lifts their own suspension', () => expect(canLiftSuspension({ ...platform, id: AUTHOR }, item, standing.suspended, now).ok).toBe(false));
});
