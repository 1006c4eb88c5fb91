import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/policy.js';
import { IDEA_STATUSES } from '../../src/db/schema/ideas.js';
import type { ChallengeStatus } from '../../src/features/challenges/policy.js';
import { challengeSubject, challengeSubjectFacts } from '../../src/features/challenges/subject.js';
import { canFollow, canUnfollow } from '../../src/features/follows/policy.js';
import { ideaSubject, ideaSubjectFacts } from '../../src/features/ideas/subject.js';
import type { Subject } from '../../src/lib/subjects.js';
import { canViewPersonSection, isPersonSection, PERSON_SECTIONS, type PersonSection } from '../../src/features/people/policy.js';

const PERSON = 'p0000000-0000-4000-8000-000000000001';

type Who = 'anonymous' | 'unverified' | 'citizen' | 'admin';
const actors: Record<Who, Actor> = {
  anonymous: null,
  unverified: { id: 'u-unverified', isAdmin: false, emailVerified: false },
  citizen: { id: 'u-citizen', isAdmin: false, emailVerified: true },
  admin: { id: 'u-admin', isAdmin: true, emailVerified: true },
};
const WHO = Object.keys(actors) as Who[];
const CHALLENGE_STATUSES: ChallengeStatus[] = ['draft', 'published', 'archived'];

type FollowTarget = { kind: 'idea'; status: (typeof IDEA_STATUSES)[number]; challengeStatus: ChallengeStatus } | { kind: 'challenge'; status: ChallengeStatus };

/** Every idea status in every challenge status, and every challenge status. */
const targets: [string, FollowTarget][] = [
  ...IDEA_STATUSES.flatMap((status) => CHALLENGE_STATUSES.map((challengeStatus): [string, FollowTarget] => [`idea ${status} in ${challengeStatus} challenge`, { kind: 'idea', status, challengeStatus }])),
  ...CHALLENGE_STATUSES.map((status): [string, FollowTarget] => [`challenge ${status}`, { kind: 'challenge', status }]),
];

/** The target as its kind makes it a subject (subject.ts of ideas and challenges). */
const subjectOf = (t: FollowTarget): Subject => ({
  id: 's',
  kind: t.kind,
  label: 'ideas.subject.label',
  title: { text: 'T' },
  url: '/x',
  organisationId: 'o',
  ownerIds: ['u-author'],
  ...(t.kind === 'idea' ? ideaSubjectFacts(t.status, t.challengeStatus) : challengeSubjectFacts(t.status)),
});
const kindOf = (t: FollowTarget) => (t.kind === 'idea' ? ideaSubject : challengeSubject);

const hidden = (t: FollowTarget) => t.status === 'draft' || (t.kind === 'idea' && t.challengeStatus === 'draft');
const finished = (t: FollowTarget) => (t.kind === 'idea' ? t.status === 'withdrawn' || t.challengeStatus === 'archived' : t.status === 'archived');

describe('followable: what the public may see (the kind’s canView for nobody signed in)', () => {
  for (const [name, target] of targets)
    it(`${name}: ${hidden(target) ? 'hidden (404)' : 'followable'}`, () => {
      expect(kindOf(target).canView(null, subjectOf(target))).toBe(!hidden(target));
    });
});

describe('canFollow (who × target)', () => {
  // Unverified accounts may follow: it only stores a private preference.
  const allowed = (who: Who, t: FollowTarget) => who !== 'anonymous' && !finished(t);
  for (const who of WHO)
    for (const [name, target] of targets.filter(([, t]) => !hidden(t)))
      it(`${who}, ${name}: ${allowed(who, target) ? 'allowed' : 'refused'}`, () => {
        const d = canFollow(actors[who], subjectOf(target));
        expect(d.ok).toBe(allowed(who, target));
        if (d.ok) return;
        if (who === 'anonymous') expect(d.reason).toBe('follows.policy.signIn');
        else if (target.kind === 'idea' && target.status === 'withdrawn') expect(d.reason).toBe('follows.policy.ideaWithdrawn');
        else expect(d.reason).toBe('follows.policy.challengeArchived');
      });
});

describe('canUnfollow (who × target)', () => {
  // Stopping is never refused on a visible target, even a withdrawn idea or an archived challenge
  // (a hidden one is a 404 before any rule: see the followable block above).
  for (const who of WHO)
    for (const [name, target] of targets.filter(([, t]) => !hidden(t)))
      it(`${who}, ${name}: ${who !== 'anonymous' ? 'allowed' : 'refused'}`, () => {
        const d = canUnfollow(actors[who]);
        expect(d.ok).toBe(who !== 'anonymous');
        if (!d.ok) expect(d.reason).toBe('follows.policy.signIn');
      });
});

describe('canViewPersonSection (who × section)', () => {
  type Viewer = Who | 'thePerson';
  const viewers: Record<Viewer, Actor> = { ...actors, thePerson: { id: PERSON, isAdmin: false, emailVerified: false } };
  const isPublic = (s: PersonSection) => s === 'ideas' || s === 'comments';
  // Admins included: what someone follows and supports is theirs alone.
  const allowed = (v: Viewer, s: PersonSection) => isPublic(s) || v === 'thePerson';
  for (const viewer of Object.keys(viewers) as Viewer[])
    for (const section of PERSON_SECTIONS)
      it(`${viewer}, ${section}: ${allowed(viewer, section) ? 'allowed' : 'refused'}`, () => {
        const d = canViewPersonSection(viewers[viewer], PERSON, section);
        expect(d.ok).toBe(allowed(viewer, section));
        if (!d.ok) expect(d.reason).toBe(viewer === 'anonymous' ? 'auth.signInRequired' : 'people.policy.private');
      });

  it('knows its sections and nothing else', () => {
    for (const s of PERSON_SECTIONS) expect(isPersonSection(s)).toBe(true);
    for (const s of ['', 'follows', 'IDEAS', 'supports ', undefined, 3]) expect(isPersonSection(s)).toBe(false);
  });
});
