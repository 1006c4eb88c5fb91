/** The judging rules as pure decisions (issue 13): who may change the judging, score, declare; when the panel takes scores. */
import { describe, expect, it } from 'vitest';
import { canChangeJudging, canChangeResults, canDeclare, canScore, canShortlist, panelOpen } from '../../src/features/judging/policy.js';

const council = 'council-1';
const challenge = { organisationId: council, status: 'published' as const };
const staff = { id: 's', isAdmin: false, emailVerified: true };
const admin = { id: 'a', isAdmin: true, emailVerified: true };
const resident = { id: 'r', isAdmin: false, emailVerified: true };
const membership = { organisationId: council, userId: 's', role: 'member' as const };
const elsewhere = { organisationId: 'council-2', userId: 's', role: 'owner' as const };
const open = { panelClosedAt: null, announcedAt: null };
const announced = { panelClosedAt: null, announcedAt: new Date() };

describe('changing the judging', () => {
  it.each([
    ['staff of the council', staff, membership, open, true],
    ['an admin', admin, null, open, true],
    ['staff of another council', staff, elsewhere, open, false],
    ['a resident', resident, null, open, false],
    ['anyone, once announced', staff, membership, announced, false],
  ] as const)('%s: %s', (_who, actor, m, state, ok) => expect(canChangeJudging(actor, challenge, m, state).ok).toBe(ok));
  it('results stay correctable by staff after the announcement, never in an archived challenge', () => {
    expect(canChangeResults(staff, challenge, membership).ok).toBe(true);
    expect(canChangeResults(staff, { ...challenge, status: 'archived' }, membership)).toEqual({ ok: false, reason: 'challenges.policy.archived' });
  });
});

describe('scoring and declaring', () => {
  const judge = { removedAt: null };
  it.each([
    ['no judge', null, { conflict: 'none', state: 'todo' }, true, 'judging.policy.notJudge'],
    ['a judge removed', { removedAt: new Date() }, { conflict: 'none', state: 'todo' }, true, 'judging.policy.notJudge'],
    ['not assigned', judge, null, true, 'judging.policy.notAssigned'],
    ['a declared conflict', judge, { conflict: 'declared', state: 'todo' }, true, 'judging.policy.conflicted'],
    ['an automatic conflict', judge, { conflict: 'automatic', state: 'todo' }, true, 'judging.policy.conflicted'],
    ['the panel closed', judge, { conflict: 'none', state: 'draft' }, false, 'judging.policy.panelClosed'],
    ['before declaring', judge, { conflict: null, state: 'todo' }, true, 'judging.policy.declareFirst'],
    ['already submitted', judge, { conflict: 'none', state: 'submitted' }, true, 'judging.policy.submitted'],
  ] as const)('refuses %s', (_case, j, a, isOpen, reason) => expect(canScore(j, a, isOpen)).toEqual({ ok: false, reason }));
  it('allows a draft after "no conflict"', () => expect(canScore(judge, { conflict: 'none', state: 'draft' }, true).ok).toBe(true));
  it('a conflict is declared once, before scoring', () => {
    expect(canDeclare(judge, { conflict: null, state: 'todo' }, true).ok).toBe(true);
    expect(canDeclare(judge, { conflict: 'none', state: 'todo' }, true)).toEqual({ ok: false, reason: 'judging.policy.declared' });
    expect(canDeclare(judge, { conflict: 'automatic', state: 'todo' }, true)).toEqual({ ok: false, reason: 'judging.policy.conflicted' });
  });
});

describe('when', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  it('the panel takes scores until its close date, staff closing it, or the announcement', () => {
    expect(panelOpen({ judgingCloseAt: new Date('2026-06-11T00:00:00Z') }, open, now)).toBe(true);
    expect(panelOpen({ judgingCloseAt: new Date('2026-06-10T12:00:00Z') }, open, now)).toBe(false);
    expect(panelOpen({ judgingCloseAt: null }, { panelClosedAt: now, announcedAt: null }, now)).toBe(false);
    expect(panelOpen({ judgingCloseAt: null }, announced, now)).toBe(false);
  });
  it('shortlisting waits for submissions; by support, for the vote to close', () => {
    const closed = new Date('2026-06-01T00:00:00Z');
    const voting = { votingOpenAt: closed, submissionsCloseAt: closed };
    expect(canShortlist({ submissionsOpen: true, votingClosed: false }, { votingOpenAt: null, submissionsCloseAt: new Date('2026-07-01T00:00:00Z') }, now, 'hand')).toEqual({ ok: false, reason: 'judging.shortlist.tooEarly' });
    expect(canShortlist({ submissionsOpen: false, votingClosed: false }, voting, now, 'top')).toEqual({ ok: false, reason: 'judging.shortlist.votingOpen' });
    expect(canShortlist({ submissionsOpen: false, votingClosed: false }, voting, now, 'hand').ok).toBe(true);
    expect(canShortlist({ submissionsOpen: false, votingClosed: true }, voting, now, 'top').ok).toBe(true);
    expect(canShortlist({ submissionsOpen: false, votingClosed: false }, { votingOpenAt: null, submissionsCloseAt: closed }, now, 'top').ok).toBe(true);
  });
});
