import type { Child } from 'hono/jsx';
import type { AppContext } from '../../http/context.js';
import { viewContext } from '../../http/render.js';
import { RubricSection } from '../../../views/judging/RubricPages.js';
import { getMethod, getState, listCriteria } from './queries.js';
import { ineligibility } from './overview.js';
import { viewerIsStaffOrAdmin } from '../organisations/index.js';

/** "How ideas will be judged" on the challenge page (two queries); nothing without a rubric. */
export async function rubricSection(c: AppContext, challengeId: string): Promise<Child> {
  const { db } = c.get('deps');
  const criteria = await listCriteria(db, challengeId);
  if (criteria.length === 0) return null;
  return <RubricSection ctx={viewContext(c)} criteria={criteria} method={await getMethod(db, challengeId)} />;
}

/**
 * On an idea's page, for its author and the council's staff: that the council found it ineligible
 * under the challenge's rules, when, and why (issue 13, point 3). One query; nothing otherwise.
 */
export async function ineligibleNotice(c: AppContext, idea: { id: string; authorId: string | null }, challenge: { organisationId: string }): Promise<Child> {
  const user = c.get('user');
  if (!user) return null;
  const found = await ineligibility(c.get('deps').db, idea.id);
  if (!found || (user.id !== idea.authorId && !(await viewerIsStaffOrAdmin(c, challenge.organisationId)))) return null;
  const { t } = viewContext(c);
  return (
    <div class="notice idea-ineligible">
      <p>{t('judging.ineligible.notice')}</p>
      <p>{found.reason}</p>
    </div>
  );
}

/**
 * On the challenge page: the way to its results page — "see the winners" once announced, "when
 * results are expected" before (with a results date). One query; nothing otherwise.
 */
export async function resultsLink(c: AppContext, challenge: { id: string; resultsAt: Date | null }): Promise<Child> {
  const state = await getState(c.get('deps').db, challenge.id);
  if (!state.announcedAt && !challenge.resultsAt) return null;
  const { t } = viewContext(c);
  return (
    <p class="results-link">
      <a href={`/challenges/${challenge.id}/results`}>{t(state.announcedAt ? 'judging.results.link.announced' : 'judging.results.link.expected')}</a>
    </p>
  );
}
