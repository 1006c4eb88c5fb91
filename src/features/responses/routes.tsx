import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../auth/guard.js';
import type { AppContext, AppEnv } from '../../lib/context.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { fieldErrors, formValues, tryCommand, type FormErrors, type FormValues } from '../../lib/form.js';
import { isHtmx, render, respond, viewContext } from '../../lib/http.js';
import { canViewIdea } from '../ideas/policy.js';
import { getChallengeForIdeas, getIdea, type ChallengeRef, type IdeaDetail } from '../ideas/queries.js';
import { statusKey } from '../../../views/ideas/parts.js';
import { AwaitingPage } from '../../../views/responses/AwaitingPage.js';
import { RespondPage } from '../../../views/responses/RespondPage.js';
import { postResponse } from './commands/post-response.js';
import { canRespond, canRespondTo } from './policy.js';
import { listAwaitingResponses } from './queries.js';
import { SUBMISSION_KEY, responseSchema } from './schemas.js';
import { viewerMembership } from '../organisations/queries.js';
import { newSubmissionKey, responseForm, responsesSection } from './section.js';

export const responsesRoutes = new Hono<AppEnv>();

/** The idea named by :id and its challenge, as the idea page shows them; unknown, malformed or hidden → 404. */
async function ideaOf(c: AppContext): Promise<{ idea: IdeaDetail; challenge: ChallengeRef }> {
  const { db } = c.get('deps');
  const idea = await getIdea(db, c.req.param('id') ?? '');
  if (!idea || !canViewIdea(c.get('user'), idea).ok) throw new NotFoundError('idea');
  const challenge = await getChallengeForIdeas(db, idea.challengeId);
  if (!challenge) throw new NotFoundError('idea');
  return { idea, challenge };
}

/**
 * An official response (staff of the challenge's council): with htmx the responses section
 * comes back in place; without, a 303 to the idea's section with a flash. Refused input: 422
 * with the text as typed — the section for htmx, the answer form on a page of its own without.
 */
responsesRoutes.post('/ideas/:id/responses', requireSignIn, async (c) => {
  const { idea, challenge } = await ideaOf(c);
  const { user } = signedIn(c);
  // Who may answer is checked before the input, so nobody else learns anything from a 422.
  const membership = await viewerMembership(c, challenge.organisationId);
  const decision = canRespond(user, { id: challenge.organisationId }, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const open = canRespondTo(idea);
  if (!open.ok) throw idea.status === 'draft' ? new NotFoundError('idea') : new ForbiddenError(open.reason);

  const sent = await formValues(c);
  // A form without a key (or with a damaged one) gets a fresh one on the re-render.
  const values: FormValues = { ...sent, submissionKey: SUBMISSION_KEY.test(sent['submissionKey'] ?? '') ? sent['submissionKey']! : newSubmissionKey() };
  const refused = async (errors: FormErrors) => {
    if (isHtmx(c)) {
      c.header('Vary', 'HX-Request', { append: true });
      return c.html(String(await responsesSection(c, idea, challenge, { values, errors })), 422);
    }
    const form = responseForm(c, idea, challenge, membership, { values, errors });
    if (!form) throw new ForbiddenError('responses.policy.staffOnly'); // not reached: both checks above passed
    return render(c, <RespondPage ctx={viewContext(c)} idea={idea} form={form} />, 422);
  };

  const parsed = responseSchema.safeParse(sent);
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  const result = await tryCommand(() => postResponse(c.get('deps'), user, idea.id, parsed.data));
  if (!result.ok) return refused(result.errors);

  const redirect = `/ideas/${idea.id}#responses`;
  if (!isHtmx(c)) return respond(c, { redirect, flash: { kind: 'success', key: 'responses.flash.posted' } });
  // The idea as it is now (new status, due date cleared) for the section; the status badge at
  // the top of the idea page (views/ideas StatusBadge's markup) is brought up to date out of band
  // (htmx skips an out-of-band target that is not on the page).
  const now = (await getIdea(c.get('deps').db, idea.id)) ?? idea;
  const section = await responsesSection(c, now, challenge, { posted: true });
  const ctx = viewContext(c);
  return respond(c, {
    redirect,
    fragment: () => (
      <>
        {section}
        <span class={`badge badge-idea-${now.status.replace(/_/g, '-')}`} hx-swap-oob="outerHTML:article.idea .idea-meta > .badge">
          {ctx.t(statusKey(now.status))}
        </span>
      </>
    ),
  });
});

/** Ideas awaiting an official response in the councils the person is on the staff of (empty for everyone else). */
responsesRoutes.get('/account/responses', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const after = c.req.query('after') || undefined;
  const page = await listAwaitingResponses(c.get('deps').db, user.id, after);
  return render(
    c,
    <AwaitingPage
      ctx={viewContext(c)}
      items={page.items}
      now={new Date()}
      nextHref={page.next ? `/account/responses?after=${encodeURIComponent(page.next)}` : null}
      firstHref={after ? '/account/responses' : null}
    />,
  );
});
