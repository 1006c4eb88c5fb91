import type { Locale, T } from '../../src/i18n/index.js';
import { Localised } from '../components/Localised.js';
import { PhaseLine, TopicList, type PhaseView, type TopicView } from './parts.js';

export type ChallengeCardView = {
  id: string;
  title: string;
  summary: string;
  titleFr: string | null;
  summaryFr: string | null;
  ideaCount: number;
  organisation?: { name: string; slug: string };
  topics?: TopicView[];
  state: PhaseView;
};

/** One challenge in a list (directory, council page). `level` keeps the page's heading order. */
export function ChallengeCard({ t, locale, item, level = 2 }: { t: T; locale: Locale; item: ChallengeCardView; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <li class="card challenge-card">
      <H>
        <Localised as="a" href={`/challenges/${item.id}`} locale={locale} en={item.title} fr={item.titleFr} />
      </H>
      {item.organisation && (
        <p class="org-meta">
          <a href={`/organisations/${item.organisation.slug}`}>{item.organisation.name}</a>
        </p>
      )}
      <PhaseLine t={t} locale={locale} state={item.state} />
      <Localised as="p" locale={locale} en={item.summary} fr={item.summaryFr} />
      <p class="challenge-numbers">{t('challenges.card.ideas', { count: item.ideaCount })}</p>
      {item.topics && <TopicList locale={locale} topics={item.topics} label={t('challenges.topics')} />}
    </li>
  );
}
