import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import type { MembershipRef } from '../organisations/index.js';
import { CouncilChallenges } from '../../../views/challenges/CouncilChallenges.js';
import { canCreateChallenge } from './policy.js';
import { listCouncilChallenges } from './queries.js';
import { phaseView } from './phase-view.js';

/**
 * The challenges section of a council's page (placed by the organisations feature): its newest
 * challenges, drafts included for its staff and platform admins, and a link to the directory. One query.
 */
export async function councilChallengesSection(c: AppContext, org: { id: string; name: string; slug: string; kind: 'council' | 'partner' }, membership: MembershipRef): Promise<Child> {
  const user = c.get('user');
  const staff = canCreateChallenge(user, org, membership).ok;
  const now = c.get('now');
  const rows = await listCouncilChallenges(c.get('deps').db, org.id, { includeDrafts: staff });
  return (
    <CouncilChallenges t={c.get('t')} locale={c.get('locale')} org={org} items={rows.map((r) => ({ ...r, state: phaseView(r, now) }))} canCreate={staff} />
  );
}
