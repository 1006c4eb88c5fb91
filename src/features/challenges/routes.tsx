import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../auth/guard.js';
import type { AppContext, AppEnv } from '../../lib/context.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { fieldErrors, formValues, tryCommand, type FormErrors, type FormValues } from '../../lib/form.js';
import { render, respond, viewContext } from '../../lib/http.js';
import type { Actor } from '../../lib/policy.js';
import { ChallengeFormPage } from '../../../views/challenges/ChallengeFormPage.js';
import { ChallengePage } from '../../../views/challenges/ChallengePage.js';
import { DirectoryPage } from '../../../views/challenges/DirectoryPage.js';
import { HistoryPage } from '../../../views/challenges/HistoryPage.js';
import { followButton } from '../follows/section.js';
import { ideasSection } from '../ideas/section.js';
import { responseSummary } from '../responses/section.js';
import { getMembership, getOrganisationBySlug, viewerMembership } from '../organisations/queries.js';
import type { MembershipRef } from '../organisations/policy.js';
import { isSlug } from '../organisations/schemas.js';
import { archiveChallenge } from './commands/archive-challenge.js';
import { closeChallenge } from './commands/close-challenge.js';
import { createChallenge } from './commands/create-challenge.js';
import { publishChallenge } from './commands/publish-challenge.js';
import { updateChallenge } from './commands/update-challenge.js';
import { toLondonLocal } from './dates.js';
import { challengePhase } from './phase.js';
import { phaseView } from './phase-view.js';
import {
  canArchiveChallenge,
  canCloseChallenge,
  canCreateChallenge,
  canEditChallenge,
  canPublishChallenge,
  canViewChallenge,
  canViewChallengeHistory,
  isStaffOrAdmin,
} from './policy.js';
import { getChallenge, listChallenges, listCouncils, listRevisions, listTopics, topicsOf, type Challenge } from './queries.js';
import { challengeSchema, directoryQuerySchema, SUBMISSION_KEY, type DirectoryQuery } from './schemas.js';

export const challengesRoutes = new Hono<AppEnv>();

/** The challenge named by :id with the viewer's membership of its council; unknown, malformed or hidden → 404. */
async function challengeOf(c: AppContext): Promise<{ challenge: Challenge; membership: MembershipRef; actor: Actor }> {
  const { db } = c.get('deps');
  const challenge = await getChallenge(db, c.req.param('id') ?? '');
  if (!challenge) throw new NotFoundError('challenge');
  const actor = c.get('user');
  const membership = await viewerMembership(c, challenge.organisationId);
  if (!canViewChallenge(actor, challenge, membership).ok) throw new NotFoundError('challenge');
  return { challenge, membership, actor };
}

// ---- Directory ----

function directoryHref(q: DirectoryQuery, after?: string) {
  const p = new URLSearchParams();
  for (const k of ['q', 'council', 'topic', 'phase'] as const) if (q[k]) p.set(k, q[k]!);
  if (q.sort !== 'newest') p.set('sort', q.sort);
  if (after) p.set('after', after);
  const s = p.toString();
  return s ? `/challenges?${s}` : '/challenges';
}

challengesRoutes.get('/challenges', async (c) => {
  const parsed = directoryQuerySchema.safeParse(c.req.query());
  if (!parsed.success) throw new BadRequestError();
  const query = parsed.data;
  const { db } = c.get('deps');
  const now = new Date();
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

// ---- Create ----

async function councilOf(c: AppContext) {
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

/** The submitted form: string fields, plus every checked topic (a repeated field). */
async function readChallengeForm(c: AppContext): Promise<{ values: FormValues; topics: string[] }> {
  const values = await formValues(c);
  const all = await c.req.parseBody({ all: true });
  const raw = all['topics'];
  const topics = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string').slice(0, 100);
  delete values['topics'];
  return { values, topics };
}

const newKey = () => randomBytes(24).toString('base64url');

async function formPage(
  c: AppContext,
  p: { mode: 'create' | 'edit'; action: string; heading: string; values: FormValues; topics: string[]; errors?: FormErrors; cancelHref: string; published?: boolean },
  status: 200 | 422 = 200,
) {
  const allTopics = await listTopics(c.get('deps').db);
  return render(
    c,
    <ChallengeFormPage
      ctx={viewContext(c)}
      mode={p.mode}
      action={p.action}
      heading={p.heading}
      values={p.values}
      selectedTopics={p.topics}
      topics={allTopics}
      errors={p.errors}
      cancelHref={p.cancelHref}
      published={p.published ?? false}
    />,
    status,
  );
}

challengesRoutes.get('/organisations/:slug/challenges/new', requireSignIn, async (c) => {
  const org = await councilOf(c);
  return formPage(c, {
    mode: 'create',
    action: `/organisations/${org.slug}/challenges/new`,
    heading: org.name,
    values: { submissionKey: newKey(), voteBudget: '5' },
    topics: [],
    cancelHref: `/organisations/${org.slug}`,
  });
});

challengesRoutes.post('/organisations/:slug/challenges/new', requireSignIn, async (c) => {
  const org = await councilOf(c);
  const { user } = signedIn(c);
  const { values, topics } = await readChallengeForm(c);
  const key = values['submissionKey'] ?? '';
  if (!SUBMISSION_KEY.test(key)) throw new BadRequestError();
  const refused = (errors: FormErrors) =>
    formPage(c, { mode: 'create', action: `/organisations/${org.slug}/challenges/new`, heading: org.name, values, topics, errors, cancelHref: `/organisations/${org.slug}` }, 422);
  const parsed = challengeSchema.safeParse({ ...values, topics });
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  const result = await tryCommand(() => createChallenge(c.get('deps'), user, org, parsed.data, key));
  if (!result.ok) return refused(result.errors);
  return respond(c, { redirect: `/challenges/${result.value.id}`, flash: { kind: 'success', key: 'challenges.created' } });
});

// ---- Page ----

challengesRoutes.get('/challenges/:id', async (c) => {
  const { challenge, membership, actor } = await challengeOf(c);
  const now = new Date();
  const state = phaseView(challenge, now);
  const topics = challenge.topics;
  const participants = challenge.participantCount;
  const ideas = await ideasSection(c, { ...challenge, phase: challengePhase(challenge, now), viewerIsStaff: isStaffOrAdmin(actor, challenge.organisationId, membership) });
  return render(
    c,
    <ChallengePage
      ctx={viewContext(c)}
      challenge={challenge}
      topics={topics}
      state={state}
      participants={participants}
      ideas={ideas}
      follow={challenge.status === 'draft' ? null : await followButton(c, { kind: 'challenge', id: challenge.id })}
      responses={challenge.status === 'draft' ? null : await responseSummary(c, challenge)}
      preview={challenge.status === 'draft'}
      can={{
        edit: canEditChallenge(actor, challenge, membership).ok,
        publish: canPublishChallenge(actor, challenge, membership).ok,
        close: canCloseChallenge(actor, challenge, membership).ok,
        archive: canArchiveChallenge(actor, challenge, membership).ok,
        history: challenge.status !== 'draft' && canViewChallengeHistory(actor, challenge, membership).ok,
      }}
    />,
  );
});

// ---- Edit ----

function valuesOf(ch: Challenge): FormValues {
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
    responseDays: ch.responseDays === null ? '' : String(ch.responseDays),
    responseThreshold: ch.responseThreshold === null ? '' : String(ch.responseThreshold),
    commentPolicy: ch.commentPolicy,
    commentPolicyFr: ch.commentPolicyFr ?? '',
  };
}

async function editable(c: AppContext) {
  const { challenge, membership } = await challengeOf(c);
  const decision = canEditChallenge(signedIn(c).user, challenge, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return challenge;
}

challengesRoutes.get('/challenges/:id/edit', requireSignIn, async (c) => {
  const ch = await editable(c);
  const topics = (await topicsOf(c.get('deps').db, [ch.id])).get(ch.id) ?? [];
  return formPage(c, {
    mode: 'edit',
    action: `/challenges/${ch.id}/edit`,
    heading: ch.title,
    values: valuesOf(ch),
    topics: topics.map((tp) => String(tp.id)),
    cancelHref: `/challenges/${ch.id}`,
    published: ch.status === 'published',
  });
});

challengesRoutes.post('/challenges/:id/edit', requireSignIn, async (c) => {
  const ch = await editable(c);
  const { values, topics } = await readChallengeForm(c);
  const refused = (errors: FormErrors) =>
    formPage(c, { mode: 'edit', action: `/challenges/${ch.id}/edit`, heading: ch.title, values, topics, errors, cancelHref: `/challenges/${ch.id}`, published: ch.status === 'published' }, 422);
  const parsed = challengeSchema.safeParse({ ...values, topics });
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  const result = await tryCommand(() => updateChallenge(c.get('deps'), signedIn(c).user, ch.id, parsed.data));
  if (!result.ok) return refused(result.errors);
  return respond(c, { redirect: `/challenges/${ch.id}`, flash: { kind: 'success', key: result.value.changed.length ? 'challenges.updated' : 'challenges.unchanged' } });
});

// ---- State changes ----

/** A UUID route parameter; anything else is a 404 before the database sees it. */
const idParam = (c: AppContext) => c.req.param('id') ?? '';

challengesRoutes.post('/challenges/:id/publish', requireSignIn, async (c) => {
  const id = idParam(c);
  await publishChallenge(c.get('deps'), signedIn(c).user, id);
  return respond(c, { redirect: `/challenges/${id}`, flash: { kind: 'success', key: 'challenges.published' } });
});

challengesRoutes.post('/challenges/:id/close', requireSignIn, async (c) => {
  const id = idParam(c);
  await closeChallenge(c.get('deps'), signedIn(c).user, id);
  return respond(c, { redirect: `/challenges/${id}`, flash: { kind: 'success', key: 'challenges.closed' } });
});

challengesRoutes.post('/challenges/:id/archive', requireSignIn, async (c) => {
  const id = idParam(c);
  await archiveChallenge(c.get('deps'), signedIn(c).user, id);
  return respond(c, { redirect: `/challenges/${id}`, flash: { kind: 'success', key: 'challenges.archived' } });
});

// ---- History ----

challengesRoutes.get('/challenges/:id/history', requireSignIn, async (c) => {
  const { challenge, membership } = await challengeOf(c);
  const decision = canViewChallengeHistory(signedIn(c).user, challenge, membership);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const { db } = c.get('deps');
  const revisions = await listRevisions(db, challenge.id);
  const topics = await listTopics(db);
  return render(c, <HistoryPage ctx={viewContext(c)} challenge={challenge} revisions={revisions} topics={topics} />);
});
