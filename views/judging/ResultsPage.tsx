import type { Child } from 'hono/jsx';
import { DataTable } from '../components/DataTable.js';
import { Localised } from '../components/Localised.js';
import { Markdown } from '../components/Markdown.js';
import { LocalisedParagraphs } from '../components/Paragraphs.js';
import { Time } from '../components/Time.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { awardName } from './AwardsPages.js';
import { score } from './ScoreboardPages.js';

/** A competition's results as announced: what the results page and its JSON show (computed by the judging feature's results.ts). */
export type ResultsSnapshot = {
  version: 1;
  computedAt: string;
  awards: { kind: 'place' | 'mention' | 'people'; place: number | null; ideaId: string; title: string; citationHtml: string; citationFrHtml: string | null; prize: string; prizeFr: string | null }[];
  table: { rank: number | null; ideaId: string; title: string; supports: number; panel: number | null; people: number; final: number | null; judges: number }[];
  method: {
    criteria: { name: string; nameFr: string | null; weight: number; share: number; scaleMin: number; scaleMax: number }[];
    peopleWeight: number;
    normalisation: 'none' | 'minmax' | 'z';
    blindReview: boolean;
    judges: number;
    /** The panel's names, when the challenge publishes them. */
    panel: string[] | null;
    conflictsDeclared: number;
    recusals: number;
    supportsReceived: number;
    supportsSetAside: number;
    ties: { titles: string[]; reason: string }[];
  };
  participation: Participation;
};

export type Participation = {
  ideas: number;
  participants: number;
  supports: number;
  comments: number;
  organisations: number;
  /** By week (Monday, as YYYY-MM-DD), oldest first. */
  weeks: { week: string; ideas: number; supports: number; comments: number }[];
};

type ChallengeView = { id: string; title: string; titleFr: string | null; resultsAt: Date | null };
export type NextStepsView = { body: string; bodyFr: string | null; at: Date };

/** How the winners were chosen, in plain words, from the numbers announced (decision 0060). */
function Method({ ctx, m }: { ctx: ViewContext; m: ResultsSnapshot['method'] }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="method-title">
      <h2 id="method-title">{t('judging.results.method')}</h2>
      <p>{t('judging.results.method.judges', { judges: m.judges, criteria: m.criteria.length })}</p>
      <ol>
        {m.criteria.map((c) => (
          <li>
            <Localised locale={locale} en={c.name} fr={c.nameFr} /> — {t('judging.rubric.public.weight', { share: c.share, min: c.scaleMin, max: c.scaleMax })}
          </li>
        ))}
      </ol>
      <ul>
        <li>{t('judging.results.method.score')}</li>
        {m.normalisation !== 'none' && <li>{t(`judging.method.public.${m.normalisation}`)}</li>}
        <li>{m.blindReview ? t('judging.results.method.blind') : t('judging.results.method.notBlind')}</li>
        <li>{t('judging.results.method.conflicts', { declared: m.conflictsDeclared, recusals: m.recusals })}</li>
        <li>
          {m.peopleWeight > 0
            ? t('judging.results.method.people', { panel: 100 - m.peopleWeight, people: m.peopleWeight })
            : t('judging.method.public.panelOnly')}
        </li>
        {m.peopleWeight > 0 && <li>{t('judging.results.method.supports', { received: m.supportsReceived, setAside: m.supportsSetAside })}</li>}
        {m.ties.map((tie) => (
          <li>
            {t('judging.results.method.tie', { ideas: tie.titles.join(', ') })} <q>{tie.reason}</q>
          </li>
        ))}
        {m.panel && m.panel.length > 0 && <li>{t('judging.results.method.panel', { names: m.panel.join(', ') })}</li>}
      </ul>
    </section>
  );
}

/**
 * A competition's results page (issue 13, point 7), public. Before the announcement: when the
 * results are expected, and how the winners will be chosen (never partial scores). After: the
 * winners with their citations, the method in plain words, the anonymised score table,
 * participation, corrections, what happens next (with its history) and the vote-integrity summary.
 */
export function ResultsPage(p: {
  ctx: ViewContext;
  challenge: ChallengeView;
  announced: { at: Date; results: ResultsSnapshot } | null;
  corrections: readonly { reason: string; at: Date }[];
  nextSteps: readonly NextStepsView[];
  /** Before the announcement: the rubric and method as the challenge page shows them. */
  rubric: Child;
  integrity: Child;
}) {
  const { ctx, challenge, announced, corrections, nextSteps } = p;
  const { t, locale } = ctx;
  const name = locale === 'fr' && challenge.titleFr ? challenge.titleFr : challenge.title;
  const title = t('judging.results.title', { title: name });
  const [latest, ...history] = nextSteps;
  const r = announced?.results;
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/challenges/${challenge.id}`}>{t('judging.back')}</a>
      </p>
      {!announced || !r ? (
        <>
          <p class="notice">
            {challenge.resultsAt ? (
              <>
                {t('judging.results.expected')} <Time at={challenge.resultsAt} locale={locale} />.
              </>
            ) : (
              t('judging.results.notYet')
            )}{' '}
            {t('judging.results.noScores')}
          </p>
          {p.rubric}
        </>
      ) : (
        <>
          <p>
            {t('judging.results.announcedOn')} <Time at={announced.at} locale={locale} />.
          </p>
          {corrections.length > 0 && (
            <section class="notice" aria-labelledby="corrections-title">
              <h2 id="corrections-title">{t('judging.results.corrections')}</h2>
              <ul>
                {corrections.map((c) => (
                  <li>
                    <Time at={c.at} locale={locale} /> — <q>{c.reason}</q>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="winners-title">
            <h2 id="winners-title">{t('judging.results.winners')}</h2>
            <ul class="awards">
              {r.awards.map((a) => (
                <li>
                  <h3>
                    {awardName(t, locale, a)}: <a href={`/ideas/${a.ideaId}`}>{a.title}</a>
                  </h3>
                  {(a.prize || a.prizeFr) && <p>{t('judging.award.prizeLine', { prize: locale === 'fr' && a.prizeFr ? a.prizeFr : a.prize })}</p>}
                  <Markdown html={locale === 'fr' && a.citationFrHtml ? a.citationFrHtml : a.citationHtml} lang={locale === 'fr' && !a.citationFrHtml ? 'en' : undefined} />
                </li>
              ))}
            </ul>
          </section>
          <Method ctx={ctx} m={r.method} />
          <section aria-labelledby="table-title">
            <h2 id="table-title">{t('judging.results.table')}</h2>
            <DataTable
              labelledBy="table-title"
              columns={[
                { header: t('judging.board.rank'), cell: (row) => (row.rank === null ? '—' : String(row.rank)) },
                { header: t('judging.shortlist.idea'), rowHeader: true, cell: (row) => <a href={`/ideas/${row.ideaId}`}>{row.title}</a> },
                { header: t('judging.shortlist.supports'), cell: (row) => String(row.supports) },
                { header: t('judging.board.panel'), cell: (row) => score(row.panel) },
                { header: t('judging.board.people'), cell: (row) => score(row.people) },
                { header: t('judging.board.final'), cell: (row) => score(row.final) },
                { header: t('judging.board.judges'), cell: (row) => String(row.judges) },
              ]}
              rows={r.table}
              empty={<p class="empty">{t('judging.shortlist.empty')}</p>}
            />
          </section>
          <section aria-labelledby="participation-title">
            <h2 id="participation-title">{t('judging.results.participation')}</h2>
            <p>{t('judging.results.participation.totals', { ideas: r.participation.ideas, participants: r.participation.participants, supports: r.participation.supports, comments: r.participation.comments, organisations: r.participation.organisations })}</p>
            <DataTable
              caption={t('judging.results.participation.byWeek')}
              captionVisible
              columns={[
                { header: t('judging.results.week'), rowHeader: true, cell: (w) => t('judging.results.weekOf', { date: w.week }) },
                { header: t('judging.results.ideas'), cell: (w) => String(w.ideas) },
                { header: t('judging.shortlist.supports'), cell: (w) => String(w.supports) },
                { header: t('judging.results.comments'), cell: (w) => String(w.comments) },
              ]}
              rows={r.participation.weeks}
              empty={<p class="empty">{t('judging.results.participation.none')}</p>}
            />
          </section>
        </>
      )}
      <section aria-labelledby="next-title">
        <h2 id="next-title">{t('judging.results.next')}</h2>
        {latest ? (
          <>
            <LocalisedParagraphs locale={locale} en={latest.body} fr={latest.bodyFr} />
            <p class="hint">
              {t('judging.nextSteps.updated')} <Time at={latest.at} locale={locale} />
            </p>
            {history.length > 0 && (
              <details>
                <summary>{t('judging.results.next.history', { count: history.length })}</summary>
                {history.map((h) => (
                  <div class="next-steps-version">
                    <p class="hint">
                      <Time at={h.at} locale={locale} />
                    </p>
                    <LocalisedParagraphs locale={locale} en={h.body} fr={h.bodyFr} />
                  </div>
                ))}
              </details>
            )}
          </>
        ) : (
          <p class="empty">{t('judging.results.next.none')}</p>
        )}
      </section>
      {p.integrity}
      <p>
        <a href={`/challenges/${challenge.id}/results.json`} type="application/json">
          {t('judging.results.json')}
        </a>
      </p>
    </Page>
  );
}
