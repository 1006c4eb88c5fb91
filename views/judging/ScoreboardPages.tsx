import type { Child } from 'hono/jsx';
import type { Locale, T } from '../../src/i18n/index.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { CsrfField } from '../components/CsrfField.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../components/Form.js';
import { Time } from '../components/Time.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { JudgingNav, type PanelJudgeView } from './StaffPages.js';

type ChallengeRef = { id: string; title: string };
type CriterionRef = { id: string; name: string; nameFr: string | null; scaleMin: number; scaleMax: number };

export type BoardRow = {
  ideaId: string;
  title: string;
  supports: number;
  rank: number | null;
  tied: boolean;
  brokenBy: string | null;
  judges: number;
  panel: number | null;
  people: number;
  final: number | null;
  spread: number;
  criteria: Record<string, number>;
};

/** A score as people read it: two decimals (the precision finals are compared at), or a dash. */
export const score = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));

/**
 * The scoreboard for staff (issue 13, point 5): each judge's progress, the ties to break, and every
 * shortlisted idea with its panel, people's and final scores, the judges' spread and each
 * criterion's mean (0–100). Judges' names appear only in the progress, never beside a score.
 */
export function ScoreboardPage(p: {
  ctx: ViewContext;
  challenge: ChallengeRef;
  criteria: readonly CriterionRef[];
  rows: readonly BoardRow[];
  ties: readonly (readonly string[])[];
  panel: readonly PanelJudgeView[];
  peopleWeight: number;
  removedScores: number;
  canChange: boolean;
  /** The score table (ScoreTable), made once per version of the judging and language. */
  table: Child;
  tieForm?: { tie: string; values: FormValues; errors: FormErrors } | undefined;
}) {
  const { ctx, challenge, rows, ties } = p;
  const { t, locale } = ctx;
  const title = t('judging.board.title', { title: challenge.title });
  const base = `/challenges/${challenge.id}/judging`;
  const titleOf = new Map(rows.map((r) => [r.ideaId, r.title]));
  const expected = p.panel.filter((j) => !j.removedAt).reduce((s, j) => s + j.assigned, 0);
  const submitted = p.panel.filter((j) => !j.removedAt).reduce((s, j) => s + j.submitted, 0);
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <JudgingNav ctx={ctx} challengeId={challenge.id} current="scoreboard" />
      <p>{t('judging.board.lead', { panel: 100 - p.peopleWeight, people: p.peopleWeight })}</p>

      <h2 id="progress-title">{t('judging.board.progress', { submitted, expected })}</h2>
      <DataTable
        labelledBy="progress-title"
        columns={[
          { header: t('judging.panel.judge'), cell: (j) => j.name, rowHeader: true },
          { header: t('judging.panel.progress'), cell: (j) => (j.removedAt ? t('judging.board.removedJudge') : t('judging.panel.progressLine', { submitted: j.submitted, assigned: j.assigned, drafts: j.drafts })) },
        ]}
        rows={p.panel}
        empty={<p class="empty">{t('judging.panel.empty')}</p>}
      />
      {p.removedScores > 0 && <p class="hint">{t('judging.board.removedScores', { count: p.removedScores })}</p>}

      {ties.length > 0 && (
        <section aria-labelledby="ties-title">
          <h2 id="ties-title">{t('judging.tie.title')}</h2>
          <p>{t('judging.tie.lead')}</p>
          {ties.map((tie, n) => {
            const key = tie.join(',');
            const mine = p.tieForm?.tie === key ? p.tieForm : undefined;
            return p.canChange ? (
              <form method="post" action={`${base}/ties`} class="tie-form" aria-labelledby={`tie-${n}`} novalidate>
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="tie" value={key} />
                <h3 id={`tie-${n}`}>{t('judging.tie.group', { count: tie.length, number: n + 1 })}</h3>
                <ErrorSummary
                  t={t}
                  errors={mine && Object.fromEntries(Object.entries(mine.errors).map(([k, v]) => [k === 'reason' ? `reason-${n}` : k, v]))}
                  labels={{ order: t('judging.tie.order'), [`reason-${n}`]: t('judging.reason') }}
                />
                <fieldset class={`field${mine?.errors['order'] ? ' field-error' : ''}`} id={mine ? 'order' : undefined} tabindex={-1}>
                  <legend>{t('judging.tie.order')}</legend>
                  {mine?.errors['order'] && <p class="error-message">{t(mine.errors['order'])}</p>}
                  {tie.map((id, i) => (
                    <div class="field-inline">
                      <label for={`place-${n}-${i}`}>{titleOf.get(id)}</label>{' '}
                      <select id={`place-${n}-${i}`} name={`place-${id}`}>
                        {tie.map((_, k) => (
                          <option value={String(k + 1)} selected={(mine?.values[`place-${id}`] ?? String(i + 1)) === String(k + 1)}>
                            {t('judging.tie.place', { place: k + 1 })}
                          </option>
                        ))}
                      </select>
                    </div>
                  ))}
                </fieldset>
                <Field t={t} name="reason" id={`reason-${n}`} label={t('judging.reason')} hint={t('judging.tie.reason.hint')} type="textarea" rows={2} value={mine?.values['reason']} error={mine?.errors['reason']} required maxLength={500} />
                <button type="submit" class="button">
                  {t('judging.tie.submit')}
                </button>
              </form>
            ) : (
              <p>{tie.map((id) => titleOf.get(id)).join(', ')}</p>
            );
          })}
        </section>
      )}

      <h2 id="board-title">{t('judging.board.table')}</h2>
      <p>
        <a href={`${base}/scoreboard.csv`} download>
          {t('judging.board.csv')}
        </a>
      </p>
      {p.table}
      {rows.some((r) => r.brokenBy) && (
        <ul>
          {rows
            .filter((r) => r.brokenBy)
            .map((r) => (
              <li>{t('judging.board.brokenBy', { title: r.title, rank: r.rank ?? 0, reason: r.brokenBy ?? '' })}</li>
            ))}
        </ul>
      )}
    </Page>
  );
}

export type IdeaScoreView = { judgeId: string; judgeName: string; removed: boolean; conflict: 'none' | 'declared' | 'automatic' | null; state: 'todo' | 'draft' | 'submitted'; values: Record<string, number>; comments: Record<string, string>; submittedAt: Date | null };

/** One idea's scores judge by judge, for staff: values and comments (never the judges' private notes), and reopening a submitted score. */
export function IdeaScoresPage({ ctx, challenge, idea, criteria, scores, canReopen }: { ctx: ViewContext; challenge: ChallengeRef; idea: { id: string; title: string }; criteria: readonly CriterionRef[]; scores: readonly IdeaScoreView[]; canReopen: boolean }) {
  const { t, locale } = ctx;
  const title = t('judging.ideaScores.title', { title: idea.title });
  const base = `/challenges/${challenge.id}/judging`;
  const stateOf = (s: IdeaScoreView) =>
    s.conflict === 'declared' || s.conflict === 'automatic' ? t('judging.state.conflict') : s.conflict === null ? t('judging.state.declare') : t(`judging.state.${s.state}`);
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`${base}/scoreboard`}>{t('judging.ideaScores.back')}</a> · <a href={`/ideas/${idea.id}`}>{t('judging.ideaScores.page')}</a>
      </p>
      <DataTable
        caption={t('judging.ideaScores.caption')}
        columns={[
          { header: t('judging.panel.judge'), rowHeader: true, cell: (s) => (s.removed ? t('judging.ideaScores.removed', { name: s.judgeName }) : s.judgeName) },
          { header: t('judging.judge.state'), cell: (s) => (s.submittedAt ? <>{stateOf(s)} (<Time at={s.submittedAt} locale={locale} />)</> : stateOf(s)) },
          ...criteria.map((c) => ({
            header: locale === 'fr' && c.nameFr ? c.nameFr : c.name,
            cell: (s: IdeaScoreView) => (
              <>
                {s.values[c.id] ?? '—'}
                {s.comments[c.id] && <p class="hint">{s.comments[c.id]}</p>}
              </>
            ),
          })),
          {
            header: t('judging.panel.actions'),
            class: 'actions',
            cell: (s) =>
              canReopen && s.state === 'submitted' && !s.removed ? (
                <ButtonForm action={`${base}/scores/${s.judgeId}/${idea.id}/reopen`} csrfToken={ctx.csrfToken} button="button button-secondary" ariaLabel={t('judging.reopen.named', { name: s.judgeName })}>
                  {t('judging.reopen.submit')}
                </ButtonForm>
              ) : (
                ''
              ),
          },
        ]}
        rows={scores}
        empty={<p class="empty">{t('judging.ideaScores.empty')}</p>}
      />
    </Page>
  );
}

/** The scoreboard's table: every shortlisted idea with its panel, people's and final scores, the judges' spread and each criterion's mean. The same for every member of staff reading one language. */
export function ScoreTable({ t, locale, challengeId, criteria, rows }: { t: T; locale: Locale; challengeId: string; criteria: readonly CriterionRef[]; rows: readonly BoardRow[] }) {
  const base = `/challenges/${challengeId}/judging`;
  return (
    <DataTable
      labelledBy="board-title"
      class="scoreboard"
      columns={[
        { header: t('judging.board.rank'), cell: (r) => (r.rank === null ? '—' : r.tied ? t('judging.board.tiedRank', { rank: r.rank }) : String(r.rank)) },
        { header: t('judging.shortlist.idea'), rowHeader: true, cell: (r) => <a href={`${base}/scoreboard/${r.ideaId}`}>{r.title}</a> },
        { header: t('judging.shortlist.supports'), cell: (r) => String(r.supports) },
        { header: t('judging.board.panel'), cell: (r) => score(r.panel) },
        { header: t('judging.board.people'), cell: (r) => score(r.people) },
        { header: t('judging.board.final'), cell: (r) => <strong>{score(r.final)}</strong> },
        { header: t('judging.board.judges'), cell: (r) => String(r.judges) },
        { header: t('judging.board.spread'), cell: (r) => (r.judges > 1 ? score(r.spread) : '—') },
        ...criteria.map((c) => ({ header: locale === 'fr' && c.nameFr ? c.nameFr : c.name, cell: (r: BoardRow) => score(r.criteria[c.id]) })),
      ]}
      rows={rows}
      empty={<p class="empty">{t('judging.shortlist.empty')}</p>}
    />
  );
}
