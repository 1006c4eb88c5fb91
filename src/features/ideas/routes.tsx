import { Hono } from 'hono';
import { limitNewAccountPosts } from '../moderation/index.js';
import { formatDate } from '../../i18n/index.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { readForm, submitForm, validate, type FormErrors, type FormValues, type SubmittedForm } from '../../http/form.js';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest, waitMessage } from '../../http/limits.js';
import { isHtmx, render, respond, viewContext } from '../../http/render.js';
import { ForbiddenError, RateLimitedError } from '../../lib/errors.js';
import { newSubmissionKey } from '../../lib/idempotency.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { pageLinks } from '../../lib/pagination.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import { DraftOfferPage } from '../../../views/ideas/DraftOfferPage.js';
import { IdeaFormPage, IdeaPreview } from '../../../views/ideas/IdeaFormPage.js';
import { MyIdeasPage } from '../../../views/ideas/MyIdeasPage.js';
import { SimilarIdeas } from '../../../views/ideas/parts.js';
import { WithdrawIdeaForm, WithdrawIdeaPage } from '../../../views/ideas/WithdrawIdeaPage.js';
import { listTopics, type Challenge, type PhaseState } from '../challenges/index.js';
import { listMemberOrganisations } from '../organisations/index.js';
import { editIdea } from './commands/edit-idea.js';
import { publishIdea } from './commands/publish-idea.js';
import { submitIdea } from './commands/submit-idea.js';
import { withdrawIdea } from './commands/withdraw-idea.js';
import { canEditIdea, canPublishIdea, canSubmitIdea, canWithdrawIdea } from './policy.js';
import { listDraftsIn, listMyIdeas, listSimilarIdeas, type IdeaDetail } from './queries.js';
import { editIdeaSchema, newIdeaSchema, previewSchema, withdrawIdeaSchema } from './schemas.js';
import { ideaInChallenge, openChallenge } from './visible.js';
import { ideaLimit, ideaPreviewLimit, similarIdeasLimit } from './limits.js';

export const ideasRoutes = new Hono<AppEnv>();

// ---- Helpers ----


/** A refusal to submit, with the dates that explain it (before opening, after closing). */
function submissionRefused(c: AppContext, ch: Challenge, phase: PhaseState, reason: string) {
  const locale = c.get('locale');
  const dates = { open: formatDate(ch.submissionsOpenAt, locale, 'dateTime'), close: formatDate(ch.submissionsCloseAt, locale, 'dateTime') };
  if (reason === 'ideas.policy.submissionsClosed') {
    const notYet = !phase.submissionsOpen && c.get('now') < ch.submissionsOpenAt;
    return render(c, <ErrorPage ctx={viewContext(c)} title="ideas.closed.title" body={notYet ? 'ideas.closed.notYet' : 'ideas.closed.over'} params={dates} />, 403);
  }
  throw new ForbiddenError(reason);
}

/** The checked topic ids of a submitted form. */
const checkedOf = (form: SubmittedForm) => (form.lists['topics'] ?? []).filter((x) => /^\d{1,9}$/.test(x)).map(Number);

type FormPageExtra = { errors?: FormErrors | undefined; previewHtml?: string; status?: 200 | 422 };

async function newIdeaPage(c: AppContext, ch: Challenge, form: SubmittedForm, extra: FormPageExtra = {}) {
  const { db } = c.get('deps');
  const { user } = signedIn(c);
  const title = form.values['title'];
  const [topics, orgs, similar] = [
    await listTopics(db),
    (await listMemberOrganisations(db, user.id)).filter((o) => o.kind === 'partner'),
    title ? await listSimilarIdeas(db, ch.id, title) : [],
  ];
  return render(
    c,
    <IdeaFormPage
      ctx={viewContext(c)}
      mode="new"
      action={`/challenges/${ch.id}/ideas/new`}
      challenge={{ id: ch.id, title: ch.title, titleFr: ch.titleFr, confirmRules: ch.confirmRules }}
      values={form.values}
      checkedTopics={checkedOf(form)}
      errors={extra.errors}
      topics={topics}
      organisations={orgs}
      similar={similar}
      previewHtml={extra.previewHtml}
      cancelHref={`/challenges/${ch.id}`}
    />,
    extra.status ?? 200,
  );
}

async function editIdeaPage(c: AppContext, idea: IdeaDetail, ch: Challenge, form: SubmittedForm, extra: FormPageExtra = {}) {
  const { db } = c.get('deps');
  const title = form.values['title'];
  const [topics, similar] = [await listTopics(db), title ? await listSimilarIdeas(db, ch.id, title, idea.id) : []];
  return render(
    c,
    <IdeaFormPage
      ctx={viewContext(c)}
      mode="edit"
      action={`/ideas/${idea.id}/edit`}
      challenge={{ id: ch.id, title: ch.title, titleFr: ch.titleFr }}
      values={form.values}
      checkedTopics={checkedOf(form)}
      errors={extra.errors}
      topics={topics}
      organisations={[]}
      similar={similar}
      previewHtml={extra.previewHtml}
      cancelHref={`/ideas/${idea.id}`}
    />,
    extra.status ?? 200,
  );
}

// ---- Similar titles while typing (htmx) ----

ideasRoutes.get('/challenges/:id/ideas/similar', async (c) => {
  const { challenge } = await openChallenge(c, c.req.param('id'));
  const title = (c.req.query('title') ?? '').slice(0, 140);
  c.header('Vary', 'HX-Request', { append: true });
  try {
    await limitRequest(c, similarIdeasLimit);
  } catch (err) {
    if (!(err instanceof RateLimitedError)) throw err;
    // Only suggestions: over the limit there are none for a while (the form itself is not held up).
    c.header('Retry-After', String(err.retryAfterSeconds));
    return c.html(String(<SimilarIdeas ctx={viewContext(c)} items={[]} />), 429);
  }
  const items = await listSimilarIdeas(c.get('deps').db, challenge.id, title);
  return c.html(String(<SimilarIdeas ctx={viewContext(c)} items={items} />));
});

// ---- Submitting ----

/**
 * "Share an idea": the form, unless the person already has drafts in this challenge — then those
 * first, to continue (a second empty form was too easy to start by mistake), with a link to start
 * another anyway (`?another=1`: several drafts are allowed).
 */
ideasRoutes.get('/challenges/:id/ideas/new', requireSignIn, async (c) => {
  const { challenge, phase } = await openChallenge(c, c.req.param('id'));
  const { user } = signedIn(c);
  const decision = canSubmitIdea(user, phase);
  if (!decision.ok) return submissionRefused(c, challenge, phase, decision.reason);
  if (c.req.query('another') === undefined) {
    const drafts = await listDraftsIn(c.get('deps').db, user.id, challenge.id);
    if (drafts.items.length > 0) {
      return render(c, <DraftOfferPage ctx={viewContext(c)} challenge={{ id: challenge.id, title: challenge.title, titleFr: challenge.titleFr }} drafts={drafts.items} more={drafts.more} />);
    }
  }
  return newIdeaPage(c, challenge, { values: { submissionKey: newSubmissionKey() }, lists: {} });
});

ideasRoutes.post('/challenges/:id/ideas/new', requireSignIn, async (c) => {
  const { challenge, phase } = await openChallenge(c, c.req.param('id'));
  const { user } = signedIn(c);
  const decision = canSubmitIdea(user, phase);
  if (!decision.ok) return submissionRefused(c, challenge, phase, decision.reason);
  await limitRequest(c, ideaLimit);
  await limitNewAccountPosts(c);
  return submitForm(c, {
    schema: newIdeaSchema,
    lists: ['topics'],
    // Preview shows the form again with the rendered text (nothing stored); the other buttons submit.
    command: async (input) =>
      input.intent === 'preview'
        ? { preview: renderMarkdown(input.description) }
        : { intent: input.intent, ...(await submitIdea(c.get('deps'), user, challenge.id, { ...input, language: input.language ?? c.get('locale'), publish: input.intent === 'publish' })) },
    rejected: (form) => newIdeaPage(c, challenge, form, { errors: form.errors, status: 422 }),
    done: (result, form) => {
      if ('preview' in result) return newIdeaPage(c, challenge, form, { previewHtml: result.preview });
      const flash = !result.created
        ? ({ kind: 'info', key: 'form.repeated' } as const)
        : ({ kind: 'success', key: result.intent === 'publish' ? 'ideas.flash.published' : 'ideas.flash.drafted' } as const);
      return respond(c, { redirect: `/ideas/${result.id}`, flash });
    },
  });
});

/**
 * htmx's Preview button: the form's title, summary and description rendered in place (nothing
 * stored). Without JavaScript the same button posts the whole form, which re-renders with it.
 */
ideasRoutes.post('/ideas/preview', requireSignIn, async (c) => {
  try {
    await limitRequest(c, ideaPreviewLimit);
  } catch (err) {
    if (!(err instanceof RateLimitedError)) throw err;
    const wait = waitMessage(err);
    c.header('Retry-After', String(err.retryAfterSeconds));
    return c.html(String(<p class="error-message">{viewContext(c).t(wait.key, wait.params)}</p>), 429);
  }
  const input = await validate(previewSchema, await readForm(c));
  if (!input.ok) {
    const key = Object.values(input.errors)[0] ?? 'validation.tooLong';
    return c.html(String(<p class="error-message">{viewContext(c).t(key)}</p>), 422);
  }
  const { title, summary, description, language } = input.data;
  return c.html(String(<IdeaPreview ctx={viewContext(c)} title={title} summary={summary} html={renderMarkdown(description)} language={language} />));
});

// ---- Editing, publishing a draft, withdrawing ----

ideasRoutes.get('/ideas/:id/edit', requireSignIn, async (c) => {
  const { idea, challenge, phase } = await ideaInChallenge(c, c.req.param('id'));
  const decision = canEditIdea(c.get('user'), idea, phase);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const values = { title: idea.title, summary: idea.summary, description: idea.description, language: idea.language };
  return editIdeaPage(c, idea, challenge, { values, lists: { topics: idea.topics.map((t) => String(t.id)) } });
});

ideasRoutes.post('/ideas/:id/edit', requireSignIn, async (c) => {
  const { idea, challenge, phase } = await ideaInChallenge(c, c.req.param('id'));
  const { user } = signedIn(c);
  const decision = canEditIdea(user, idea, phase);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await limitRequest(c, ideaLimit);
  return submitForm(c, {
    schema: editIdeaSchema,
    lists: ['topics'],
    command: async (input) => (input.intent === 'preview' ? { preview: renderMarkdown(input.description) } : await editIdea(c.get('deps'), user, idea.id, input)),
    rejected: (form) => editIdeaPage(c, idea, challenge, form, { errors: form.errors, status: 422 }),
    done: (result, form) =>
      'preview' in result
        ? editIdeaPage(c, idea, challenge, form, { previewHtml: result.preview })
        : respond(c, { redirect: `/ideas/${idea.id}`, flash: { kind: 'success', key: 'ideas.flash.edited' } }),
  });
});

ideasRoutes.post('/ideas/:id/publish', requireSignIn, async (c) => {
  const { idea, challenge, phase } = await ideaInChallenge(c, c.req.param('id'));
  const { user } = signedIn(c);
  if (idea.status === 'draft') {
    const decision = canPublishIdea(user, idea, phase);
    if (!decision.ok) return submissionRefused(c, challenge, phase, decision.reason);
  }
  await limitRequest(c, ideaLimit);
  await limitNewAccountPosts(c);
  await publishIdea(c.get('deps'), user, idea.id);
  return respond(c, { redirect: `/ideas/${idea.id}`, flash: { kind: 'success', key: 'ideas.flash.published' } });
});

/**
 * The withdrawal's confirmation (reason, explanation): with htmx, its form in the idea page's
 * slot; without, a page of its own. The same form comes back with its errors (422) — on the page,
 * or in the slot for htmx.
 */
function withdrawForm(c: AppContext, idea: IdeaDetail, values: FormValues, errors?: FormErrors, status: 200 | 422 = 200) {
  const ctx = viewContext(c);
  if (isHtmx(c)) {
    c.header('Vary', 'HX-Request', { append: true });
    return c.html(String(<WithdrawIdeaForm ctx={ctx} ideaId={idea.id} values={values} errors={errors} inline={true} />), status);
  }
  return render(c, <WithdrawIdeaPage ctx={ctx} idea={{ id: idea.id, title: idea.title, language: idea.language }} values={values} errors={errors} />, status);
}

ideasRoutes.get('/ideas/:id/withdraw', requireSignIn, async (c) => {
  const { idea } = await ideaInChallenge(c, c.req.param('id'));
  const decision = canWithdrawIdea(c.get('user'), idea);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return withdrawForm(c, idea, {});
});

ideasRoutes.post('/ideas/:id/withdraw', requireSignIn, async (c) => {
  const { idea } = await ideaInChallenge(c, c.req.param('id'));
  const { user } = signedIn(c);
  const decision = canWithdrawIdea(user, idea);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await limitRequest(c, ideaLimit);
  return submitForm(c, {
    schema: withdrawIdeaSchema,
    command: (input) => withdrawIdea(c.get('deps'), user, idea.id, input),
    rejected: (form) => withdrawForm(c, idea, form.values, form.errors, 422),
    done: () => respond(c, { redirect: `/ideas/${idea.id}`, flash: { kind: 'success', key: 'ideas.flash.withdrawn' } }),
  });
});

// ---- A person's own ideas ----

ideasRoutes.get('/account/ideas', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const after = c.req.query('after') || undefined;
  const page = await listMyIdeas(c.get('deps').db, user.id, after);
  return render(
    c,
    <MyIdeasPage
      ctx={viewContext(c)}
      items={page.items}
      {...pageLinks('/account/ideas', after, page.next)}
    />,
  );
});

