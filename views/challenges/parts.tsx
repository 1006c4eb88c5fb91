import { formatDate, type Locale, type MessageKey, type T } from '../../src/i18n/index.js';
import { localise } from '../../src/i18n/localise.js';

/** A challenge's derived phase, as the route computed it (see src/features/challenges/phase.ts). */
export type PhaseView = {
  phase: 'draft' | 'upcoming' | 'open' | 'voting' | 'judging' | 'results' | 'closed' | 'archived';
  next: { event: 'submissionsOpen' | 'submissionsClose' | 'votingOpen' | 'votingClose' | 'judgingClose' | 'results'; at: Date; daysLeft: number } | null;
};

export type TopicView = { slug: string; nameEn: string; nameFr: string };

/** A topic's name in the reader's language (every topic has both). */
export const topicName = (topic: Pick<TopicView, 'nameEn' | 'nameFr'>, locale: Locale) => localise(locale, topic.nameEn, topic.nameFr).text;

const NEXT_KEYS: Record<NonNullable<PhaseView['next']>['event'], MessageKey> = {
  submissionsOpen: 'challenges.next.submissionsOpen',
  submissionsClose: 'challenges.next.submissionsClose',
  votingOpen: 'challenges.next.votingOpen',
  votingClose: 'challenges.next.votingClose',
  judgingClose: 'challenges.next.judgingClose',
  results: 'challenges.next.results',
};

/** Events that start something: counted as time to wait ("in 3 days"), not time left ("last day"). */
const STARTS: ReadonlySet<NonNullable<PhaseView['next']>['event']> = new Set(['submissionsOpen', 'votingOpen', 'results']);

/** "Ideas close on 14 March 2026 — 3 days left"; "Ideas open on 14 March 2026 — in 3 days". */
export function nextText(t: T, locale: Locale, next: PhaseView['next']): string | null {
  if (!next) return null;
  const when = t(NEXT_KEYS[next.event], { date: formatDate(next.at, locale) });
  const left = STARTS.has(next.event)
    ? next.daysLeft <= 1
      ? t('challenges.daysUntil.soon')
      : t('challenges.daysUntil', { count: next.daysLeft })
    : next.daysLeft <= 1
      ? t('challenges.daysLeft.last')
      : t('challenges.daysLeft', { count: next.daysLeft });
  return `${when} — ${left}`;
}

export function PhaseBadge({ t, phase }: { t: T; phase: PhaseView['phase'] }) {
  return <span class={`badge phase phase-${phase}`}>{t(`challenges.phase.${phase}`)}</span>;
}

/** Phase in words and the next date that matters. */
export function PhaseLine({ t, locale, state }: { t: T; locale: Locale; state: PhaseView }) {
  const next = nextText(t, locale, state.next);
  return (
    <p class="phase-line">
      <PhaseBadge t={t} phase={state.phase} />
      {next && <> {next}</>}
    </p>
  );
}

export function TopicList({ locale, topics, label }: { locale: Locale; topics: TopicView[]; label: string }) {
  if (topics.length === 0) return null;
  return (
    <ul class="topic-list" aria-label={label}>
      {topics.map((tp) => (
        <li>
          <a href={`/challenges?topic=${tp.slug}`}>{topicName(tp, locale)}</a>
        </li>
      ))}
    </ul>
  );
}
