import { describe, expect, it } from 'vitest';
import { IDEA_STATUSES } from '../../src/db/schema/ideas.js';
import type { MembershipRef } from '../../src/features/organisations/policy.js';
import { canRespond, canRespondTo, isStaffStatus, STAFF_STATUSES } from '../../src/features/responses/policy.js';
import { responseSchema } from '../../src/features/responses/schemas.js';
import type { Actor } from '../../src/lib/policy.js';

const COUNCIL = { id: 'c0000000-0000-4000-8000-000000000001' };
const OTHER_COUNCIL = 'c0000000-0000-4000-8000-000000000002';
const PARTNER = 'p0000000-0000-4000-8000-000000000001';

type Who = 'anonymous' | 'unverified' | 'citizen' | 'partnerMember' | 'otherCouncilOwner' | 'admin' | 'adminAndStaff' | 'member' | 'owner';
const person = (id: string, isAdmin = false, emailVerified = true): Actor => ({ id, isAdmin, emailVerified });
const cases: Record<Who, { actor: Actor; membership: MembershipRef; allowed: boolean }> = {
  anonymous: { actor: null, membership: null, allowed: false },
  unverified: { actor: person('u-unverified', false, false), membership: null, allowed: false },
  citizen: { actor: person('u-citizen'), membership: null, allowed: false },
  partnerMember: { actor: person('u-partner'), membership: { organisationId: PARTNER, role: 'owner' }, allowed: false },
  otherCouncilOwner: { actor: person('u-other'), membership: { organisationId: OTHER_COUNCIL, role: 'owner' }, allowed: false },
  // Platform admins run the platform; they do not speak for a council.
  admin: { actor: person('u-admin', true), membership: null, allowed: false },
  adminAndStaff: { actor: person('u-admin-staff', true), membership: { organisationId: COUNCIL.id, role: 'member' }, allowed: true },
  member: { actor: person('u-member'), membership: { organisationId: COUNCIL.id, role: 'member' }, allowed: true },
  owner: { actor: person('u-owner'), membership: { organisationId: COUNCIL.id, role: 'owner' }, allowed: true },
};

describe('canRespond (who)', () => {
  for (const [who, { actor, membership, allowed }] of Object.entries(cases)) {
    it(`${who}: ${allowed ? 'allowed' : 'refused'}`, () => {
      const d = canRespond(actor, COUNCIL, membership);
      expect(d.ok).toBe(allowed);
      if (!d.ok) expect(d.reason).toBe(actor ? 'responses.policy.staffOnly' : 'auth.signInRequired');
    });
  }
});

describe('canRespondTo (idea status)', () => {
  const expected: Record<(typeof IDEA_STATUSES)[number], string | null> = {
    draft: 'responses.policy.draft',
    submitted: null,
    under_consideration: null,
    shortlisted: null,
    accepted: null,
    in_progress: null,
    implemented: null,
    not_taken_forward: null,
    withdrawn: 'responses.policy.withdrawn',
  };
  for (const status of IDEA_STATUSES) {
    it(`${status}: ${expected[status] ?? 'allowed'}`, () => {
      const d = canRespondTo({ status });
      expect(d.ok ? null : d.reason).toBe(expected[status]);
    });
  }
});

describe('staff statuses', () => {
  it('are the six a council moves an idea to, never back to submitted, draft or withdrawn', () => {
    expect([...STAFF_STATUSES]).toEqual(['under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward']);
    for (const s of ['draft', 'submitted', 'withdrawn', 'anything']) expect(isStaffStatus(s), s).toBe(false);
  });
});

describe('responseSchema', () => {
  const key = 'k'.repeat(24);
  const ok = (form: Record<string, string>) => responseSchema.safeParse({ submissionKey: key, ...form });
  const errorsOf = (form: Record<string, string>) => {
    const r = ok(form);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };
  it('takes a body alone, or a body with a new status and its reason', () => {
    expect(ok({ responseBody: 'Thank you.' }).data).toMatchObject({ responseBody: 'Thank you.', responseStatus: null, responseReason: '' });
    expect(ok({ responseBody: ' Yes ', responseStatus: 'accepted', responseReason: 'Fits the budget.' }).data).toMatchObject({
      responseBody: 'Yes',
      responseStatus: 'accepted',
      responseReason: 'Fits the budget.',
    });
  });
  it.each([
    [{ responseBody: '' }, 'responseBody', 'validation.required'],
    [{ responseBody: '   ' }, 'responseBody', 'validation.required'],
    [{ responseBody: 'x'.repeat(10_001) }, 'responseBody', 'validation.tooLong'],
    [{ responseBody: 'a\u0000b' }, 'responseBody', 'validation.characters'],
    [{ responseBody: 'ok', responseStatus: 'submitted', responseReason: 'r' }, 'responseStatus', 'responses.validation.status'],
    [{ responseBody: 'ok', responseStatus: 'withdrawn', responseReason: 'r' }, 'responseStatus', 'responses.validation.status'],
    [{ responseBody: 'ok', responseStatus: 'accepted' }, 'responseReason', 'responses.validation.reasonRequired'],
    [{ responseBody: 'ok', responseStatus: 'accepted', responseReason: 'x'.repeat(1_001) }, 'responseReason', 'validation.tooLong'],
    [{ responseBody: 'ok', responseReason: 'Why?' }, 'responseReason', 'responses.validation.reasonWithoutStatus'],
    [{ responseBody: 'ok', submissionKey: 'short' }, 'submissionKey', 'form.expired'],
  ])('refuses %j (%s: %s)', (form, field, message) => {
    expect(errorsOf(form as Record<string, string>)[field]).toBe(message);
  });
});
