import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { submitForm } from '../../http/form.js';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { isHtmx, render, respond, viewContext } from '../../http/render.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { pageLinks } from '../../lib/pagination.js';
import { statusKey } from '../../../views/ideas/parts.js';
import { AwaitingPage } from '../../../views/responses/AwaitingPage.js';
import { RespondPage } from '../../../views/responses/RespondPage.js';
import { getIdea, ideaInChallenge } from '../ideas/index.js';
import { viewerMembership } from '../organisations/index.js';
import { postResponse } from './commands/post-response.js';
import { canRespond, canRespondTo } from './policy.js';
import { listAwaitingResponses } from './queries.js';
import { responseSchema } from './schemas.js';
import { responseLimit } from './limits.js';
import { responseForm, responsesSection } from './section.js';

export const responsesRoutes = new Hono<AppEnv>();

/**
 * An official response (staff of the challenge's council): with htmx the responses section
 * comes back in place; without, a 303 to the idea's section with a flash. Refused input: 422
 * with the text as typed — the section for htmx, the answer form on a page of its own without.
 */
responsesRoutes.post('/ideas/:id/responses', requireSignIn, async (c) => {
  const found = await ideaInChallenge(c, c.req.param('id'));
  const { idea } = found;
  const challenge = { ...found.challenge, phase: found.phase };
  const { user } = signedIn(c);
  // Who may answer is checked before the input, so nobody else learns anything from a 422.
  const membership = await viewerMembership(c, challenge.organisationId);
  const decision = canRespond(user, { id: challenge.organisationId }, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const open = canRespondTo(idea);
  if (!open.ok) throw idea.status === 'draft' ? new NotFoundError('idea') : new ForbiddenError(open.reason);

  const redirect = `/ideas/${idea.id}#responses`;
  await limitRequest(c, responseLimit);
  return submitForm(c, {
    schema: responseSchema,
    command: (input) => postResponse(c.get('deps'), user, idea.id, input),
    rejected: async ({ values, errors }) => {
      if (isHtmx(c)) {
        c.header('Vary', 'HX-Request', { append: true });
        return c.html(String(await responsesSection(c, idea, challenge, { values, errors })), 422);
      }
      const form = responseForm(c, idea, challenge, membership, { values, errors });
      if (!form) throw new ForbiddenError('responses.policy.staffOnly'); // not reached: both checks above passed
      return render(c, <RespondPage ctx={viewContext(c)} idea={idea} form={form} />, 422);
    },
    done: async (posted) => {
      const flash = posted.created ? ({ kind: 'success', key: 'responses.flash.posted' } as const) : ({ kind: 'info', key: 'form.repeated' } as const);
      if (!isHtmx(c)) return respond(c, { redirect, flash });
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
            <span class={`badge badge-idea-${now.status.replace(/_/g, '-')}`} data-hx-swap-oob="outerHTML:article.idea .idea-meta > .badge">
              {ctx.t(statusKey(now.status))}
            </span>
          </>
        ),
      });
    },
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
      now={c.get('now')}
      {...pageLinks('/account/responses', after, page.next)}
    />,
  );
});
