import type { AppContext } from '../../http/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { viewerIsStaffOrAdmin, viewerMembership, type MembershipRow } from '../organisations/index.js';
import { canViewChallenge, countsHidden, type CountsRef } from './policy.js';
import { getChallenge, type Challenge } from './queries.js';

/**
 * The challenge named in a URL, as this viewer may see it, with the viewer's membership of its
 * council (looked up once per request). Unknown, malformed, or a draft the viewer may not see:
 * a 404, so a draft's existence does not leak.
 */
export async function visibleChallenge(c: AppContext, id: string): Promise<{ challenge: Challenge; membership: MembershipRow | null }> {
  const challenge = await getChallenge(c.get('deps').db, id);
  if (!challenge) throw new NotFoundError('challenge');
  const membership = await viewerMembership(c, challenge.organisationId);
  if (!canViewChallenge(c.get('user'), challenge, membership).ok) throw new NotFoundError('challenge');
  return { challenge, membership };
}

/**
 * countsHidden (policy.ts) for the viewer of this request: the viewer's membership of the
 * challenge's council is looked up (once per request) only when the challenge hides counts now.
 */
export async function countsHiddenFor(c: AppContext, challenge: CountsRef & { organisationId: string }): Promise<boolean> {
  return countsHidden(challenge, false) && !(await viewerIsStaffOrAdmin(c, challenge.organisationId));
}
