import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../http/guard.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { limitRequest } from '../../http/limits.js';
import { readForm, submitForm, type FormErrors, type FormValues } from '../../http/form.js';
import { render, respond, safeNext, viewContext } from '../../http/render.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { pageLinks } from '../../lib/pagination.js';
import type { MessageKey } from '../../i18n/index.js';
import { ReportPage } from '../../../views/moderation/ReportPage.js';
import { QueuePage } from '../../../views/moderation/QueuePage.js';
import { ItemPage, type ItemView } from '../../../views/moderation/ItemPage.js';
import { requestViewer } from '../organisations/index.js';
import { fileReport, openReportOf, reportTarget, type ReportTarget } from './commands/report.js';
import { decideItem } from './commands/decide.js';
import { reportLimit } from './limits.js';
import { ACTIONS, canActOn, canDecide, canReport, canSeeItem, type Moderator } from './policy.js';
import { getItem, listQueue, moderatorOf, queueOrganisations } from './queries.js';
import { isRule, REPORT_REASONS, reasonKey, RULES, ruleKey, ruleNumber, type ReportReason } from './rules.js';
import { decisionSchema, queueQuerySchema, reportSchema } from './schemas.js';

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
      filters={filters}
      kinds={deps.reportables.kinds().map((k) => ({ value: k.kind, label: ctx.t(k.label) }))}
      reasons={REPORT_REASONS.map((r) => ({ value: r, label: ctx.t(reasonKey(r)) }))}
      organisations={orgs.map((o) => ({ value: o.id, label: o.name }))}
      here={q.after ? `${path}&after=${encodeURIComponent(q.after)}` : path}
      {...pageLinks(path, q.after, next)}
    />,
  );
});

/** Where the item page and a decision come back to: the queue with the filters it was reached from. */
const backTo = (raw: string | undefined) => {
  const back = safeNext(raw, '/moderation');
  return back.startsWith('/moderation') ? back : '/moderation';
};

async function itemPage(c: AppContext, m: Moderator, id: string, values: FormValues, errors?: FormErrors, status: 200 | 422 = 200, back = '/moderation') {
  const deps = c.get('deps');
  const item = await getItem(deps.db, id);
  if (!item || !canSeeItem(m, item).ok) throw new NotFoundError('item');
  const kind = deps.reportables.kind(item.kind);
  const live = await deps.reportables.load(deps.db, item.kind, item.targetId);
  const may = canActOn(m, item);
  const actions = ACTIONS.filter((a) => canDecide(m, item, a, kind?.setHidden !== undefined).ok);
  const view: ItemView = {
    id: item.id,
    kindLabel: kindLabel(c, item.kind),
    state: item.state,
    url: live && !live.gone ? live.url : null,
    snapshot: item.snapshot,
    authorName: item.authorName,
    organisationName: item.organisationName,
    atRisk: item.atRisk,
    firstReportedAt: item.firstReportedAt,
    rule: isRule(item.rule) ? { number: ruleNumber(item.rule), label: ruleKey(item.rule) } : null,
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
      rules={RULES.map((r) => ({ value: r, label: ctx.t('moderation.rule.named', { number: ruleNumber(r), rule: ctx.t(ruleKey(r)) }) }))}
      values={values}
      errors={errors}
      back={back}
    />,
    status,
  );
}

moderationRoutes.get('/moderation/items/:id', requireSignIn, async (c) => {
  const m = await moderator(c);
  return itemPage(c, m, c.req.param('id'), {}, undefined, 200, backTo(c.req.query('back')));
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
