import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../auth/guard.js';
import { formatDate } from '../../i18n/index.js';
import type { AppContext, AppEnv } from '../../lib/context.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { fieldErrors, tryCommand, type FormErrors, type FormValues } from '../../lib/form.js';
import { isHtmx, render, respond, viewContext } from '../../lib/http.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { challengePhase, type PhaseState } from '../challenges/phase.js';
import { isStaffOrAdmin } from '../challenges/policy.js';
import { commentsSection } from '../comments/section.js';
import { followButton } from '../follows/section.js';
import { viewerMembership } from '../organisations/queries.js';
import { responsesSection } from '../responses/section.js';
import { countsHidden, voteButtons } from '../votes/section.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import { IdeaFormPage, IdeaPreview } from '../../../views/ideas/IdeaFormPage.js';
import { IdeaListPage, listQuery } from '../../../views/ideas/IdeaList.js';
import { IdeaPage } from '../../../views/ideas/IdeaPage.js';
import { MyIdeasPage } from '../../../views/ideas/MyIdeasPage.js';
import { SimilarIdeas } from '../../../views/ideas/parts.js';
import { editIdea } from './commands/edit-idea.js';
import { publishIdea } from './commands/publish-idea.js';
import { submitIdea } from './commands/submit-idea.js';
import { withdrawIdea } from './commands/withdraw-idea.js';
import { canEditIdea, canPublishIdea, canSubmitIdea, canViewIdea, canWithdrawIdea } from './policy.js';
import {
  getChallengeForIdeas,
  getIdea,
  listMemberOrganisations,
  listMyIdeas,
  listSimilarIdeas,
  listTopics,
  type ChallengeRef,
  type IdeaDetail,
} from './queries.js';
import { editIdeaSchema, newIdeaSchema, previewSchema } from './schemas.js';
import { cardVotes, loadIdeas, renderSection, sectionState, type ChallengeForIdeas } from './section.js';

export const ideasRoutes = new Hono<AppEnv>();

// ---- Helpers ----

/** Whether the viewer is the council's staff or an admin (one query per request when signed in, none otherwise). */
async function viewerIsStaff(c: AppContext, organisationId: string): Promise<boolean> {
  const actor = c.get('user');
  if (!actor) return false;
  if (actor.isAdmin) return true;
  return isStaffOrAdmin(actor, organisationId, await viewerMembership(c, organisationId));
}

type Loaded = { challenge: ChallengeRef; phase: PhaseState; forIdeas: ChallengeForIdeas };

async function loaded(c: AppContext, challenge: ChallengeRef): Promise<Loaded> {
  const phase = challengePhase(challenge);
  return { challenge, phase, forIdeas: { ...challenge, phase, viewerIsStaff: await viewerIsStaff(c, challenge.organisationId) } };
}

async function challengeOf(c: AppContext): Promise<Loaded> {
  const challenge = await getChallengeForIdeas(c.get('deps').db, c.req.param('id') ?? '');
  if (!challenge) throw new NotFoundError('challenge');
  return loaded(c, challenge);
}

async function ideaOf(c: AppContext): Promise<Loaded & { idea: IdeaDetail }> {
  const { db } = c.get('deps');
  const idea = await getIdea(db, c.req.param('id') ?? '');
  if (!idea || !canViewIdea(c.get('user'), idea).ok) throw new NotFoundError('idea');
  const challenge = await getChallengeForIdeas(db, idea.challengeId);
  if (!challenge) throw new NotFoundError('challenge');
  return { idea, ...(await loaded(c, challenge)) };
}

/** A refusal to submit, with the dates that explain it (before opening, after closing). */
function submissionRefused(c: AppContext, ch: ChallengeRef, phase: PhaseState, reason: string) {
  const locale = c.get('locale');
  const dates = { open: formatDate(ch.submissionsOpenAt, locale, 'dateTime'), close: formatDate(ch.submissionsCloseAt, locale, 'dateTime') };
  if (reason === 'ideas.policy.submissionsClosed') {
    const notYet = !phase.submissionsOpen && new Date() < ch.submissionsOpenAt;
    return render(c, <ErrorPage ctx={viewContext(c)} title="ideas.closed.title" body={notYet ? 'ideas.closed.notYet' : 'ideas.closed.over'} params={dates} />, 403);
  }
  throw new ForbiddenError(reason);
}

/** The submitted form: string fields, and the repeated `topics` checkboxes as a list. */
async function ideaForm(c: AppContext): Promise<{ values: FormValues; topics: string[] }> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new BadRequestError();
  }
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf' && k !== 'topics') values[k] = v;
  const raw = body['topics'];
  const topics = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string');
  return { values, topics };
}

const newKey = () => randomBytes(18).toString('base64url');

type FormPageExtra = { errors?: FormErrors; previewHtml?: string; status?: 200 | 422 };

async function newIdeaPage(c: AppContext, ch: ChallengeRef, values: FormValues, checked: number[], extra: FormPageExtra = {}) {
  const { db } = c.get('deps');
  const { user } = signedIn(c);
  const [topics, orgs, similar] = [
    await listTopics(db),
    (await listMemberOrganisations(db, user.id)).filter((o) => o.kind === 'partner'),
    values['title'] ? await listSimilarIdeas(db, ch.id, values['title']) : [],
  ];
  return render(
    c,
    <IdeaFormPage
      ctx={viewContext(c)}
      mode="new"
      action={`/challenges/${ch.id}/ideas/new`}
      challenge={{ id: ch.id, title: ch.title, titleFr: ch.titleFr }}
      values={values}
      checkedTopics={checked}
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

async function editIdeaPage(c: AppContext, idea: IdeaDetail, ch: ChallengeRef, values: FormValues, checked: number[], extra: FormPageExtra = {}) {
  const { db } = c.get('deps');
  const [topics, similar] = [await listTopics(db), values['title'] ? await listSimilarIdeas(db, ch.id, values['title'], idea.id) : []];
  return render(
    c,
    <IdeaFormPage
      ctx={viewContext(c)}
      mode="edit"
      action={`/ideas/${idea.id}/edit`}
      challenge={{ id: ch.id, title: ch.title, titleFr: ch.titleFr }}
      values={values}
      checkedTopics={checked}
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

const checkedOf = (topics: string[]) => topics.filter((x) => /^\d{1,9}$/.test(x)).map(Number);

// ---- The list (fragment for htmx; the challenge page places the section) ----

/**
 * htmx: with a cursor, the next cards and a new Show-more control (replacing the old one);
 * without, the whole section (the filter form). A plain GET goes to the challenge page.
 */
ideasRoutes.get('/challenges/:id/ideas', async (c) => {
  const { challenge, forIdeas } = await challengeOf(c);
  const state = sectionState(c, forIdeas);
  c.header('Vary', 'HX-Request', { append: true });
  if (!isHtmx(c)) return c.redirect(`/challenges/${challenge.id}?${listQuery(state, state.after)}#ideas`, 303);
  const ctx = viewContext(c);
  const page = await loadIdeas(c, challenge.id, state);
  if (state.after) {
    const votes = await cardVotes(c, forIdeas, state, page);
    return c.html(String(<IdeaListPage ctx={ctx} challengeId={challenge.id} items={page.items} votes={votes} next={page.next} state={state} />));
  }
  const topics = await listTopics(c.get('deps').db);
  // The filter form swaps the section in place; the address bar follows, so a filtered view can be shared and reloaded.
  c.header('HX-Push-Url', `/challenges/${challenge.id}?${listQuery(state)}`);
  return c.html(String(await renderSection(c, forIdeas, state, page, topics)));
});

ideasRoutes.get('/challenges/:id/ideas/similar', async (c) => {
  const { challenge } = await challengeOf(c);
  const title = (c.req.query('title') ?? '').slice(0, 140);
  const items = await listSimilarIdeas(c.get('deps').db, challenge.id, title);
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(String(<SimilarIdeas ctx={viewContext(c)} items={items} />));
});

// ---- Submitting ----

ideasRoutes.get('/challenges/:id/ideas/new', requireSignIn, async (c) => {
  const { challenge, phase } = await challengeOf(c);
  const decision = canSubmitIdea(c.get('user'), phase);
  if (!decision.ok) return submissionRefused(c, challenge, phase, decision.reason);
  return newIdeaPage(c, challenge, { submissionKey: newKey() }, []);
});

ideasRoutes.post('/challenges/:id/ideas/new', requireSignIn, async (c) => {
  const { challenge, phase } = await challengeOf(c);
  const { user } = signedIn(c);
  const decision = canSubmitIdea(user, phase);
  if (!decision.ok) return submissionRefused(c, challenge, phase, decision.reason);
  const form = await ideaForm(c);
  const checked = checkedOf(form.topics);
  // A form without a key (or with a damaged one) gets a fresh one on the re-render.
  const values = { ...form.values, submissionKey: /^[A-Za-z0-9_-]{16,64}$/.test(form.values['submissionKey'] ?? '') ? form.values['submissionKey']! : newKey() };
  const parsed = newIdeaSchema.safeParse({ ...form.values, topics: form.topics });
  if (!parsed.success) return newIdeaPage(c, challenge, values, checked, { errors: fieldErrors(parsed.error), status: 422 });
  const input = parsed.data;
  if (input.intent === 'preview') return newIdeaPage(c, challenge, values, checked, { previewHtml: renderMarkdown(input.description) });
  const result = await tryCommand(() => submitIdea(c.get('deps'), user, challenge.id, { ...input, publish: input.intent === 'publish' }));
  if (!result.ok) return newIdeaPage(c, challenge, values, checked, { errors: result.errors, status: 422 });
  const { id, created } = result.value;
  return respond(c, {
    redirect: `/ideas/${id}`,
    ...(created ? { flash: { kind: 'success' as const, key: input.intent === 'publish' ? ('ideas.flash.published' as const) : ('ideas.flash.drafted' as const) } } : {}),
  });
});

/**
 * htmx's Preview button: the form's title, summary and description rendered in place (nothing
 * stored). Without JavaScript the same button posts the whole form, which re-renders with it.
 */
ideasRoutes.post('/ideas/preview', requireSignIn, async (c) => {
  const { values } = await ideaForm(c);
  const parsed = previewSchema.safeParse(values);
  if (!parsed.success) {
    const key = Object.values(fieldErrors(parsed.error))[0] ?? 'validation.tooLong';
    return c.html(String(<p class="error-message">{viewContext(c).t(key)}</p>), 422);
  }
  const { title, summary, description } = parsed.data;
  return c.html(String(<IdeaPreview ctx={viewContext(c)} title={title} summary={summary} html={renderMarkdown(description)} />));
});

// ---- One idea ----

ideasRoutes.get('/ideas/:id', async (c) => {
  const { idea, challenge, phase, forIdeas } = await ideaOf(c);
  const user = c.get('user');
  const listed = idea.status !== 'draft';
  const hidden = countsHidden(forIdeas, forIdeas.viewerIsStaff);
  const slots = {
    vote: listed ? (await voteButtons(c, forIdeas, [idea], { returnTo: `/ideas/${idea.id}`, countsHidden: hidden })).get(idea.id) : null,
    follow: listed ? await followButton(c, { kind: 'idea', id: idea.id }) : null,
    responses: listed ? await responsesSection(c, idea, challenge) : null,
    comments: listed ? await commentsSection(c, idea, { ...challenge, phase }) : null,
  };
  const canonicalUrl = `${c.get('deps').config.publicUrl.replace(/\/$/, '')}/ideas/${idea.id}`;
  return render(
    c,
    <IdeaPage
      ctx={viewContext(c)}
      idea={idea}
      challenge={{ id: challenge.id, title: challenge.title, titleFr: challenge.titleFr }}
      canonicalUrl={canonicalUrl}
      can={{ edit: canEditIdea(user, idea, phase).ok, publish: canPublishIdea(user, idea, phase).ok, withdraw: canWithdrawIdea(user, idea).ok }}
      slots={slots}
    />,
  );
});

ideasRoutes.get('/ideas/:id/edit', requireSignIn, async (c) => {
  const { idea, challenge, phase } = await ideaOf(c);
  const decision = canEditIdea(c.get('user'), idea, phase);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return editIdeaPage(
    c,
    idea,
    challenge,
    { title: idea.title, summary: idea.summary, description: idea.description },
    idea.topics.map((t) => t.id),
  );
});

ideasRoutes.post('/ideas/:id/edit', requireSignIn, async (c) => {
  const { idea, challenge, phase } = await ideaOf(c);
  const { user } = signedIn(c);
  const decision = canEditIdea(user, idea, phase);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const form = await ideaForm(c);
  const checked = checkedOf(form.topics);
  const parsed = editIdeaSchema.safeParse({ ...form.values, topics: form.topics });
  if (!parsed.success) return editIdeaPage(c, idea, challenge, form.values, checked, { errors: fieldErrors(parsed.error), status: 422 });
  if (parsed.data.intent === 'preview') return editIdeaPage(c, idea, challenge, form.values, checked, { previewHtml: renderMarkdown(parsed.data.description) });
  const result = await tryCommand(() => editIdea(c.get('deps'), user, idea.id, parsed.data));
  if (!result.ok) return editIdeaPage(c, idea, challenge, form.values, checked, { errors: result.errors, status: 422 });
  return respond(c, { redirect: `/ideas/${idea.id}`, flash: { kind: 'success', key: 'ideas.flash.edited' } });
});

ideasRoutes.post('/ideas/:id/publish', requireSignIn, async (c) => {
  const { idea, challenge, phase } = await ideaOf(c);
  const { user } = signedIn(c);
  if (idea.status === 'draft') {
    const decision = canPublishIdea(user, idea, phase);
    if (!decision.ok) return submissionRefused(c, challenge, phase, decision.reason);
  }
  await publishIdea(c.get('deps'), user, idea.id);
  return respond(c, { redirect: `/ideas/${idea.id}`, flash: { kind: 'success', key: 'ideas.flash.published' } });
});

ideasRoutes.post('/ideas/:id/withdraw', requireSignIn, async (c) => {
  const { idea } = await ideaOf(c);
  await withdrawIdea(c.get('deps'), signedIn(c).user, idea.id);
  return respond(c, { redirect: `/ideas/${idea.id}`, flash: { kind: 'success', key: 'ideas.flash.withdrawn' } });
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
      nextHref={page.next ? `/account/ideas?after=${encodeURIComponent(page.next)}` : null}
      firstHref={after ? '/account/ideas' : null}
    />,
  );
});
