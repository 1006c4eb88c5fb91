import type { T } from '../../src/i18n/index.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { CsrfField } from '../components/CsrfField.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import { Pagination } from '../components/Pagination.js';
import { Time } from '../components/Time.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

type ChallengeRef = { id: string; title: string };

export type PanelJudgeView = { id: string; name: string; joinedAt: Date; removedAt: Date | null; removedReason: string | null; assigned: number; submitted: number; drafts: number; conflicts: number };
export type InvitationView = { id: string; email: string; expiresAt: Date };
export type ConflictView = { judgeName: string; ideaId: string; ideaTitle: string; conflict: 'declared' | 'automatic'; reason: string | null };
export type ShortlistView = { id: string; title: string; supports: number; judges: number; submitted: number };

/** Where the judging stands, in one sentence for staff. */
export type StageView = { kind: 'open'; closesAt: Date | null } | { kind: 'closed' } | { kind: 'announced'; at: Date };

/** The judging pages' shared links (the staff's tabs): overview, shortlist, scoreboard, awards, rubric. */
export function JudgingNav({ ctx, challengeId, current }: { ctx: ViewContext; challengeId: string; current: 'overview' | 'shortlist' | 'scoreboard' | 'awards' }) {
  const { t } = ctx;
  const base = `/challenges/${challengeId}/judging`;
  const links = [
    { key: 'overview', href: base, label: t('judging.nav.overview') },
    { key: 'shortlist', href: `${base}/shortlist`, label: t('judging.nav.shortlist') },
    { key: 'scoreboard', href: `${base}/scoreboard`, label: t('judging.nav.scoreboard') },
    { key: 'awards', href: `${base}/awards`, label: t('judging.nav.awards') },
    { key: 'rubric', href: `/challenges/${challengeId}/rubric`, label: t('judging.link.rubric') },
  ] as const;
  return (
    <nav aria-label={t('judging.nav.label')} class="judging-nav">
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.href} aria-current={l.key === current ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/challenges/${challengeId}`}>{t('judging.back')}</a>
      </p>
    </nav>
  );
}

function Stage({ ctx, stage }: { ctx: ViewContext; stage: StageView }) {
  const { t, locale } = ctx;
  if (stage.kind === 'announced')
    return (
      <p class="notice">
        {t('judging.stage.announced')} <Time at={stage.at} locale={locale} />
      </p>
    );
  if (stage.kind === 'closed') return <p class="notice">{t('judging.stage.closed')}</p>;
  return (
    <p>
      {stage.closesAt ? (
        <>
          {t('judging.stage.openUntil')} <Time at={stage.closesAt} locale={locale} style="dateTime" />
        </>
      ) : (
        t('judging.stage.open')
      )}
    </p>
  );
}

const conflictText = (t: T, c: { conflict: 'declared' | 'automatic'; reason: string | null }) =>
  c.conflict === 'automatic' ? t(`judging.conflict.automatic.${(c.reason ?? 'author') as 'author' | 'organisation' | 'partner'}`) : t('judging.conflict.declaredBecause', { reason: c.reason ?? '' });

/**
 * A challenge's judging for its council's staff (issue 13): the panel and each judge's progress,
 * invitations, assignment, conflicts of interest, closing the panel. Forms that fail come back here.
 */
export function JudgingPage(p: {
  ctx: ViewContext;
  challenge: ChallengeRef;
  stage: StageView;
  canChange: boolean;
  panel: readonly PanelJudgeView[];
  invitations: readonly InvitationView[];
  conflicts: readonly ConflictView[];
  shortlisted: number;
  blind: boolean;
  invite?: { values: FormValues; errors: FormErrors } | undefined;
  assign?: { values: FormValues; errors: FormErrors } | undefined;
}) {
  const { ctx, challenge, panel, invitations, conflicts, canChange } = p;
  const { t, locale } = ctx;
  const title = t('judging.overview.title', { title: challenge.title });
  const base = `/challenges/${challenge.id}/judging`;
  const active = panel.filter((j) => !j.removedAt);
  const iv = p.invite?.values ?? {};
  const av = p.assign?.values ?? { mode: 'balanced', perIdea: '3' };
  const ae = p.assign?.errors;
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <JudgingNav ctx={ctx} challengeId={challenge.id} current="overview" />
      <Stage ctx={ctx} stage={p.stage} />

      <h2 id="panel-title">{t('judging.panel.title')}</h2>
      <p>{p.blind ? t('judging.panel.blind') : t('judging.panel.notBlind')}</p>
      <DataTable
        labelledBy="panel-title"
        columns={[
          { header: t('judging.panel.judge'), cell: (j) => j.name, rowHeader: true },
          {
            header: t('judging.panel.progress'),
            cell: (j) =>
              j.removedAt ? (
                <>
                  {t('judging.panel.removed')} <Time at={j.removedAt} locale={locale} /> — {j.removedReason}
                </>
              ) : (
                t('judging.panel.progressLine', { submitted: j.submitted, assigned: j.assigned, drafts: j.drafts })
              ),
          },
          { header: t('judging.panel.conflicts'), cell: (j) => String(j.conflicts) },
          {
            header: t('judging.panel.actions'),
            class: 'actions',
            cell: (j) =>
              canChange && !j.removedAt ? (
                <a href={`${base}/judges/${j.id}/remove`} aria-label={t('judging.panel.removeNamed', { name: j.name })}>
                  {t('judging.panel.remove')}
                </a>
              ) : (
                ''
              ),
          },
        ]}
        rows={panel}
        empty={<p class="empty">{t('judging.panel.empty')}</p>}
      />

      <h3 id="invitations-title">{t('judging.invitations.title')}</h3>
      {invitations.length === 0 ? (
        <p class="empty">{t('judging.invitations.empty')}</p>
      ) : (
        <ul aria-labelledby="invitations-title">
          {invitations.map((i) => (
            <li>
              {i.email} — {t('judging.invitations.expires')} <Time at={i.expiresAt} locale={locale} />{' '}
              {canChange && (
                <ButtonForm action={`${base}/invitations/${i.id}/revoke`} csrfToken={ctx.csrfToken} button="button button-secondary" ariaLabel={t('judging.invitations.revokeNamed', { email: i.email })}>
                  {t('judging.invitations.revoke')}
                </ButtonForm>
              )}
            </li>
          ))}
        </ul>
      )}
      {canChange && (
        <>
          <h3 id="invite-title">{t('judging.invite.title')}</h3>
          <p>{t('judging.invite.lead')}</p>
          <ErrorSummary t={t} errors={p.invite?.errors} labels={{ email: t('judging.invite.email') }} />
          <form method="post" action={`${base}/invite`} aria-labelledby="invite-title" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field t={t} name="email" type="email" label={t('judging.invite.email')} value={iv['email']} error={p.invite?.errors['email']} required autocomplete="off" maxLength={254} />
            <SubmitButton>{t('judging.invite.submit')}</SubmitButton>
          </form>
        </>
      )}

      <h2 id="assign-title">{t('judging.assign.title')}</h2>
      <p>{t('judging.assign.lead', { ideas: p.shortlisted, judges: active.length })}</p>
      {canChange && p.shortlisted > 0 && active.length > 0 && (
        <>
          <ErrorSummary t={t} errors={ae} labels={{ mode: t('judging.assign.mode'), perIdea: t('judging.assign.perIdea') }} />
          <form method="post" action={`${base}/assign`} aria-labelledby="assign-title" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <fieldset class={`field${ae?.['mode'] ? ' field-error' : ''}`} id="mode" tabindex={-1}>
              <legend>{t('judging.assign.mode')}</legend>
              {ae?.['mode'] && <p class="error-message">{t(ae['mode'])}</p>}
              <label class="choice">
                <input type="radio" name="mode" value="everyone" checked={av['mode'] === 'everyone'} /> {t('judging.assign.everyone')}
              </label>
              <label class="choice">
                <input type="radio" name="mode" value="balanced" checked={av['mode'] !== 'everyone'} /> {t('judging.assign.balanced')}
              </label>
            </fieldset>
            <Field t={t} name="perIdea" type="number" min={1} max={50} label={t('judging.assign.perIdea')} hint={t('judging.assign.perIdea.hint')} value={av['perIdea']} error={ae?.['perIdea']} required={false} />
            <SubmitButton>{t('judging.assign.submit')}</SubmitButton>
          </form>
        </>
      )}

      <h2 id="conflicts-title">{t('judging.conflicts.title')}</h2>
      <DataTable
        labelledBy="conflicts-title"
        columns={[
          { header: t('judging.panel.judge'), cell: (c) => c.judgeName, rowHeader: true },
          { header: t('judging.conflicts.idea'), cell: (c) => <a href={`/ideas/${c.ideaId}`}>{c.ideaTitle}</a> },
          { header: t('judging.conflicts.why'), cell: (c) => conflictText(t, c) },
        ]}
        rows={conflicts}
        empty={<p class="empty">{t('judging.conflicts.empty')}</p>}
      />

      {canChange && p.stage.kind === 'open' && (
        <>
          <h2 id="close-title">{t('judging.close.title')}</h2>
          <p>{t('judging.close.lead')}</p>
          <ButtonForm action={`${base}/close`} csrfToken={ctx.csrfToken} inline={false} button="button button-danger">
            {t('judging.close.submit')}
          </ButtonForm>
        </>
      )}
    </Page>
  );
}

/** Removing a judge: why (kept in the record). Their scores stay in the record and leave the totals. */
export function RemoveJudgePage({ ctx, challenge, judge, values, errors }: { ctx: ViewContext; challenge: ChallengeRef; judge: { id: string; name: string }; values: FormValues; errors?: FormErrors | undefined }) {
  const { t } = ctx;
  const title = t('judging.remove.title', { name: judge.name });
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{t('judging.remove.lead')}</p>
        <ErrorSummary t={t} errors={errors} labels={{ reason: t('judging.reason') }} />
        <form method="post" action={`/challenges/${challenge.id}/judging/judges/${judge.id}/remove`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="reason" type="textarea" rows={3} label={t('judging.reason')} hint={t('judging.reason.hint')} value={values['reason']} error={errors?.['reason']} required maxLength={500} />
          <div class="form-actions">
            <SubmitButton>{t('judging.remove.submit')}</SubmitButton> <a href={`/challenges/${challenge.id}/judging`}>{t('judging.cancel')}</a>
          </div>
        </form>
      </div>
    </Page>
  );
}

export type CandidateView = { id: string; title: string; supports: number; authorName: string | null };
export type IneligibleView = { id: string; title: string; reason: string; at: Date };

/**
 * The shortlist for staff (point 3): what is on it, with each idea's judges and scores; the ideas
 * that could join it, most supported first, to tick (or "the N most supported"); the ideas found
 * ineligible. `closed`: why the shortlist cannot change now (before submissions close…), or null;
 * `topClosed`: why "the N most supported" cannot be used yet (voting still open…), or null.
 */
export function ShortlistPage(p: {
  ctx: ViewContext;
  challenge: ChallengeRef;
  closed: string | null;
  topClosed: string | null;
  shortlist: readonly ShortlistView[];
  candidates: readonly CandidateView[];
  next: string | null;
  first: boolean;
  ineligible: readonly IneligibleView[];
  hand?: FormErrors | undefined;
  top?: { values: FormValues; errors: FormErrors } | undefined;
}) {
  const { ctx, challenge, closed } = p;
  const { t, locale } = ctx;
  const title = t('judging.shortlist.title', { title: challenge.title });
  const base = `/challenges/${challenge.id}/judging`;
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <JudgingNav ctx={ctx} challengeId={challenge.id} current="shortlist" />
      <p>{t('judging.shortlist.lead')}</p>
      {closed && <p class="notice">{closed}</p>}
      <h2 id="shortlisted-title">{t('judging.shortlist.current', { count: p.shortlist.length })}</h2>
      <DataTable
        labelledBy="shortlisted-title"
        columns={[
          { header: t('judging.shortlist.idea'), cell: (s) => <a href={`/ideas/${s.id}`}>{s.title}</a>, rowHeader: true },
          { header: t('judging.shortlist.supports'), cell: (s) => String(s.supports) },
          { header: t('judging.shortlist.judges'), cell: (s) => t('judging.shortlist.judgesLine', { judges: s.judges, submitted: s.submitted }) },
          {
            header: t('judging.panel.actions'),
            class: 'actions',
            cell: (s) =>
              closed === null && s.submitted === 0 ? (
                <ButtonForm action={`${base}/shortlist/${s.id}/remove`} csrfToken={ctx.csrfToken} button="button button-secondary" ariaLabel={t('judging.shortlist.removeNamed', { title: s.title })}>
                  {t('judging.shortlist.remove')}
                </ButtonForm>
              ) : (
                ''
              ),
          },
        ]}
        rows={p.shortlist}
        empty={<p class="empty">{t('judging.shortlist.empty')}</p>}
      />
      {closed === null && (
        <>
          <h2 id="top-title">{t('judging.shortlist.top.title')}</h2>
          {p.topClosed ? (
            <p class="notice">{p.topClosed}</p>
          ) : (
            <>
              <ErrorSummary t={t} errors={p.top?.errors} labels={{ count: t('judging.shortlist.top.count') }} />
              <form method="post" action={`${base}/shortlist/top`} aria-labelledby="top-title" novalidate>
                <CsrfField token={ctx.csrfToken} />
                <Field t={t} name="count" type="number" min={1} max={200} label={t('judging.shortlist.top.count')} hint={t('judging.shortlist.top.hint')} value={p.top?.values['count'] ?? '10'} error={p.top?.errors['count']} required />
                <SubmitButton>{t('judging.shortlist.top.submit')}</SubmitButton>
              </form>
            </>
          )}
          <h2 id="hand-title">{t('judging.shortlist.hand.title')}</h2>
          {p.candidates.length === 0 ? (
            <p class="empty">{t('judging.shortlist.hand.empty')}</p>
          ) : (
            <>
              <ErrorSummary t={t} errors={p.hand} labels={{ idea: t('judging.shortlist.hand.legend') }} />
              <form method="post" action={`${base}/shortlist`} aria-labelledby="hand-title" novalidate>
                <CsrfField token={ctx.csrfToken} />
                <fieldset class={`field${p.hand?.['idea'] ? ' field-error' : ''}`} id="idea" tabindex={-1}>
                  <legend>{t('judging.shortlist.hand.legend')}</legend>
                  {p.hand?.['idea'] && <p class="error-message">{t(p.hand['idea'])}</p>}
                  <ul class="judging-candidates">
                    {p.candidates.map((c) => (
                      <li>
                        <label class="choice">
                          <input type="checkbox" name="idea" value={c.id} /> {c.title} ({t('judging.shortlist.supportsCount', { count: c.supports })}
                          {c.authorName && <>, {c.authorName}</>})
                        </label>{' '}
                        <a href={`${base}/ineligible/${c.id}`} aria-label={t('judging.ineligible.linkNamed', { title: c.title })}>
                          {t('judging.ineligible.link')}
                        </a>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <SubmitButton>{t('judging.shortlist.hand.submit')}</SubmitButton>
              </form>
              <Pagination t={t} nextHref={p.next ? `${base}/shortlist?after=${encodeURIComponent(p.next)}` : null} firstHref={p.first ? null : `${base}/shortlist`} />
            </>
          )}
        </>
      )}
      <h2 id="ineligible-title">{t('judging.ineligible.title')}</h2>
      <DataTable
        labelledBy="ineligible-title"
        columns={[
          { header: t('judging.shortlist.idea'), cell: (i) => <a href={`/ideas/${i.id}`}>{i.title}</a>, rowHeader: true },
          { header: t('judging.reason'), cell: (i) => i.reason },
          { header: t('judging.ineligible.when'), cell: (i) => <Time at={i.at} locale={locale} /> },
        ]}
        rows={p.ineligible}
        empty={<p class="empty">{t('judging.ineligible.empty')}</p>}
      />
    </Page>
  );
}

/** Marking an idea ineligible under the rules: why (its author sees it on the idea's page). */
export function IneligiblePage({ ctx, challenge, idea, values, errors }: { ctx: ViewContext; challenge: ChallengeRef; idea: { id: string; title: string }; values: FormValues; errors?: FormErrors | undefined }) {
  const { t } = ctx;
  const title = t('judging.ineligible.pageTitle', { title: idea.title });
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{t('judging.ineligible.lead')}</p>
        <ErrorSummary t={t} errors={errors} labels={{ reason: t('judging.reason') }} />
        <form method="post" action={`/challenges/${challenge.id}/judging/ineligible`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="idea" value={idea.id} />
          <Field t={t} name="reason" type="textarea" rows={3} label={t('judging.reason')} hint={t('judging.ineligible.reason.hint')} value={values['reason']} error={errors?.['reason']} required maxLength={500} />
          <div class="form-actions">
            <SubmitButton>{t('judging.ineligible.submit')}</SubmitButton> <a href={`/challenges/${challenge.id}/judging/shortlist`}>{t('judging.cancel')}</a>
          </div>
        </form>
      </div>
    </Page>
  );
}
