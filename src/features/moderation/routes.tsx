import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../http/guard.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { limitRequest } from '../../http/limits.js';
import { requestOrigin } from '../../http/security.js';
import { readForm, submitForm, type FormErrors, type FormValues } from '../../http/form.js';
import { render, respond, safeNext, viewContext } from '../../http/render.js';
import { BadRequestError, DomainError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { pageLinks } from '../../lib/pagination.js';
import type { MessageKey, T } from '../../i18n/index.js';
import { ReportPage } from '../../../views/moderation/ReportPage.js';
import { QueuePage } from '../../../views/moderation/QueuePage.js';
import { ItemPage, type ItemView } from '../../../views/moderation/ItemPage.js';
import { AppealPage } from '../../../views/moderation/AppealPage.js';
import { LogPage } from '../../../views/moderation/LogPage.js';
import { requestViewer } from '../organisations/index.js';
import { fileReport, openReportOf, reportTarget, type ReportTarget } from './commands/report.js';
import { decideItem } from './commands/decide.js';
import { appealItem } from './commands/appeal.js';
import { suspendAuthor } from './commands/suspend.js';
import { liftSuspension } from './commands/lift.js';
import { setAuthorTrust } from './commands/trust.js';
import { reportLimit } from './limits.js';
import { ACTIONS, canActOn, canDecide, canReport, canSeeItem, canSetTrust, canLiftSuspension, canSuspend, type Moderator } from './policy.js';
import { authorStanding, getItem, itemOfTarget, listQueue, moderatorOf, monthLog, QUEUE_PAGE, queueOrganisations } from './queries.js';
import { isRule, reasonKey, REPORT_REASONS, type ReportReason, ruleAs, ruleKey, ruleNumber, RULES } from './rules.js';
import { appealSchema, bulkSchema, decisionSchema, liftSchema, queueQuerySchema, reportSchema, suspendSchema, trustSchema } from './schemas.js';

export const moderationRoutes = new Hono<AppEnv>();

// ---- Reporting ----

const reportPath = (kind: string, id: string) => `/report/${kind}/${id}`;

async function target(c: AppContext): Promise<ReportTarget> {
  return reportTarget(c.get('deps'), await requestViewer(c), c.req.param('kind') ?? '', c.req.param('id') ?? '');
}

function reportForm(c: AppContext, t: ReportTarget, values: FormValues, errors?: FormErrors, status: 200 | 409 | 422 = 200, reportedAt?: Date) {
  const { reported } = t;
  const label = c.get('deps').reportables.kind(reported.kind)!.label;
  const excerpt = [reported.snapshot.title, reported.snapshot.body].filter(Boolean).join(' — ');
  return render(
    c,
    <ReportPage
      ctx={viewContext(c)}
      kindLabel={label}
      action={reportPath(reported.kind, reported.id)}
      backHref={reported.url}
      excerpt={excerpt.length > 300 ? `${excerpt.slice(0, 299)}…` : excerpt}
      values={values}
      errors={errors}
      reportedAt={reportedAt}
    />,
    status,
  );
}

/** The report form (anonymous visitors are asked to sign in first); someone who already reported it is told when. */
moderationRoutes.get('/report/:kind/:id', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const t = await target(c);
  const decision = canReport(user, t.reported);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  const open = await openReportOf(c.get('deps'), user.id, t.reported.kind, t.reported.id);
  return reportForm(c, t, {}, undefined, 200, open?.createdAt);
});

moderationRoutes.post('/report/:kind/:id', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const t = await target(c);
  const decision = canReport(user, t.reported);
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  await limitRequest(c, reportLimit);
  return submitForm(c, {
    schema: reportSchema,
    command: (input) => fileReport(c.get('deps'), user, t, input),
    rejected: (form) => reportForm(c, t, form.values, form.errors, 422),
    done: (result, form) =>
      result.filed
        ? respond(c, { redirect: t.reported.url, flash: { kind: 'success', key: 'moderation.report.thanks' } })
        : reportForm(c, t, form.values, undefined, 409, result.reportedAt),
  });
});

// ---- Asking for a review ----

/** The author's own hidden thing and its item; anyone else (or nothing hidden): a 404. */
async function appealTarget(c: AppContext) {
  const deps = c.get('deps');
  const kind = c.req.param('kind') ?? '';
  const id = c.req.param('id') ?? '';
  const user = signedIn(c).user;
  const [reported, item] = await Promise.all([deps.reportables.load(deps.db, kind, id), itemOfTarget(deps.db, kind, id)]);
  if (!reported || !item || item.authorId !== user.id || (item.state !== 'hidden' && item.state !== 'appealed')) throw new NotFoundError('item');
  return { reported, item, label: deps.reportables.kind(kind)!.label };
}

function appealForm(c: AppContext, t: Awaited<ReturnType<typeof appealTarget>>, values: FormValues, errors?: FormErrors, status: 200 | 409 | 422 = 200, appealedAt: Date | null = t.item.appealedAt) {
  return render(
    c,
    <AppealPage
      ctx={viewContext(c)}
      kindLabel={t.label}
      action={`/appeal/${t.reported.kind}/${t.reported.id}`}
      backHref={t.reported.url}
      rule={ruleAs(t.item.rule)}
      message={t.item.message}
      values={values}
      errors={errors}
      appealedAt={appealedAt}
    />,
    status,
  );
}

moderationRoutes.get('/appeal/:kind/:id', requireSignIn, async (c) => appealForm(c, await appealTarget(c), {}));

moderationRoutes.post('/appeal/:kind/:id', requireSignIn, async (c) => {
  const t = await appealTarget(c);
  await limitRequest(c, reportLimit);
  return submitForm(c, {
    schema: appealSchema,
    command: (input) => appealItem(c.get('deps'), signedIn(c).user, t.item.id, input),
    rejected: (form) => appealForm(c, t, form.values, form.errors, 422),
    done: (result, form) =>
      result.filed ? respond(c, { redirect: t.reported.url, flash: { kind: 'success', key: 'moderation.appeal.sent' } }) : appealForm(c, t, form.values, undefined, 409, result.appealedAt),
  });
});

// ---- The queue ----

/** The signed-in person as a moderator; anyone else: a 403. */
async function moderator(c: AppContext): Promise<Moderator> {
  const m = await moderatorOf(c.get('deps').db, signedIn(c).user.id);
  if (!m) throw new ForbiddenError('moderation.policy.notModerator');
  return m;
}

const reasonCounts = (counts: Partial<Record<ReportReason, number>>) =>
  REPORT_REASONS.flatMap((r) => (counts[r] ? [{ label: reasonKey(r), count: counts[r]! }] : []));

const kindLabel = (c: AppContext, kind: string): MessageKey => c.get('deps').reportables.kind(kind)?.label ?? 'moderation.item.label';

moderationRoutes.get('/moderation', requireSignIn, async (c) => {
  const m = await moderator(c);
  const q = queueQuerySchema.parse(c.req.query());
  const deps = c.get('deps');
  const [{ items, next }, orgs] = await Promise.all([listQueue(deps.db, m, q), queueOrganisations(deps.db, m)]);
  const ctx = viewContext(c);
  const filters = { show: q.show ?? 'pending', sort: q.sort ?? 'newest', kind: q.kind ?? '', reason: q.reason ?? '', org: q.org ?? '' };
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '')).toString();
  const path = `/moderation?${query}`;
  return render(
    c,
    <QueuePage
      ctx={ctx}
      items={items.map((i) => ({ ...i, kindLabel: kindLabel(c, i.kind), reasons: reasonCounts(i.reasonCounts) }))}
      rules={ruleOptions(ctx.t)}
      filters={filters}
      kinds={deps.reportables.kinds().map((k) => ({ value: k.kind, label: ctx.t(k.label) }))}
      reasons={REPORT_REASONS.map((r) => ({ value: r, label: ctx.t(reasonKey(r)) }))}
      organisations={orgs.map((o) => ({ value: o.id, label: o.name }))}
      here={q.after ? `${path}&after=${encodeURIComponent(q.after)}` : path}
      {...pageLinks(path, q.after, next)}
    />,
  );
});

const ruleOptions = (t: T) => RULES.map((r) => ({ value: r, label: t('moderation.rule.named', { number: ruleNumber(r), rule: t(ruleKey(r)) }) }));

/** Where the item page and a decision come back to: the queue with the filters it was reached from. */
const backTo = (raw: string | undefined) => {
  const back = safeNext(raw, '/moderation');
  return back.startsWith('/moderation') ? back : '/moderation';
};

async function itemPage(
  c: AppContext,
  m: Moderator,
  id: string,
  values: FormValues,
  errors?: FormErrors,
  status: 200 | 422 = 200,
  back = '/moderation',
  suspension: { values: FormValues; errors?: FormErrors | undefined } = { values: {} },
  lifting: { values: FormValues; errors?: FormErrors | undefined } = { values: {} },
) {
  const deps = c.get('deps');
  const item = await getItem(deps.db, id);
  if (!item || !canSeeItem(m, item).ok) throw new NotFoundError('item');
  const kind = deps.reportables.kind(item.kind);
  const live = await deps.reportables.load(deps.db, item.kind, item.targetId);
  const may = canActOn(m, item);
  const actions = ACTIONS.filter((a) => canDecide(m, item, a, kind?.setHidden !== undefined).ok);
  const author = item.authorId ? await authorStanding(deps.db, item.authorId) : null;
  const maySuspend = canSuspend(m, item, author, c.get('now')).ok;
  const mayLift = canLiftSuspension(m, item, author, c.get('now')).ok;
  const trust = author && canSetTrust(m, item).ok ? author.trust ?? 'auto' : null;
  const view: ItemView = {
    id: item.id,
    kindLabel: kindLabel(c, item.kind),
    state: item.state,
    url: live && !live.gone ? live.url : null,
    snapshot: item.snapshot,
    erasedAt: item.erasedAt,
    authorName: item.authorName,
    organisationName: item.organisationName,
    atRisk: item.atRisk,
    holdReason: item.holdReason,
    firstReportedAt: item.firstReportedAt,
    rule: ruleAs(item.rule),
    appeal: item.appealedAt ? { at: item.appealedAt, note: item.appealNote } : null,
    reasons: reasonCounts(item.reasonCounts),
    reports: item.reports.map((r) => ({ ...r, reason: reasonKey(r.reason) })),
    decisions: item.decisions.map((d) => ({ ...d, action: `moderation.action.${d.action}` as MessageKey, rule: isRule(d.rule) ? ruleKey(d.rule) : null })),
    authorHistory: item.authorHistory.map((h) => ({ kind: kindLabel(c, h.kind), state: `moderation.state.${h.action}` as MessageKey, rule: isRule(h.rule) ? ruleKey(h.rule) : null, createdAt: h.createdAt })),
  };
  const ctx = viewContext(c);
  return render(
    c,
    <ItemPage
      ctx={ctx}
      item={view}
      actions={actions}
      why={may.ok ? (actions.length ? null : 'moderation.decide.nothing') : may.reason}
      rules={ruleOptions(ctx.t)}
      values={values}
      errors={errors}
      back={back}
      suspension={maySuspend ? suspension : null}
      lift={mayLift && author ? { until: author.suspendedUntil, ...lifting } : null}
      trust={trust}
    />,
    status,
  );
}

moderationRoutes.get('/moderation/items/:id', requireSignIn, async (c) => {
  const m = await moderator(c);
  return itemPage(c, m, c.req.param('id'), {}, undefined, 200, backTo(c.req.query('back')));
});

/** Suspending the author of an item (platform moderators), then back to the queue with how much was hidden with it. */
moderationRoutes.post('/moderation/items/:id/suspend', requireSignIn, async (c) => {
  const m = await moderator(c);
  const id = c.req.param('id');
  const back = backTo((await readForm(c)).values['back']);
  return submitForm(c, {
    schema: suspendSchema,
    command: (input) => suspendAuthor(c.get('deps'), m, id, input, requestOrigin(c)),
    rejected: (form) => itemPage(c, m, id, {}, undefined, 422, back, { values: form.values, errors: form.errors }),
    done: (result) => respond(c, { redirect: back, flash: { kind: 'success', key: 'moderation.suspend.done', params: { hidden: result.hidden } } }),
  });
});

/** Lifting the author's suspension before its end (platform moderators), then back to the item. */
moderationRoutes.post('/moderation/items/:id/lift', requireSignIn, async (c) => {
  const m = await moderator(c);
  const id = c.req.param('id');
  const back = backTo((await readForm(c)).values['back']);
  return submitForm(c, {
    schema: liftSchema,
    command: (input) => liftSuspension(c.get('deps'), m, id, input),
    rejected: (form) => itemPage(c, m, id, {}, undefined, 422, back, { values: {} }, { values: form.values, errors: form.errors }),
    done: () => respond(c, { redirect: `/moderation/items/${id}?back=${encodeURIComponent(back)}`, flash: { kind: 'success', key: 'moderation.lift.done' } }),
  });
});

/** A platform moderator raises or lowers the author's trust (or makes it automatic again), then back to the item. */
moderationRoutes.post('/moderation/items/:id/trust', requireSignIn, async (c) => {
  const m = await moderator(c);
  const id = c.req.param('id');
  const form = await readForm(c);
  const back = backTo(form.values['back']);
  const input = trustSchema.safeParse(form.values);
  if (!input.success) throw new BadRequestError();
  await setAuthorTrust(c.get('deps'), m, id, input.data);
  return respond(c, { redirect: `/moderation/items/${id}?back=${encodeURIComponent(back)}`, flash: { kind: 'success', key: `moderation.trust.done.${input.data.trust}` } });
});

moderationRoutes.post('/moderation/items/:id/decide', requireSignIn, async (c) => {
  const m = await moderator(c);
  const id = c.req.param('id');
  const back = backTo((await readForm(c)).values['back']);
  return submitForm(c, {
    schema: decisionSchema,
    command: (input) => decideItem(c.get('deps'), m, id, input),
    rejected: (form) => itemPage(c, m, id, form.values, form.errors, 422, back),
    done: (result) =>
      respond(c, { redirect: back, flash: { kind: 'success', key: result.changed ? `moderation.decided.${result.state}` : 'moderation.decided.already' } }),
  });
});

/**
 * Bulk decisions from the queue: the same action (dismiss, or hide under one rule) on every item
 * ticked, each decided on its own as if one by one (its own transaction, the state the queue
 * showed): those that changed meanwhile, or that this moderator may not decide, are skipped and
 * counted. Back to the same view of the queue.
 */
moderationRoutes.post('/moderation/bulk', requireSignIn, async (c) => {
  const m = await moderator(c);
  const form = await readForm(c, ['item']);
  const back = backTo(form.values['back']);
  const picked = (form.lists['item'] ?? []).slice(0, QUEUE_PAGE).map((v) => v.split(':'));
  const parsed = bulkSchema.safeParse({ action: form.values['action'], rule: form.values['rule'] ?? '' });
  if (!parsed.success || picked.length === 0) {
    const key: MessageKey = picked.length === 0 ? 'moderation.bulk.noneSelected' : parsed.error?.issues[0]?.message === 'moderation.decide.ruleRequired' ? 'moderation.decide.ruleRequired' : 'moderation.decide.actionRequired';
    return respond(c, { redirect: back, flash: { kind: 'error', key } });
  }
  let done = 0;
  let skipped = 0;
  for (const [id = '', seen = ''] of picked) {
    const input = decisionSchema.safeParse({ action: parsed.data.action, seen, rule: parsed.data.rule, note: '', message: '' });
    if (!input.success) {
      skipped++;
      continue;
    }
    try {
      const r = await decideItem(c.get('deps'), m, id, input.data);
      if (r.changed) done++;
      else skipped++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      skipped++;
    }
  }
  return respond(c, { redirect: back, flash: { kind: skipped ? 'info' : 'success', key: 'moderation.bulk.done', params: { done, skipped } } });
});

// ---- The public log ----

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/** One month of moderation in numbers, for everyone (linked from the guidelines); `?month=2026-11`, this month by default. */
moderationRoutes.get('/moderation/log', async (c) => {
  const now = c.get('now');
  const m = MONTH.exec(c.req.query('month') ?? '');
  const start = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const previous = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1));
  const log = await monthLog(c.get('deps').db, start, end);
  const ctx = viewContext(c);
  const month = new Intl.DateTimeFormat(ctx.locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(start);
  return render(
    c,
    <LogPage
      ctx={ctx}
      month={month}
      reports={log.reports}
      appeals={log.appeals}
      rows={log.decisions.map((d) => ({ kind: kindLabel(c, d.kind), action: `moderation.log.action.${d.action}` as MessageKey, rule: isRule(d.rule) ? ctx.t('moderation.rule.named', { number: ruleNumber(d.rule), rule: ctx.t(ruleKey(d.rule)) }) : null, count: d.count }))}
      medianHours={log.medianHours}
      previousHref={`/moderation/log?month=${monthKey(previous)}`}
      nextHref={end <= now ? `/moderation/log?month=${monthKey(end)}` : null}
    />,
  );
});
