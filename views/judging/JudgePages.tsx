import type { Locale } from '../../src/i18n/index.js';
import { CsrfField } from '../components/CsrfField.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorSummary, Field, type FieldLabels, type FormErrors, type FormValues } from '../components/Form.js';
import { Localised } from '../components/Localised.js';
import { Markdown } from '../components/Markdown.js';
import { LocalisedParagraphs, Paragraphs } from '../components/Paragraphs.js';
import { Time } from '../components/Time.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

type ChallengeTitle = { id: string; title: string; titleFr: string | null };

export type JudgeChallengeView = { title: string; titleFr: string | null; challengeId: string; council: string; judgingCloseAt: Date | null; open: boolean; removed: boolean; assigned: number; submitted: number };
export type WaitingInvitationView = { id: string; title: string; titleFr: string | null; council: string; expiresAt: Date };

/** The confidentiality statement a judge accepts to join a panel (`id`: its checkbox's, one per form on the page). */
function Confidentiality({ ctx, id = 'confidentiality', error }: { ctx: ViewContext; id?: string; error?: FormErrors[string] | undefined }) {
  const { t } = ctx;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <p id={`${id}-text`}>{t('judging.confidentiality.text')}</p>
      {error && <p class="error-message">{t(error)}</p>}
      <label class="choice" for={id}>
        <input type="checkbox" id={id} name="confidentiality" value="yes" aria-describedby={`${id}-text`} /> {t('judging.confidentiality.accept')}
      </label>
    </div>
  );
}

/**
 * The Judging area (issue 13, point 2): invitations waiting for this account, and the challenges
 * it judges with its own progress — never anyone else's.
 */
export function JudgingAreaPage(p: {
  ctx: ViewContext;
  challenges: readonly JudgeChallengeView[];
  invitations: readonly WaitingInvitationView[];
  /** The invitation whose form was refused (the statement not ticked), and why. */
  refused?: { invitationId: string; errors: FormErrors } | undefined;
}) {
  const { ctx, challenges, invitations, refused } = p;
  const boxId = (invitationId: string) => `confidentiality-${invitationId}`;
  const { t, locale } = ctx;
  const title = t('judging.area.title');
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('judging.area.lead')}</p>
      {invitations.length > 0 && (
        <section aria-labelledby="waiting-title">
          <h2 id="waiting-title">{t('judging.area.invitations')}</h2>
          <ErrorSummary
            t={t}
            errors={refused && Object.fromEntries(Object.entries(refused.errors).map(([k, v]) => [k === 'confidentiality' ? boxId(refused.invitationId) : k, v]))}
            labels={refused ? { [boxId(refused.invitationId)]: t('judging.confidentiality.accept') } : {}}
          />
          {invitations.map((i) => (
            <form method="post" action={`/judging/invitations/${i.id}/accept`} class="judge-invitation" novalidate>
              <CsrfField token={ctx.csrfToken} />
              <h3>
                <Localised locale={locale} en={i.title} fr={i.titleFr} /> — {i.council}
              </h3>
              <p class="hint">
                {t('judging.invitation.expires')} <Time at={i.expiresAt} locale={locale} />
              </p>
              <Confidentiality ctx={ctx} id={boxId(i.id)} error={refused?.invitationId === i.id ? refused.errors['confidentiality'] : undefined} />
              <button type="submit" class="button">
                {t('judging.invitation.accept')}
              </button>
            </form>
          ))}
        </section>
      )}
      <h2 id="judged-title">{t('judging.area.challenges')}</h2>
      <DataTable
        labelledBy="judged-title"
        stack
        columns={[
          { header: t('judging.area.challenge'), rowHeader: true, cell: (c) => (c.removed ? <Localised locale={locale} en={c.title} fr={c.titleFr} /> : <a href={`/judging/${c.challengeId}`}><Localised locale={locale} en={c.title} fr={c.titleFr} /></a>) },
          { header: t('judging.area.council'), cell: (c) => c.council },
          { header: t('judging.panel.progress'), cell: (c) => (c.removed ? t('judging.area.removed') : t('judging.area.progress', { submitted: c.submitted, assigned: c.assigned })) },
          { header: t('judging.area.closes'), cell: (c) => (c.open ? c.judgingCloseAt ? <Time at={c.judgingCloseAt} locale={locale} style="dateTime" /> : t('judging.area.noDate') : t('judging.area.closed')) },
        ]}
        rows={challenges}
        empty={<p class="empty">{t('judging.area.empty')}</p>}
      />
    </Page>
  );
}

/** An invitation opened from its mail's link: sign in (or up), then accept with the confidentiality statement. */
export function JudgeInvitationPage(p: { ctx: ViewContext; challenge: ChallengeTitle & { council: string }; expiresAt: Date; selfPath: string; signedIn: boolean; refusal: string | null; errors?: FormErrors | undefined }) {
  const { ctx, challenge } = p;
  const { t, locale } = ctx;
  const name = locale === 'fr' && challenge.titleFr ? challenge.titleFr : challenge.title;
  const title = t('judging.invitation.title', { challenge: name });
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{t('judging.invitation.lead', { council: challenge.council })}</p>
        <p class="hint">
          {t('judging.invitation.expires')} <Time at={p.expiresAt} locale={locale} />
        </p>
        {!p.signedIn ? (
          <>
            <p>{t('judging.invitation.signIn')}</p>
            <p>
              <a class="button" href={`/sign-in?next=${encodeURIComponent(p.selfPath)}`}>
                {t('orgs.invitation.signIn.link')}
              </a>
            </p>
            <p>
              {t('orgs.invitation.signUp.body')} <a href={`/sign-up?next=${encodeURIComponent(p.selfPath)}`}>{t('orgs.invitation.signUp.link')}</a>
            </p>
          </>
        ) : p.refusal ? (
          <div class="notice" role="status">
            <p>{p.refusal}</p>
          </div>
        ) : (
          <>
            <ErrorSummary t={t} errors={p.errors} labels={{ confidentiality: t('judging.confidentiality.accept') }} />
            <form method="post" action={`${p.selfPath}/accept`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <Confidentiality ctx={ctx} error={p.errors?.['confidentiality']} />
              <button type="submit" class="button">
                {t('judging.invitation.accept')}
              </button>
            </form>
          </>
        )}
      </div>
    </Page>
  );
}

export type AssignedView = { ideaId: string; title: string; author: string | null; organisation: string | null; conflict: 'none' | 'declared' | 'automatic' | null; state: 'todo' | 'draft' | 'submitted' };

const stateKey = (a: Pick<AssignedView, 'conflict' | 'state'>) =>
  a.conflict === 'declared' || a.conflict === 'automatic' ? 'judging.state.conflict' : a.conflict === null ? 'judging.state.declare' : (`judging.state.${a.state}` as const);

/** The blind review's honest note: the judging area hides names, the ideas' public pages do not. */
function BlindNote({ ctx, blind }: { ctx: ViewContext; blind: boolean }) {
  return blind ? <p class="notice">{ctx.t('judging.blind.note')}</p> : null;
}

/** A judge's ideas in one challenge: what is left to do on each. Conflicted ideas are listed, not opened. */
export function JudgeChallengePage({ ctx, challenge, ideas, blind, open, closesAt }: { ctx: ViewContext; challenge: ChallengeTitle; ideas: readonly AssignedView[]; blind: boolean; open: boolean; closesAt: Date | null }) {
  const { t, locale } = ctx;
  const name = locale === 'fr' && challenge.titleFr ? challenge.titleFr : challenge.title;
  const title = t('judging.judge.title', { challenge: name });
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href="/judging">{t('judging.judge.back')}</a>
      </p>
      {open ? (
        closesAt && (
          <p>
            {t('judging.stage.openUntil')} <Time at={closesAt} locale={locale} style="dateTime" />
          </p>
        )
      ) : (
        <p class="notice">{t('judging.stage.closed')}</p>
      )}
      <p>{t('judging.judge.lead')}</p>
      <BlindNote ctx={ctx} blind={blind} />
      <DataTable
        caption={t('judging.judge.caption')}
        stack
        columns={[
          { header: t('judging.shortlist.idea'), rowHeader: true, cell: (a) => (a.conflict === 'declared' || a.conflict === 'automatic' ? a.title : <a href={`/judging/${challenge.id}/${a.ideaId}`}>{a.title}</a>) },
          ...(blind ? [] : [{ header: t('judging.judge.author'), cell: (a: AssignedView) => [a.author, a.organisation].filter(Boolean).join(', ') }]),
          { header: t('judging.judge.state'), cell: (a) => t(stateKey(a)) },
        ]}
        rows={ideas}
        empty={<p class="empty">{t('judging.judge.empty')}</p>}
      />
    </Page>
  );
}

export type ScoreCriterionView = { id: string; name: string; nameFr: string | null; guidance: string; guidanceFr: string | null; description: string; descriptionFr: string | null; scaleMin: number; scaleMax: number; commentRequired: boolean };
export type AssignedIdeaView = {
  ideaId: string;
  title: string;
  summary: string;
  descriptionHtml: string;
  language: Locale;
  author: string | null;
  organisation: string | null;
  conflict: 'none' | 'declared' | 'automatic' | null;
  state: 'todo' | 'draft' | 'submitted';
  values: Record<string, number>;
  comments: Record<string, string>;
  notes: string;
  version: number;
  savedAt: Date | null;
  submittedAt: Date | null;
};

/** The score form's labels, for the error summary. */
export const scoreLabels = (ctx: ViewContext, criteria: readonly ScoreCriterionView[]): FieldLabels => {
  const labels: FieldLabels = { notes: ctx.t('judging.score.notes'), reason: ctx.t('judging.reason'), conflict: ctx.t('judging.conflict.legend') };
  for (const c of criteria) {
    const name = ctx.locale === 'fr' && c.nameFr ? c.nameFr : c.name;
    labels[`score-${c.id}`] = ctx.t('judging.score.value', { name });
    labels[`comment-${c.id}`] = ctx.t('judging.score.comment', { name });
  }
  return labels;
};

/**
 * One assigned idea for its judge (point 4): the idea, then — before anything else — the conflict
 * question; with none declared, the score form (a value per criterion on its scale, comments,
 * private notes), saved as a draft until submitted. Submitted, or the panel closed: read only.
 */
export function ScorePage(p: {
  ctx: ViewContext;
  challenge: ChallengeTitle;
  idea: AssignedIdeaView;
  criteria: readonly ScoreCriterionView[];
  blind: boolean;
  open: boolean;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const { ctx, challenge, idea, criteria, open } = p;
  const { t, locale } = ctx;
  const errors = p.errors;
  const base = `/judging/${challenge.id}/${idea.ideaId}`;
  const v: FormValues = p.values ?? {
    notes: idea.notes,
    ...Object.fromEntries(criteria.flatMap((c) => [[`score-${c.id}`, idea.values[c.id] !== undefined ? String(idea.values[c.id]) : ''], [`comment-${c.id}`, idea.comments[c.id] ?? '']])),
  };
  const editable = open && idea.conflict === 'none' && idea.state !== 'submitted';
  const title = t('judging.score.title', { title: idea.title });
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/judging/${challenge.id}`}>{t('judging.score.back')}</a>
      </p>
      <BlindNote ctx={ctx} blind={p.blind} />
      <section aria-labelledby="idea-title" class="score-idea" lang={idea.language !== locale ? idea.language : undefined}>
        <h2 id="idea-title">{t('judging.score.idea')}</h2>
        {!p.blind && (idea.author || idea.organisation) && <p>{t('judging.score.by', { name: [idea.author, idea.organisation].filter(Boolean).join(', ') })}</p>}
        {idea.summary && <p class="lead">{idea.summary}</p>}
        <Markdown html={idea.descriptionHtml} />
      </section>

      {idea.conflict === null ? (
        open ? (
          <section aria-labelledby="declare-title">
            <h2 id="declare-title">{t('judging.conflict.title')}</h2>
            <p>{t('judging.conflict.lead')}</p>
            <ErrorSummary t={t} errors={errors} labels={scoreLabels(ctx, criteria)} />
            <form method="post" action={`${base}/declare`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <fieldset class={`field${errors?.['conflict'] ? ' field-error' : ''}`} id="conflict" tabindex={-1}>
                <legend>{t('judging.conflict.legend')}</legend>
                {errors?.['conflict'] && <p class="error-message">{t(errors['conflict'])}</p>}
                <label class="choice">
                  <input type="radio" name="conflict" value="none" checked={v['conflict'] === 'none'} /> {t('judging.conflict.none')}
                </label>
                <label class="choice">
                  <input type="radio" name="conflict" value="declared" checked={v['conflict'] === 'declared'} /> {t('judging.conflict.declared')}
                </label>
              </fieldset>
              <Field t={t} name="reason" type="textarea" rows={3} label={t('judging.reason')} hint={t('judging.conflict.reason.hint')} value={v['reason']} error={errors?.['reason']} required={false} maxLength={500} />
              <button type="submit" class="button">
                {t('judging.conflict.submit')}
              </button>
            </form>
          </section>
        ) : (
          <p class="notice">{t('judging.stage.closed')}</p>
        )
      ) : idea.conflict !== 'none' ? (
        <p class="notice">{t('judging.policy.conflicted')}</p>
      ) : (
        <section aria-labelledby="score-title">
          <h2 id="score-title">{t('judging.score.form')}</h2>
          {idea.state === 'submitted' && idea.submittedAt && (
            <p class="notice">
              {t('judging.score.submittedOn')} <Time at={idea.submittedAt} locale={locale} style="dateTime" />. {t('judging.score.submittedNote')}
            </p>
          )}
          {!open && idea.state !== 'submitted' && <p class="notice">{t('judging.stage.closed')}</p>}
          {editable && idea.savedAt && (
            <p class="hint">
              {t('judging.score.savedOn')} <Time at={idea.savedAt} locale={locale} style="dateTime" />
            </p>
          )}
          {editable && <p>{t('judging.score.lead')}</p>}
          <ErrorSummary t={t} errors={errors} labels={scoreLabels(ctx, criteria)} />
          <form method="post" action={`${base}/score`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="version" value={String(idea.version)} />
            {criteria.map((c) => {
              const sid = `score-${c.id}`;
              const cid = `comment-${c.id}`;
              const name = locale === 'fr' && c.nameFr ? c.nameFr : c.name;
              return (
                <fieldset class="score-criterion">
                  <legend>
                    <Localised locale={locale} en={c.name} fr={c.nameFr} /> ({t('judging.rubric.scale', { min: c.scaleMin, max: c.scaleMax })})
                  </legend>
                  <LocalisedParagraphs class="hint" locale={locale} en={c.description} fr={c.descriptionFr} />
                  <LocalisedParagraphs class="hint" locale={locale} en={c.guidance} fr={c.guidanceFr} />
                  {editable ? (
                    <>
                      <Field t={t} name={sid} type="number" min={c.scaleMin} max={c.scaleMax} label={t('judging.score.value', { name })} value={v[sid]} error={errors?.[sid]} required />
                      <Field t={t} name={cid} type="textarea" rows={2} label={t('judging.score.comment', { name })} value={v[cid]} error={errors?.[cid]} required={c.commentRequired} maxLength={2000} />
                    </>
                  ) : (
                    <p>
                      {t('judging.score.given', { name, value: v[sid] || '—' })}
                      {v[cid] && (
                        <>
                          <br />
                          {v[cid]}
                        </>
                      )}
                    </p>
                  )}
                </fieldset>
              );
            })}
            {editable ? (
              <>
                <Field t={t} name="notes" type="textarea" rows={4} label={t('judging.score.notes')} hint={t('judging.score.notes.hint')} value={v['notes']} error={errors?.['notes']} required={false} maxLength={5000} />
                <div class="form-actions">
                  <button type="submit" name="intent" value="draft" class="button button-secondary">
                    {t('judging.score.saveDraft')}
                  </button>{' '}
                  <button type="submit" name="intent" value="submit" class="button">
                    {t('judging.score.submit')}
                  </button>
                </div>
              </>
            ) : (
              idea.notes && (
                <>
                  <h3>{t('judging.score.notes')}</h3>
                  <Paragraphs text={idea.notes} />
                </>
              )
            )}
          </form>
        </section>
      )}
    </Page>
  );
}
