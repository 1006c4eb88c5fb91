import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppContext, AppEnv } from '../../http/context.js';
import { submitForm, type FormErrors, type FormValues, type RejectedForm } from '../../http/form.js';
import { requireSignIn, signedIn, stepUp } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { respond, render, viewContext } from '../../http/render.js';
import type { MessageKey } from '../../i18n/index.js';
import { toCsv } from '../../lib/csv.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { challengePhase, visibleChallenge, type Challenge } from '../challenges/index.js';
import { getIdea } from '../ideas/index.js';
import type { MembershipRow } from '../organisations/index.js';
import { AnnouncePage, AwardPage, AwardsPage, type AwardableView, type AwardView } from '../../../views/judging/AwardsPages.js';
import { IdeaScoresPage, ScoreboardPage, ScoreTable } from '../../../views/judging/ScoreboardPages.js';
import { IneligiblePage, JudgingPage, RemoveJudgePage, ShortlistPage, type StageView } from '../../../views/judging/StaffPages.js';
import { cachedBoard, ideaScores, judgingVersion, remember, scoreRows } from './board.js';
import { assignShortlist } from './commands/assign.js';
import { addAward, announceResults, correctResults, editAward, removeAward, setNextSteps } from './commands/awards.js';
import { inviteJudge, removeJudge, revokeJudgeInvitation } from './commands/panel.js';
import { closePanel, reopenScore } from './commands/score.js';
import { markIneligible, removeFromShortlist, shortlistIdeas, shortlistTop } from './commands/shortlist.js';
import { breakTie } from './commands/ties.js';
import { judgingLimit } from './limits.js';
import { listAwards, listCandidates, listConflicts, listIneligible, listPanel, listPendingInvitations, listShortlist } from './overview.js';
import { canChangeJudging, canChangeResults, canManageJudging, canShortlist, panelOpen, type JudgingState } from './policy.js';
import { getMethod, getState, listCriteria, shortlistSize } from './queries.js';
import { listNextSteps } from './results.js';
import {
  announceSchema,
  assignSchema,
  awardSchema,
  correctionSchema,
  ineligibleSchema,
  inviteJudgeSchema,
  nextStepsSchema,
  removeJudgeSchema,
  shortlistSchema,
  tieSchema,
  topSchema,
} from './schemas.js';

/** The council's staff running a challenge's judging (issue 13): /challenges/:id/judging/… */
export const staffRoutes = new Hono<AppEnv>();

type Managed = { challenge: Challenge; membership: MembershipRow | null; state: JudgingState };

/** The challenge named in the URL, and that this person runs its judging (403 otherwise). */
async function managed(c: AppContext): Promise<Managed> {
  const found = await visibleChallenge(c, c.req.param('id') ?? '');
  const decision = canManageJudging(signedIn(c).user, found.challenge, found.membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return { ...found, state: await getState(c.get('deps').db, found.challenge.id) };
}

const stageOf = (m: Managed, now: Date): StageView =>
  m.state.announcedAt ? { kind: 'announced', at: m.state.announcedAt } : panelOpen(m.challenge, m.state, now) ? { kind: 'open', closesAt: m.challenge.judgingCloseAt } : { kind: 'closed' };

async function overviewPage(c: AppContext, m: Managed, forms: { invite?: RejectedForm; assign?: RejectedForm } = {}) {
  const { db } = c.get('deps');
  const now = c.get('now');
  const { challenge } = m;
  const v = await judgingVersion(c.get('deps'), challenge.id);
  const [panel, invitations, conflicts, shortlisted, method] = [
    await remember(challenge.id, v, 'panel', () => listPanel(db, challenge.id)),
    await listPendingInvitations(db, challenge.id, now),
    await remember(challenge.id, v, 'conflicts', () => listConflicts(db, challenge.id)),
    await remember(challenge.id, v, 'size', () => shortlistSize(db, challenge.id)),
    await getMethod(db, challenge.id),
  ];
  return render(
    c,
    <JudgingPage
      ctx={viewContext(c)}
      challenge={challenge}
      stage={stageOf(m, now)}
      canChange={canChangeJudging(signedIn(c).user, challenge, m.membership, m.state).ok}
      panel={panel}
      invitations={invitations}
      conflicts={conflicts}
      shortlisted={shortlisted}
      blind={method.blindReview}
      invite={forms.invite}
      assign={forms.assign}
    />,
    forms.invite || forms.assign ? 422 : 200,
  );
}

/** Why the shortlist cannot change now (by hand, or by support), in words, or null. */
function shortlistClosed(c: AppContext, m: Managed, how: 'hand' | 'top'): string | null {
  const now = c.get('now');
  const t = viewContext(c).t;
  const change = canChangeJudging(signedIn(c).user, m.challenge, m.membership, m.state);
  if (!change.ok) return t(change.reason);
  const decision = canShortlist(challengePhase(m.challenge, now), m.challenge, now, how);
  if (!decision.ok) return t(decision.reason);
  return panelOpen(m.challenge, m.state, now) ? null : t('judging.policy.panelClosed');
}

async function shortlistPage(c: AppContext, m: Managed, forms: { hand?: RejectedForm; top?: RejectedForm } = {}) {
  const { db } = c.get('deps');
  const after = c.req.query('after');
  const v = await judgingVersion(c.get('deps'), m.challenge.id);
  const [current, candidates, ineligible] = [
    await remember(m.challenge.id, v, 'shortlist', () => listShortlist(db, m.challenge.id)),
    await listCandidates(db, m.challenge.id, after),
    await listIneligible(db, m.challenge.id),
  ];
  return render(
    c,
    <ShortlistPage
      ctx={viewContext(c)}
      challenge={m.challenge}
      closed={shortlistClosed(c, m, 'hand')}
      topClosed={shortlistClosed(c, m, 'top')}
      shortlist={current}
      candidates={candidates.items}
      next={candidates.next}
      first={!after}
      ineligible={ineligible}
      hand={forms.hand?.errors}
      top={forms.top}
    />,
    forms.hand || forms.top ? 422 : 200,
  );
}

const back = (m: Managed, path = '') => `/challenges/${m.challenge.id}/judging${path}`;
const done = (c: AppContext, m: Managed, key: MessageKey, path = '', params?: Record<string, string | number>) =>
  respond(c, { redirect: back(m, path), flash: { kind: 'success', key, ...(params ? { params } : {}) } });

staffRoutes.get('/challenges/:id/judging', requireSignIn, async (c) => overviewPage(c, await managed(c)));

staffRoutes.post('/challenges/:id/judging/invite', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: inviteJudgeSchema,
    command: (input) => inviteJudge(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => overviewPage(c, m, { invite: form }),
    done: (_r, form) => done(c, m, 'judging.invite.sent', '', { email: form.values['email']?.trim().toLowerCase() ?? '' }),
  });
});

staffRoutes.post('/challenges/:id/judging/invitations/:invitation/revoke', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  await revokeJudgeInvitation(c.get('deps'), signedIn(c).user, m.challenge.id, c.req.param('invitation'));
  return done(c, m, 'judging.invitations.revoked');
});

/** The judge named in the URL, on this challenge's panel and still on it. */
async function judgeOf(c: AppContext, m: Managed) {
  const id = c.req.param('judge') ?? '';
  const judge = isUuid(id) ? (await listPanel(c.get('deps').db, m.challenge.id)).find((j) => j.id === id.toLowerCase() && !j.removedAt) : undefined;
  if (!judge) throw new NotFoundError('judge');
  return judge;
}

staffRoutes.get('/challenges/:id/judging/judges/:judge/remove', requireSignIn, async (c) => {
  const m = await managed(c);
  const decision = canChangeJudging(signedIn(c).user, m.challenge, m.membership, m.state);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return render(c, <RemoveJudgePage ctx={viewContext(c)} challenge={m.challenge} judge={await judgeOf(c, m)} values={{}} />);
});

staffRoutes.post('/challenges/:id/judging/judges/:judge/remove', requireSignIn, async (c) => {
  const m = await managed(c);
  const judge = await judgeOf(c, m);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: removeJudgeSchema,
    command: (input) => removeJudge(c.get('deps'), signedIn(c).user, m.challenge.id, judge.id, input),
    rejected: (form) => render(c, <RemoveJudgePage ctx={viewContext(c)} challenge={m.challenge} judge={judge} values={form.values} errors={form.errors} />, 422),
    done: () => done(c, m, 'judging.remove.done', '', { name: judge.name }),
  });
});

staffRoutes.post('/challenges/:id/judging/assign', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: assignSchema,
    command: (input) => assignShortlist(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => overviewPage(c, m, { assign: form }),
    done: (added) => done(c, m, 'judging.assign.done', '', { count: added }),
  });
});

staffRoutes.post('/challenges/:id/judging/close', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  await closePanel(c.get('deps'), signedIn(c).user, m.challenge.id);
  return done(c, m, 'judging.close.done');
});

staffRoutes.post('/challenges/:id/judging/scores/:judge/:idea/reopen', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  await reopenScore(c.get('deps'), signedIn(c).user, m.challenge.id, c.req.param('judge'), c.req.param('idea'));
  return done(c, m, 'judging.reopen.done');
});

staffRoutes.get('/challenges/:id/judging/shortlist', requireSignIn, async (c) => shortlistPage(c, await managed(c)));

staffRoutes.post('/challenges/:id/judging/shortlist', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: shortlistSchema,
    lists: ['idea'],
    command: (input) => shortlistIdeas(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => shortlistPage(c, m, { hand: form }),
    done: (added) => done(c, m, 'judging.shortlist.added', '/shortlist', { count: added }),
  });
});

staffRoutes.post('/challenges/:id/judging/shortlist/top', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: topSchema,
    command: (input) => shortlistTop(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => shortlistPage(c, m, { top: form }),
    done: (added) => done(c, m, 'judging.shortlist.added', '/shortlist', { count: added }),
  });
});

staffRoutes.post('/challenges/:id/judging/shortlist/:idea/remove', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  await removeFromShortlist(c.get('deps'), signedIn(c).user, m.challenge.id, c.req.param('idea'));
  return done(c, m, 'judging.shortlist.removed', '/shortlist');
});

/** The idea named in the URL (or form), in this challenge and public. */
async function ideaOf(c: AppContext, m: Managed, id: string) {
  const idea = isUuid(id) ? await getIdea(c.get('deps').db, id.toLowerCase()) : null;
  if (!idea || idea.challengeId !== m.challenge.id || idea.status === 'draft') throw new NotFoundError('idea');
  return idea;
}

staffRoutes.get('/challenges/:id/judging/ineligible/:idea', requireSignIn, async (c) => {
  const m = await managed(c);
  const decision = canChangeJudging(signedIn(c).user, m.challenge, m.membership, m.state);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return render(c, <IneligiblePage ctx={viewContext(c)} challenge={m.challenge} idea={await ideaOf(c, m, c.req.param('idea'))} values={{}} />);
});

staffRoutes.post('/challenges/:id/judging/ineligible', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: ineligibleSchema,
    command: (input) => markIneligible(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: async (form) => render(c, <IneligiblePage ctx={viewContext(c)} challenge={m.challenge} idea={await ideaOf(c, m, form.values['idea'] ?? '')} values={form.values} errors={form.errors} />, 422),
    done: () => done(c, m, 'judging.ineligible.done', '/shortlist'),
  });
});

async function scoreboardPage(c: AppContext, m: Managed, tieForm?: { tie: string; values: FormValues; errors: FormErrors }) {
  const { db } = c.get('deps');
  const v = await judgingVersion(c.get('deps'), m.challenge.id);
  const board = await cachedBoard(c.get('deps'), m.challenge.id, v);
  const panel = await remember(m.challenge.id, v, 'panel', () => listPanel(db, m.challenge.id));
  const { t, locale } = viewContext(c);
  // The table of every idea is the same for all staff reading one language: made once per version.
  // raw() only keeps what hono's JSX already rendered and escaped (no HTML of anyone's words).
  const table = await remember(m.challenge.id, v, `table:${locale}`, async () =>
    raw(String(<ScoreTable t={t} locale={locale} challengeId={m.challenge.id} criteria={board.criteria} rows={board.ideas} />)),
  );
  return render(
    c,
    <ScoreboardPage
      ctx={viewContext(c)}
      challenge={m.challenge}
      criteria={board.criteria}
      rows={board.ideas}
      ties={board.ties}
      panel={panel}
      table={table}
      peopleWeight={board.method.peopleWeight}
      removedScores={board.removedScores}
      canChange={canChangeJudging(signedIn(c).user, m.challenge, m.membership, m.state).ok}
      tieForm={tieForm}
    />,
    tieForm ? 422 : 200,
  );
}

/** The scoreboard (staff): progress, ties, every shortlisted idea's numbers. */
staffRoutes.get('/challenges/:id/judging/scoreboard', requireSignIn, async (c) => scoreboardPage(c, await managed(c)));

/** The anonymised score table as CSV (spreadsheet-formula-safe), for the council's own analysis. */
staffRoutes.get('/challenges/:id/judging/scoreboard.csv', requireSignIn, async (c) => {
  const m = await managed(c);
  const { db } = c.get('deps');
  const v = await judgingVersion(c.get('deps'), m.challenge.id);
  const csv = await remember(m.challenge.id, v, 'csv', async () => toCsv(await scoreRows(db, m.challenge.id, await cachedBoard(c.get('deps'), m.challenge.id, v))));
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="scores-${m.challenge.id}.csv"`);
  c.header('Cache-Control', 'no-store');
  return c.body(csv);
});

staffRoutes.get('/challenges/:id/judging/scoreboard/:idea', requireSignIn, async (c) => {
  const m = await managed(c);
  const idea = await ideaOf(c, m, c.req.param('idea'));
  const { db } = c.get('deps');
  return render(
    c,
    <IdeaScoresPage
      ctx={viewContext(c)}
      challenge={m.challenge}
      idea={idea}
      criteria={await listCriteria(db, m.challenge.id)}
      scores={await ideaScores(db, m.challenge.id, idea.id)}
      canReopen={canChangeJudging(signedIn(c).user, m.challenge, m.membership, m.state).ok && panelOpen(m.challenge, m.state, c.get('now'))}
    />,
  );
});

staffRoutes.post('/challenges/:id/judging/ties', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: tieSchema,
    command: (input) => breakTie(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => scoreboardPage(c, m, { tie: form.values['tie'] ?? '', values: form.values, errors: form.errors }),
    done: () => done(c, m, 'judging.tie.done', '/scoreboard'),
  });
});

// ---- Awards, announcement, corrections, next steps (points 6–7) ----

/** The awards as staff see them, with their citations rendered (markdown, sanitised). */
async function awardViews(c: AppContext, challengeId: string): Promise<AwardView[]> {
  const rows = await listAwards(c.get('deps').db, challengeId);
  return rows.map((a) => ({ ...a, citationHtml: renderMarkdown(a.citation) }));
}

/** The ideas an award can go to: the scoreboard's, best first ("1. Title — 78.20"), then the rest of the shortlist. */
async function awardable(c: AppContext, challengeId: string): Promise<AwardableView[]> {
  const board = await cachedBoard(c.get('deps'), challengeId);
  return board.ideas.map((i) => ({ id: i.ideaId, label: i.final === null ? i.title : `${i.rank}. ${i.title} — ${i.final.toFixed(2)}` }));
}

type AwardsForms = { add?: RejectedForm; correction?: RejectedForm; steps?: RejectedForm };

async function awardsPage(c: AppContext, m: Managed, forms: AwardsForms = {}) {
  const { db } = c.get('deps');
  const [steps] = await listNextSteps(db, m.challenge.id);
  return render(
    c,
    <AwardsPage
      ctx={viewContext(c)}
      challenge={m.challenge}
      awards={await awardViews(c, m.challenge.id)}
      ideas={await awardable(c, m.challenge.id)}
      announcedAt={m.state.announcedAt}
      canChange={canChangeResults(signedIn(c).user, m.challenge, m.membership).ok}
      nextSteps={steps ?? null}
      add={forms.add}
      correction={forms.correction}
      steps={forms.steps}
    />,
    forms.add || forms.correction || forms.steps ? 422 : 200,
  );
}

staffRoutes.get('/challenges/:id/judging/awards', requireSignIn, async (c) => awardsPage(c, await managed(c)));

staffRoutes.post('/challenges/:id/judging/awards', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: awardSchema,
    command: (input) => addAward(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => awardsPage(c, m, { add: form }),
    done: () => done(c, m, m.state.announcedAt ? 'judging.correction.done' : 'judging.award.added', '/awards'),
  });
});

/** The award named in the URL, of this challenge. */
async function awardOf(c: AppContext, m: Managed): Promise<AwardView> {
  const id = (c.req.param('award') ?? '').toLowerCase();
  const award = (await awardViews(c, m.challenge.id)).find((a) => a.id === id);
  if (!award) throw new NotFoundError('award');
  return award;
}

const awardValues = (a: AwardView): FormValues => ({ idea: a.ideaId, kind: a.kind, place: a.place === null ? '' : String(a.place), citation: a.citation, citationFr: a.citationFr ?? '', prize: a.prize, prizeFr: a.prizeFr ?? '' });

async function awardPage(c: AppContext, m: Managed, award: AwardView, forms: { edit?: RejectedForm; remove?: RejectedForm } = {}) {
  if (!canChangeResults(signedIn(c).user, m.challenge, m.membership).ok) throw new ForbiddenError('judging.policy.draft');
  return render(
    c,
    <AwardPage
      ctx={viewContext(c)}
      challenge={m.challenge}
      award={award}
      ideas={await awardable(c, m.challenge.id)}
      announced={m.state.announcedAt !== null}
      values={forms.edit?.values ?? awardValues(award)}
      errors={forms.edit?.errors}
      removeErrors={forms.remove?.errors}
    />,
    forms.edit || forms.remove ? 422 : 200,
  );
}

staffRoutes.get('/challenges/:id/judging/awards/:award', requireSignIn, async (c) => {
  const m = await managed(c);
  return awardPage(c, m, await awardOf(c, m));
});

staffRoutes.post('/challenges/:id/judging/awards/:award', requireSignIn, async (c) => {
  const m = await managed(c);
  const award = await awardOf(c, m);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: awardSchema,
    command: (input) => editAward(c.get('deps'), signedIn(c).user, m.challenge.id, award.id, input),
    rejected: (form) => awardPage(c, m, award, { edit: form }),
    done: () => done(c, m, m.state.announcedAt ? 'judging.correction.done' : 'judging.award.saved', '/awards'),
  });
});

staffRoutes.post('/challenges/:id/judging/awards/:award/remove', requireSignIn, async (c) => {
  const m = await managed(c);
  const award = await awardOf(c, m);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: correctionSchema,
    command: (input) => removeAward(c.get('deps'), signedIn(c).user, m.challenge.id, award.id, input),
    rejected: (form) => awardPage(c, m, award, { remove: form }),
    done: () => done(c, m, m.state.announcedAt ? 'judging.correction.done' : 'judging.award.removed', '/awards'),
  });
});

async function announcePage(c: AppContext, m: Managed, form?: RejectedForm) {
  const decision = canChangeJudging(signedIn(c).user, m.challenge, m.membership, m.state);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const { db } = c.get('deps');
  const [board, panel] = [await cachedBoard(c.get('deps'), m.challenge.id), await listPanel(db, m.challenge.id)];
  const open = panelOpen(m.challenge, m.state, c.get('now'));
  return render(
    c,
    <AnnouncePage
      ctx={viewContext(c)}
      challenge={m.challenge}
      awards={await awardViews(c, m.challenge.id)}
      ties={board.ties.length}
      votingOpen={m.challenge.votingOpenAt !== null && !challengePhase(m.challenge, c.get('now')).votingClosed}
      open={open}
      notSubmitted={panel.filter((j) => !j.removedAt).reduce((s, j) => s + j.assigned - j.submitted, 0)}
      errors={form?.errors}
    />,
    form ? 422 : 200,
  );
}

staffRoutes.get('/challenges/:id/judging/announce', requireSignIn, async (c) => announcePage(c, await managed(c)));

staffRoutes.post('/challenges/:id/judging/announce', requireSignIn, async (c) => {
  const m = await managed(c);
  const again = stepUp(c);
  if (again) return again;
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: announceSchema,
    command: (input) => announceResults(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => announcePage(c, m, form),
    done: () => respond(c, { redirect: `/challenges/${m.challenge.id}/results`, flash: { kind: 'success', key: 'judging.announce.done' } }),
  });
});

staffRoutes.post('/challenges/:id/judging/corrections', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: correctionSchema,
    command: (input) => correctResults(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => awardsPage(c, m, { correction: form }),
    done: () => done(c, m, 'judging.correction.done', '/awards'),
  });
});

staffRoutes.post('/challenges/:id/judging/next-steps', requireSignIn, async (c) => {
  const m = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: nextStepsSchema,
    command: (input) => setNextSteps(c.get('deps'), signedIn(c).user, m.challenge.id, input),
    rejected: (form) => awardsPage(c, m, { steps: form }),
    done: () => done(c, m, 'judging.nextSteps.saved', '/awards'),
  });
});
