import type { Child } from 'hono/jsx';
import { formatDate, formatNumber, type Locale, type T } from '../../src/i18n/index.js';
import { localise, type LocalisedText } from '../../src/i18n/localise.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Localised } from '../components/Localised.js';
import { Markdown } from '../components/Markdown.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { PhaseLine, TopicList, type PhaseView, type TopicView } from './parts.js';

export type ChallengeView = {
  id: string;
  status: 'draft' | 'published' | 'archived';
  title: string;
  summary: string;
  briefHtml: string;
  titleFr: string | null;
  summaryFr: string | null;
  briefFrHtml: string | null;
  rules: string;
  prize: string;
  submissionsOpenAt: Date;
  submissionsCloseAt: Date;
  votingOpenAt: Date | null;
  votingCloseAt: Date | null;
  judgingCloseAt: Date | null;
  resultsAt: Date | null;
  closedEarlyAt: Date | null;
  voteBudget: number;
  ideaCount: number;
  organisation: { name: string; slug: string };
};

type Props = {
  ctx: ViewContext;
  challenge: ChallengeView;
  topics: TopicView[];
  state: PhaseView;
  participants: number;
  /** The ideas section, rendered by the ideas feature. */
  ideas: Child;
  /** The follow button (follows feature) and the public response record (responses feature). */
  follow: Child;
  responses: Child;
  /** The vote integrity summary once voting has closed (votes feature), or nothing. */
  integrity: Child;
  /** "How ideas will be judged" (judging feature), or nothing without a rubric. */
  rubric: Child;
  /** A draft seen by its council's staff: exactly the public page, under a banner. */
  preview: boolean;
  /** Staff actions this viewer may take (each from its policy). */
  can: { edit: boolean; publish: boolean; close: boolean; archive: boolean; history: boolean; integrity: boolean; rubric: boolean; judging: boolean };
};

type Step = { key: 'submissions' | 'voting' | 'judging' | 'results'; label: string; when: string };

function timeline(t: T, locale: Locale, c: ChallengeView): Step[] {
  const d = (x: Date) => formatDate(x, locale, 'dateTime');
  const steps: Step[] = [{ key: 'submissions', label: t('challenges.timeline.submissions'), when: t('challenges.timeline.range', { from: d(c.submissionsOpenAt), to: d(c.submissionsCloseAt) }) }];
  if (c.votingOpenAt)
    steps.push({
      key: 'voting',
      label: t('challenges.timeline.voting'),
      when: c.votingCloseAt ? t('challenges.timeline.range', { from: d(c.votingOpenAt), to: d(c.votingCloseAt) }) : t('challenges.timeline.from', { from: d(c.votingOpenAt) }),
    });
  if (c.judgingCloseAt) steps.push({ key: 'judging', label: t('challenges.timeline.judging'), when: t('challenges.timeline.until', { to: d(c.judgingCloseAt) }) });
  if (c.resultsAt) steps.push({ key: 'results', label: t('challenges.timeline.results'), when: t('challenges.timeline.on', { date: d(c.resultsAt) }) });
  return steps;
}

/** A titled section of plain text (none when the text is empty). */
function TextSection({ id, title, text }: { id: string; title: string; text: LocalisedText }) {
  if (!text.text) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div class="prose" lang={text.lang}>
        <Paragraphs text={text.text} />
      </div>
    </section>
  );
}

const CURRENT_STEP: Partial<Record<PhaseView['phase'], Step['key']>> = { open: 'submissions', voting: 'voting', judging: 'judging', results: 'results' };

export function ChallengePage({ ctx, challenge: c, topics, state, participants, ideas, follow, responses, integrity, rubric, preview, can }: Props) {
  const { t, locale } = ctx;
  const title = localise(locale, c.title, c.titleFr);
  const brief = localise(locale, c.briefHtml, c.briefFrHtml);
  const current = CURRENT_STEP[state.phase];
  const post = (action: string, label: string, secondary = true) => (
    <ButtonForm action={`/challenges/${c.id}/${action}`} csrfToken={ctx.csrfToken} button={secondary ? 'button button-secondary' : 'button'}>
      {label}
    </ButtonForm>
  );
  const staff = can.edit || can.publish || can.close || can.archive || can.history || can.integrity || can.rubric || can.judging;
  return (
    <Page ctx={ctx} title={title.text}>
      {preview && (
        <div class="preview-banner" role="note">
          <strong>{t('challenges.preview.banner')}</strong> {t('challenges.preview.lead')}
        </div>
      )}
      {title.lang && <p class="note">{t('challenges.noFrench')}</p>}
      <p class="org-meta">
        <a href={`/organisations/${c.organisation.slug}`}>{c.organisation.name}</a>
      </p>
      <h1 lang={title.lang}>{title.text}</h1>
      <PhaseLine t={t} locale={locale} state={state} />
      <Localised as="p" class="lead" locale={locale} en={c.summary} fr={c.summaryFr} />
      {staff && (
        <nav aria-label={t('challenges.manage.label')} class="org-manage challenge-manage">
          <ul>
            {can.publish && <li>{post('publish', t('challenges.manage.publish'), false)}</li>}
            {can.edit && (
              <li>
                <a href={`/challenges/${c.id}/edit`}>{t('challenges.manage.edit')}</a>
              </li>
            )}
            {can.history && (
              <li>
                <a href={`/challenges/${c.id}/history`}>{t('challenges.manage.history')}</a>
              </li>
            )}
            {can.rubric && (
              <li>
                <a href={`/challenges/${c.id}/rubric`}>{t('judging.link.rubric')}</a>
              </li>
            )}
            {can.judging && (
              <li>
                <a href={`/challenges/${c.id}/judging`}>{t('judging.link.judging')}</a>
              </li>
            )}
            {can.integrity && (
              <li>
                <a href={`/challenges/${c.id}/integrity`}>{t('votes.integrity.link')}</a>
              </li>
            )}
            {/* Neither can be undone: each asks first, on a page of its own. */}
            {can.close && (
              <li>
                <a class="button button-secondary" href={`/challenges/${c.id}/close`}>
                  {t('challenges.manage.close')}
                </a>
              </li>
            )}
            {can.archive && (
              <li>
                <a class="button button-secondary" href={`/challenges/${c.id}/archive`}>
                  {t('challenges.manage.archive')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
      {follow}
      <TopicList locale={locale} topics={topics} label={t('challenges.topics')} />
      <dl class="key-numbers">
        <div>
          <dt>{t('challenges.numbers.ideas')}</dt>
          <dd>{formatNumber(c.ideaCount, locale)}</dd>
        </div>
        <div>
          <dt>{t('challenges.numbers.participants')}</dt>
          <dd>{formatNumber(participants, locale)}</dd>
        </div>
        <div>
          <dt>{t('challenges.numbers.voteBudget')}</dt>
          <dd>{formatNumber(c.voteBudget, locale)}</dd>
        </div>
      </dl>
      <section aria-labelledby="brief-title">
        <h2 id="brief-title">{t('challenges.brief')}</h2>
        <Markdown html={brief.text} lang={brief.lang} />
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('challenges.timeline.title')}</h2>
        <ol class="timeline">
          {timeline(t, locale, c).map((s) => (
            <li aria-current={s.key === current ? 'step' : undefined} class={s.key === current ? 'current' : undefined}>
              <strong>{s.label}</strong>: {s.when}
              {s.key === current && <span class="visually-hidden"> ({t('challenges.timeline.now')})</span>}
            </li>
          ))}
        </ol>
        {c.closedEarlyAt && <p>{t('challenges.closedEarly', { date: formatDate(c.closedEarlyAt, locale, 'dateTime') })}</p>}
      </section>
      {/* Rules and prize have no French version: on a French page they are marked as English. */}
      <TextSection id="rules-title" title={t('challenges.rules')} text={localise(locale, c.rules, null)} />
      <TextSection id="prize-title" title={t('challenges.prize')} text={localise(locale, c.prize, null)} />
      {rubric}
      {responses}
      {integrity}
      {ideas}
    </Page>
  );
}
