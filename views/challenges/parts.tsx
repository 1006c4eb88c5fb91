import { formatDate, type Locale, type MessageKey, type T } from '../../src/i18n/index.js';

/** A challenge's derived phase, as the route computed it (see src/features/challenges/phase.ts). */
export type PhaseView = {
  phase: 'draft' | 'upcoming' | 'open' | 'voting' | 'judging' | 'results' | 'closed' | 'archived';
  next: { event: 'submissionsOpen' | 'submissionsClose' | 'votingOpen' | 'votingClose' | 'judgingClose' | 'results'; at: Date; daysLeft: number } | null;
};

export type TopicView = { slug: string; nameEn: string; nameFr: string };

export const topicName = (topic: TopicView, locale: Locale) => (locale === 'fr' ? topic.nameFr : topic.nameEn);

/** The text French readers see: the French version when there is one, else the original (marked as English). */
export function localised<C extends { title: string; summary: string; titleFr: string | null; summaryFr: string | null }>(c: C, locale: Locale) {
  const french = locale === 'fr' && c.titleFr !== null;
  return {
    title: french ? c.titleFr! : c.title,
    summary: french ? (c.summaryFr ?? c.summary) : c.summary,
    /** The language of the text shown, when it differs from the page's. */
    lang: locale === 'fr' && !french ? 'en' : undefined,
    missingFrench: locale === 'fr' && !french,
  };
}

const NEXT_KEYS: Record<NonNullable<PhaseView['next']>['event'], MessageKey> = {
  submissionsOpen: 'challenges.next.submissionsOpen',
  submissionsClose: 'challenges.next.submissionsClose',
  votingOpen: 'challenges.next.votingOpen',
  votingClose: 'challenges.next.votingClose',
  judgingClose: 'challenges.next.judgingClose',
  results: 'challenges.next.results',
};

/** "Ideas close on 14 March 2026 — 3 days left". */
export function nextText(t: T, locale: Locale, next: PhaseView['next']): string | null {
  if (!next) return null;
  const when = t(NEXT_KEYS[next.event], { date: formatDate(next.at, locale) });
  const left = next.daysLeft <= 1 ? t('challenges.daysLeft.last') : t('challenges.daysLeft', { count: next.daysLeft });
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
