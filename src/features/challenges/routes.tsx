import { Hono } from 'hono';
import { cachedPage } from '../../http/page-cache.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { submitForm, type SubmittedForm, type FormErrors } from '../../http/form.js';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { challengeLimit } from './limits.js';
import { render, respond, viewContext } from '../../http/render.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { newSubmissionKey } from '../../lib/idempotency.js';
import { ChallengeFormPage } from '../../../views/challenges/ChallengeFormPage.js';
import { ConfirmStatePage } from '../../../views/challenges/ConfirmStatePage.js';
import { DirectoryPage } from '../../../views/challenges/DirectoryPage.js';
import { HistoryPage } from '../../../views/challenges/HistoryPage.js';
import { getMembership, getOrganisationBySlug, isSlug, type Organisation } from '../organisations/index.js';
import { changeChallengeState, CHALLENGE_TRANSITIONS, type ChallengeTransition } from './commands/change-state.js';
import { createChallenge } from './commands/create-challenge.js';
import { updateChallenge } from './commands/update-challenge.js';
import { toLondonLocal } from './dates.js';
import { challengePhase } from './phase.js';
import { phaseView } from './phase-view.js';
import { canCreateChallenge, canEditChallenge, canRevealCounts, canViewChallengeHistory } from './policy.js';
import { hasSupports, listChallenges, listCouncils, listRevisions, listTopics, type Challenge } from './queries.js';
import { challengeSchema, directoryQuerySchema, newChallengeSchema, type DirectoryQuery } from './schemas.js';
import { visibleChallenge } from './visible.js';

export const challengesRoutes = new Hono<AppEnv>();

// ---- Directory ----

function directoryHref(q: DirectoryQuery, after?: string) {
  const p = new URLSearchParams();
  for (const k of ['q', 'council', 'topic', 'phase'] as const) if (q[k]) p.set(k, q[k]!);
  if (q.sort !== 'newest') p.set('sort', q.sort);
  if (after) p.set('after', after);
  const s = p.toString();
  return s ? `/challenges?${s}` : '/challenges';
}

challengesRoutes.get('/challenges', cachedPage({ scopes: () => [] }), async (c) => {
  const parsed = directoryQuerySchema.safeParse(c.req.query());
  if (!parsed.success) throw new BadRequestError();
  const query = parsed.data;
  const { db } = c.get('deps');
  const now = c.get('now');
  const page = await listChallenges(db, query, now);
  const [councils, topics] = [await listCouncils(db), await listTopics(db)];
  return render(
    c,
    <DirectoryPage
      ctx={viewContext(c)}
      items={page.items.map((i) => ({ ...i, state: phaseView(i, now) }))}
      filters={query}
      councils={councils}
      topics={topics}
      nextHref={page.next ? directoryHref(query, page.next) : null}
      firstHref={query.after ? directoryHref(query) : null}
    />,
  );
});

// ---- The form (create and edit) ----

type FormPage = {
  mode: 'create' | 'edit';
  action: string;
  heading: string;
  cancelHref: string;
  published?: boolean;
  /** "Hide support counts" is on and may not be switched off now (canRevealCounts). */
  hideCountsLocked?: boolean;
};

async function formPage(c: AppContext, p: FormPage, form: SubmittedForm & { errors?: FormErrors }, status: 200 | 422 = 200) {
  const allTopics = await listTopics(c.get('deps').db);
  return render(
    c,
    <ChallengeFormPage
      ctx={viewContext(c)}
      mode={p.mode}
      action={p.action}
      heading={p.heading}
      values={form.values}
      selectedTopics={form.lists['topics'] ?? []}
      topics={allTopics}
      errors={form.errors}
      cancelHref={p.cancelHref}
      published={p.published ?? false}
      hideCountsLocked={p.hideCountsLocked ?? false}
    />,
    status,
  );
}

// ---- Create ----

async function councilOf(c: AppContext): Promise<Organisation> {
  const slug = c.req.param('slug') ?? '';
  if (!isSlug(slug)) throw new NotFoundError('organisation');
  const { db } = c.get('deps');
  const org = await getOrganisationBySlug(db, slug);
  if (!org) throw new NotFoundError('organisation');
  const { user } = signedIn(c);
  const decision = canCreateChallenge(user, org, await getMembership(db, org.id, user.id));
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return org;
}

const createPage = (org: Organisation): FormPage => ({
  mode: 'create',
  action: `/organisations/${org.slug}/challenges/new`,
  heading: org.name,
  cancelHref: `/organisations/${org.slug}`,
});

challengesRoutes.get('/organisations/:slug/challenges/new', requireSignIn, async (c) => {
  const org = await councilOf(c);
  return formPage(c, createPage(org), { values: { submissionKey: newSubmissionKey(), voteBudget: '5' }, lists: {} });
});

challengesRoutes.post('/organisations/:slug/challenges/new', requireSignIn, async (c) => {
  const org = await councilOf(c);
  const { user } = signedIn(c);
  await limitRequest(c, challengeLimit);
  return submitForm(c, {
    schema: newChallengeSchema,
    lists: ['topics'],
    command: (input) => createChallenge(c.get('deps'), user, org, input),
    rejected: (form) => formPage(c, createPage(org), form, 422),
    done: ({ id, created }) =>
      respond(c, { redirect: `/challenges/${id}`, flash: created ? { kind: 'success', key: 'challenges.created' } : { kind: 'info', key: 'form.repeated' } }),
  });
});

// ---- Edit ----

function valuesOf(ch: Challenge): SubmittedForm['values'] {
  return {
    title: ch.title,
    summary: ch.summary,
    brief: ch.brief,
    rules: ch.rules,
    prize: ch.prize,
    titleFr: ch.titleFr ?? '',
    summaryFr: ch.summaryFr ?? '',
    briefFr: ch.briefFr ?? '',
    submissionsOpenAt: toLondonLocal(ch.submissionsOpenAt),
    submissionsCloseAt: toLondonLocal(ch.submissionsCloseAt),
    votingOpenAt: toLondonLocal(ch.votingOpenAt),
    votingCloseAt: toLondonLocal(ch.votingCloseAt),
    judgingCloseAt: toLondonLocal(ch.judgingCloseAt),
    resultsAt: toLondonLocal(ch.resultsAt),
    voteBudget: String(ch.voteBudget),
    // Checkboxes as a ticked box sends them (absent when unticked); numbers and texts as typed.
    ...(ch.selfSupport ? { selfSupport: 'on' } : {}),
    ...(ch.hideCounts ? { hideCounts: 'on' } : {}),
    ...(ch.confirmRules ? { confirmRules: 'on' } : {}),
    premoderation: ch.premoderation,
    responseDays: ch.responseDays === null ? '' : String(ch.responseDays),
    responseThreshold: ch.responseThreshold === null ? '' : String(ch.responseThreshold),
    commentPolicy: ch.commentPolicy,
    commentPolicyFr: ch.commentPolicyFr ?? '',
  };
}

async function editable(c: AppContext) {
  const { challenge, membership } = await visibleChallenge(c, c.req.param('id') ?? '');
  const decision = canEditChallenge(signedIn(c).user, challenge, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return challenge;
}

/** The edit form, with "hide support counts" locked on while the challenge's vote may not see its counts revealed. */
async function editPage(c: AppContext, ch: Challenge): Promise<FormPage> {
  const phase = challengePhase(ch, c.get('now'));
  const reveal = canRevealCounts({ hideCounts: ch.hideCounts, phase }, ch.hideCounts && (await hasSupports(c.get('deps').db, ch.id)));
  return {
    mode: 'edit',
    action: `/challenges/${ch.id}/edit`,
    heading: ch.title,
    cancelHref: `/challenges/${ch.id}`,
    published: ch.status === 'published',
    hideCountsLocked: !reveal.ok,
  };
}

challengesRoutes.get('/challenges/:id/edit', requireSignIn, async (c) => {
  const ch = await editable(c);
  return formPage(c, await editPage(c, ch), { values: valuesOf(ch), lists: { topics: ch.topics.map((tp) => String(tp.id)) } });
});

challengesRoutes.post('/challenges/:id/edit', requireSignIn, async (c) => {
  const ch = await editable(c);
  await limitRequest(c, challengeLimit);
  return submitForm(c, {
    schema: challengeSchema,
    lists: ['topics'],
    command: (input) => updateChallenge(c.get('deps'), signedIn(c).user, ch.id, input),
    rejected: async (form) => formPage(c, await editPage(c, ch), form, 422),
    done: ({ changed }) => respond(c, { redirect: `/challenges/${ch.id}`, flash: { kind: 'success', key: changed.length ? 'challenges.updated' : 'challenges.unchanged' } }),
  });
});

// ---- State changes ----

const DONE = { publish: 'challenges.published', close: 'challenges.closed', archive: 'challenges.archived' } as const satisfies Record<ChallengeTransition, string>;

/**
 * Closing early and archiving cannot be undone: the challenge page's buttons link to a
 * confirmation page (GET), whose form is the POST below. Who may is checked here as well, so a
 * person who may not act gets the refusal rather than a question.
 */
for (const transition of ['close', 'archive'] as const) {
  challengesRoutes.get(`/challenges/:id/${transition}`, requireSignIn, async (c) => {
    const { challenge, membership } = await visibleChallenge(c, c.req.param('id') ?? '');
    const decision = CHALLENGE_TRANSITIONS[transition].can(signedIn(c).user, challenge, membership);
    if (!decision.ok) throw new ForbiddenError(decision.reason);
    return render(c, <ConfirmStatePage ctx={viewContext(c)} challenge={challenge} transition={transition} />);
  });
}

for (const transition of Object.keys(CHALLENGE_TRANSITIONS) as ChallengeTransition[]) {
  challengesRoutes.post(`/challenges/:id/${transition}`, requireSignIn, async (c) => {
    const id = c.req.param('id');
    await limitRequest(c, challengeLimit);
    await changeChallengeState(c.get('deps'), signedIn(c).user, id, transition);
    return respond(c, { redirect: `/challenges/${id}`, flash: { kind: 'success', key: DONE[transition] } });
  });
}

// ---- History ----

challengesRoutes.get('/challenges/:id/history', requireSignIn, async (c) => {
  const { challenge, membership } = await visibleChallenge(c, c.req.param('id'));
  const decision = canViewChallengeHistory(signedIn(c).user, challenge, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const { db } = c.get('deps');
  const revisions = await listRevisions(db, challenge.id);
  const topics = await listTopics(db);
  return render(c, <HistoryPage ctx={viewContext(c)} challenge={challenge} revisions={revisions} topics={topics} />);
});
