import { describe, expect, it } from 'vitest';
import type { Phase } from '../../src/features/challenges/phase.js';
import { canComment, canDeleteComment, canEditComment, canReply, EDIT_WINDOW_MS, MAX_DEPTH, type CommentRef } from '../../src/features/comments/policy.js';
import type { IdeaStatus } from '../../src/features/ideas/policy.js';
import { ideaDiscussionOpen } from '../../src/features/ideas/subject.js';
import type { Actor } from '../../src/lib/policy.js';

const AUTHOR = 'a0000000-0000-4000-8000-000000000001';

type Who = 'anonymous' | 'unverified' | 'author' | 'citizen' | 'councilStaff' | 'admin';
const actors: Record<Who, Actor> = {
  anonymous: null,
  unverified: { id: 'u-unverified', isAdmin: false, emailVerified: false },
  author: { id: AUTHOR, isAdmin: false, emailVerified: true },
  citizen: { id: 'u-citizen', isAdmin: false, emailVerified: true },
  // Staff moderation is a later issue: staff and admins are ordinary commenters here.
  councilStaff: { id: 'u-staff', isAdmin: false, emailVerified: true },
  admin: { id: 'u-admin', isAdmin: true, emailVerified: true },
};
const WHO = Object.keys(actors) as Who[];

const STATUSES: IdeaStatus[] = ['draft', 'submitted', 'under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward', 'withdrawn'];
const PHASES: Phase[] = ['upcoming', 'open', 'voting', 'judging', 'results', 'closed', 'archived'];

/** The reason a person gets, or null when allowed (the order matters: the idea first, then who). */
function expectedComment(who: Who, status: IdeaStatus, phase: Phase): string | null {
  if (status === 'draft') return 'ideas.discussion.notPublished';
  if (status === 'withdrawn') return 'ideas.discussion.withdrawn';
  if (phase === 'archived') return 'ideas.discussion.archived';
  if (who === 'anonymous') return 'auth.signInRequired';
  if (who === 'unverified') return 'auth.confirmEmailFirst';
  return null;
}

/** An idea's discussion as the idea kind states it (src/features/ideas/subject.ts) and the comment rules read it. */
const on = (status: IdeaStatus, phase: Phase) => ({ open: ideaDiscussionOpen(status, phase) });

const reasonOf = (d: { ok: boolean; reason?: string }) => (d.ok ? null : d.reason);

describe('canComment (who × idea status × phase)', () => {
  for (const who of WHO)
    for (const status of STATUSES)
      for (const phase of PHASES) {
        const want = expectedComment(who, status, phase);
        it(`${who}, ${status} idea, ${phase}: ${want ?? 'allowed'}`, () => {
          expect(reasonOf(canComment(actors[who], on(status, phase)))).toBe(want);
        });
      }
});

describe('canReply (who × parent depth × parent deleted)', () => {
  const d = on('submitted', 'open');
  const parents: [string, { depth: number; deletedAt: Date | null; hiddenAt: Date | null }, string | null][] = [
    ['top-level comment', { depth: 0, deletedAt: null, hiddenAt: null }, null],
    ['depth 1', { depth: 1, deletedAt: null, hiddenAt: null }, null],
    ['depth 2', { depth: 2, deletedAt: null, hiddenAt: null }, null],
    [`depth ${MAX_DEPTH} (deepest)`, { depth: MAX_DEPTH, deletedAt: null, hiddenAt: null }, 'comments.policy.tooDeep'],
    ['a deleted comment', { depth: 0, deletedAt: new Date(), hiddenAt: null }, 'comments.policy.parentDeleted'],
    ['a deleted comment at the deepest level', { depth: MAX_DEPTH, deletedAt: new Date(), hiddenAt: null }, 'comments.policy.parentDeleted'],
    ['a comment hidden by the moderators', { depth: 0, deletedAt: null, hiddenAt: new Date() }, 'comments.policy.hidden'],
  ];
  for (const who of WHO)
    for (const [label, parent, forVerified] of parents) {
      const want = who === 'anonymous' ? 'auth.signInRequired' : who === 'unverified' ? 'auth.confirmEmailFirst' : forVerified;
      it(`${who} replying to ${label}: ${want ?? 'allowed'}`, () => {
        expect(reasonOf(canReply(actors[who], d, parent))).toBe(want);
      });
    }

  it('the idea’s rules come first: no replies on a withdrawn idea or in an archived challenge', () => {
    const parent = { depth: 0, deletedAt: null, hiddenAt: null };
    expect(reasonOf(canReply(actors.citizen, on('withdrawn', 'open'), parent))).toBe('ideas.discussion.withdrawn');
    expect(reasonOf(canReply(actors.citizen, on('accepted', 'archived'), parent))).toBe('ideas.discussion.archived');
  });
});

describe('canEditComment (who × age × deleted)', () => {
  const now = new Date('2027-03-01T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const states: [string, Omit<CommentRef, 'authorId'>, string | null][] = [
    ['just posted', { depth: 0, createdAt: ago(1000), deletedAt: null, hiddenAt: null }, null],
    ['14 minutes old', { depth: 2, createdAt: ago(14 * 60_000), deletedAt: null, hiddenAt: null }, null],
    ['exactly 15 minutes old', { depth: 0, createdAt: ago(EDIT_WINDOW_MS), deletedAt: null, hiddenAt: null }, null],
    ['15 minutes and 1 second old', { depth: 0, createdAt: ago(EDIT_WINDOW_MS + 1000), deletedAt: null, hiddenAt: null }, 'comments.policy.editWindow'],
    ['a day old', { depth: 1, createdAt: ago(86_400_000), deletedAt: null, hiddenAt: null }, 'comments.policy.editWindow'],
    ['deleted', { depth: 0, createdAt: ago(1000), deletedAt: ago(500), hiddenAt: null }, 'comments.policy.deleted'],
    ['hidden by the moderators', { depth: 0, createdAt: ago(1000), deletedAt: null, hiddenAt: ago(500) }, 'comments.policy.hidden'],
  ];
  for (const who of WHO)
    for (const [label, state, forAuthor] of states) {
      const want = who === 'anonymous' ? 'auth.signInRequired' : who === 'author' ? forAuthor : 'comments.policy.notAuthor';
      it(`${who}, comment ${label}: ${want ?? 'allowed'}`, () => {
        expect(reasonOf(canEditComment(actors[who], { ...state, authorId: AUTHOR }, now))).toBe(want);
      });
    }

  it('a comment whose author account is gone can be edited by nobody', () => {
    for (const who of WHO) expect(canEditComment(actors[who], { authorId: null, depth: 0, createdAt: now, deletedAt: null, hiddenAt: null }, now).ok).toBe(false);
  });
});

describe('canDeleteComment (who × age × deleted)', () => {
  const states: [string, Omit<CommentRef, 'authorId'>, string | null][] = [
    ['just posted', { depth: 0, createdAt: new Date(), deletedAt: null, hiddenAt: null }, null],
    ['a year old (no time limit)', { depth: 3, createdAt: new Date(Date.now() - 365 * 86_400_000), deletedAt: null, hiddenAt: null }, null],
    ['already deleted', { depth: 0, createdAt: new Date(), deletedAt: new Date(), hiddenAt: null }, 'comments.policy.deleted'],
    ['hidden by the moderators (kept for a review)', { depth: 0, createdAt: new Date(), deletedAt: null, hiddenAt: new Date() }, 'comments.policy.hidden'],
  ];
  for (const who of WHO)
    for (const [label, state, forAuthor] of states) {
      const want = who === 'anonymous' ? 'auth.signInRequired' : who === 'author' ? forAuthor : 'comments.policy.notAuthor';
      it(`${who}, comment ${label}: ${want ?? 'allowed'}`, () => {
        expect(reasonOf(canDeleteComment(actors[who], { ...state, authorId: AUTHOR }))).toBe(want);
      });
    }

  it('a comment whose author account is gone can be deleted by nobody', () => {
    for (const who of WHO) expect(canDeleteComment(actors[who], { authorId: null, depth: 0, createdAt: new Date(), deletedAt: null, hiddenAt: null }).ok).toBe(false);
  });
});
