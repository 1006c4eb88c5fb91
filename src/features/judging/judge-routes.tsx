import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../../http/context.js';
import { submitForm, type RejectedForm } from '../../http/form.js';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { respond, render, setFlash, viewContext } from '../../http/render.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { getChallenge } from '../challenges/index.js';
import { canAcceptInvitation, invitationState } from '../organisations/index.js';
import { JudgeChallengePage, JudgeInvitationPage, JudgingAreaPage, ScorePage } from '../../../views/judging/JudgePages.js';
import { acceptJudgeInvitation } from './commands/panel.js';
import { declareConflict, saveScore } from './commands/score.js';
import { getAssigned, getJudge, listAssigned, listJudgeChallenges, listWaitingInvitations } from './area.js';
import { judgingVersion, remember } from './board.js';
import { judgingLimit } from './limits.js';
import { canDeclare, canScore, panelOpen } from './policy.js';
import { getMethod, getState, invitationById, listCriteria } from './queries.js';
import { acceptSchema, declareSchema, scoreSchema } from './schemas.js';

/** What judges reach (issue 13): their Judging area, their assigned ideas, the invitation links. */
export const judgeRoutes = new Hono<AppEnv>();

async function areaPage(c: AppContext, refused?: { invitationId: string; errors: RejectedForm['errors'] }) {
  const { user } = signedIn(c);
  const { db } = c.get('deps');
  const now = c.get('now');
  const invitations = user.emailVerified ? await listWaitingInvitations(db, user.email, now) : [];
  return render(c, <JudgingAreaPage ctx={viewContext(c)} challenges={await listJudgeChallenges(db, user.id, now)} invitations={invitations} refused={refused} />, refused ? 422 : 200);
}

judgeRoutes.get('/judging', requireSignIn, async (c) => areaPage(c));

/** Accepting from the Judging area: by the invitation's id, for the account it was sent to. */
judgeRoutes.post('/judging/invitations/:invitation/accept', requireSignIn, async (c) => {
  await limitRequest(c, judgingLimit);
  const invitationId = c.req.param('invitation');
  return acceptAnswer(c, invitationId, (form) => areaPage(c, { invitationId: invitationId.toLowerCase(), errors: form.errors }));
});

/** Join, then to the challenge's list; a refused confidentiality box shows the form again. */
async function acceptAnswer(c: AppContext, invitationId: string, rejected: (form: RejectedForm) => Response | Promise<Response>) {
  return submitForm(c, {
    schema: acceptSchema,
    command: (input) => acceptJudgeInvitation(c.get('deps'), signedIn(c).user, invitationId, input),
    rejected,
    done: (joined) => respond(c, { redirect: `/judging/${joined.challengeId}`, flash: { kind: 'success', key: 'judging.invitation.accepted' } }),
  });
}

/** An invitation link that does not work (unknown, used, revoked, expired): a 400 that says so. */
function invalidInvitation(c: AppContext): never {
  c.header('Cache-Control', 'no-store');
  throw new BadRequestError('judging.invitation.invalid');
}

/** The invitation's link names it by id (decision 0068), as the organisations' do (organisations/routes.tsx). */
async function invitationPage(c: AppContext, id: string, errors?: RejectedForm['errors']) {
  c.header('Cache-Control', 'no-store');
  if (!isUuid(id)) return invalidInvitation(c);
  const { db } = c.get('deps');
  const inv = await invitationById(db, id.toLowerCase());
  if (!inv || invitationState(inv, c.get('now')) !== 'pending') return invalidInvitation(c);
  const user = c.get('user');
  let refusal: string | null = null;
  if (user) {
    const decision = canAcceptInvitation(user, inv);
    const judge = decision.ok ? await getJudge(db, inv.challenge.id, user.id) : null;
    refusal = !decision.ok ? viewContext(c).t(decision.reason) : judge && !judge.removedAt ? viewContext(c).t('judging.invite.alreadyJudge') : null;
  }
  return render(
    c,
    <JudgeInvitationPage ctx={viewContext(c)} challenge={inv.challenge} expiresAt={inv.expiresAt} selfPath={`/judge-invitations/${inv.id}`} signedIn={user !== null} refusal={refusal} errors={errors} />,
    errors ? 422 : 200,
  );
}

judgeRoutes.get('/judge-invitations/:id', async (c) => invitationPage(c, c.req.param('id')));

judgeRoutes.post('/judge-invitations/:id/accept', async (c) => {
  const id = c.req.param('id');
  if (!isUuid(id)) return invalidInvitation(c);
  if (!c.get('user')) {
    setFlash(c, { kind: 'info', key: 'auth.signInRequired' });
    return c.redirect(`/sign-in?next=${encodeURIComponent(`/judge-invitations/${id.toLowerCase()}`)}`, 303);
  }
  await limitRequest(c, judgingLimit);
  return acceptAnswer(c, id, (form) => invitationPage(c, id, form.errors));
});

/** The signed-in judge on the challenge named in the URL (403 for anyone else, or a judge removed). */
async function judging(c: AppContext) {
  const { user } = signedIn(c);
  const { db } = c.get('deps');
  const id = c.req.param('challenge') ?? '';
  const challenge = isUuid(id) ? await getChallenge(db, id.toLowerCase()) : null;
  if (!challenge) throw new NotFoundError('challenge');
  const judge = await getJudge(db, challenge.id, user.id);
  if (!judge || judge.removedAt) throw new ForbiddenError('judging.policy.notJudge');
  const [state, method] = [await getState(db, challenge.id), await getMethod(db, challenge.id)];
  return { challenge, judge, blind: method.blindReview, open: panelOpen(challenge, state, c.get('now')) };
}

judgeRoutes.get('/judging/:challenge', requireSignIn, async (c) => {
  const j = await judging(c);
  // Kept while the challenge's judging does not move (every judging action bumps it): a judge comes back to this list after each score.
  const ideas = await remember(j.challenge.id, await judgingVersion(c.get('deps'), j.challenge.id), `assigned:${j.judge.id}:${j.blind}`, () => listAssigned(c.get('deps').db, j.judge.id, j.blind));
  return render(c, <JudgeChallengePage ctx={viewContext(c)} challenge={j.challenge} ideas={ideas} blind={j.blind} open={j.open} closesAt={j.challenge.judgingCloseAt} />);
});

/** The assignment named in the URL, for this judge (403 when not assigned: nothing says whether the idea exists). */
async function assigned(c: AppContext) {
  const j = await judging(c);
  const ideaId = c.req.param('idea') ?? '';
  const idea = isUuid(ideaId) ? await getAssigned(c.get('deps').db, j.judge.id, ideaId.toLowerCase(), j.blind) : null;
  if (!idea) throw new ForbiddenError('judging.policy.notAssigned');
  if (idea.conflict === 'declared' || idea.conflict === 'automatic') throw new ForbiddenError('judging.policy.conflicted');
  return { ...j, idea };
}

async function scorePage(c: AppContext, a: Awaited<ReturnType<typeof assigned>>, form?: RejectedForm) {
  const criteria = await listCriteria(c.get('deps').db, a.challenge.id);
  return render(
    c,
    <ScorePage ctx={viewContext(c)} challenge={a.challenge} idea={a.idea} criteria={criteria} blind={a.blind} open={a.open} values={form?.values} errors={form?.errors} />,
    form ? 422 : 200,
  );
}

judgeRoutes.get('/judging/:challenge/:idea', requireSignIn, async (c) => scorePage(c, await assigned(c)));

judgeRoutes.post('/judging/:challenge/:idea/declare', requireSignIn, async (c) => {
  const a = await assigned(c);
  const decision = canDeclare(a.judge, a.idea, a.open);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: declareSchema,
    command: (input) => declareConflict(c.get('deps'), signedIn(c).user, a.challenge.id, a.idea.ideaId, input),
    rejected: (form) => scorePage(c, a, form),
    done: (_r, form) =>
      form.values['conflict'] === 'declared'
        ? respond(c, { redirect: `/judging/${a.challenge.id}`, flash: { kind: 'success', key: 'judging.conflict.recorded' } })
        : respond(c, { redirect: `/judging/${a.challenge.id}/${a.idea.ideaId}`, flash: { kind: 'success', key: 'judging.conflict.noneRecorded' } }),
  });
});

judgeRoutes.post('/judging/:challenge/:idea/score', requireSignIn, async (c) => {
  const a = await assigned(c);
  const decision = canScore(a.judge, a.idea, a.open);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: scoreSchema,
    command: (input) => saveScore(c.get('deps'), signedIn(c).user, a.challenge.id, a.idea.ideaId, input),
    // Shown again with what was typed, at the version now stored (after a save from another tab, saving again is a choice).
    rejected: async (form) => scorePage(c, { ...a, idea: (await getAssigned(c.get('deps').db, a.judge.id, a.idea.ideaId, a.blind)) ?? a.idea }, form),
    done: (r) =>
      respond(c, {
        redirect: r.submitted ? `/judging/${a.challenge.id}` : `/judging/${a.challenge.id}/${a.idea.ideaId}`,
        flash: { kind: 'success', key: r.submitted ? 'judging.score.submitted' : 'judging.score.saved' },
      }),
  });
});
