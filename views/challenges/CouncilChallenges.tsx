import type { Locale, T } from '../../src/i18n/index.js';
import { ChallengeCard, type ChallengeCardView } from './ChallengeCard.js';

type Props = {
  t: T;
  locale: Locale;
  org: { name: string; slug: string };
  items: (ChallengeCardView & { status: 'draft' | 'published' | 'archived' })[];
  /** Staff may start a new challenge here. */
  canCreate: boolean;
};

/** The council page's challenges: the newest few (drafts for staff), and the way to the rest. */
export function CouncilChallenges({ t, locale, org, items, canCreate }: Props) {
  return (
    <section aria-labelledby="challenges-title">
      <h2 id="challenges-title">{t('challenges.council.title')}</h2>
      {canCreate && (
        <p>
          <a class="button" href={`/organisations/${org.slug}/challenges/new`}>
            {t('challenges.council.new')}
          </a>
        </p>
      )}
      {items.length === 0 ? (
        <p>{canCreate ? t('challenges.council.emptyStaff') : t('challenges.council.empty', { organisation: org.name })}</p>
      ) : (
        <>
          <ul class="org-directory challenge-list">
            {items.map((item) => (
              <ChallengeCard t={t} locale={locale} item={item} level={3} />
            ))}
          </ul>
          <p>
            <a href={`/challenges?council=${org.slug}`}>{t('challenges.council.all', { organisation: org.name })}</a>
          </p>
        </>
      )}
    </section>
  );
}
