import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

type Org = { name: string; slug: string; kind: 'council' | 'partner'; verified: boolean };

export function HomePage({ ctx, organisations }: { ctx: ViewContext; organisations: Org[] }) {
  const { t, user } = ctx;
  return (
    <Page ctx={ctx} title={t('home.title')}>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        {!user && (
          <p>
            <a class="button" href="/sign-up">
              {t('home.getStarted')}
            </a>
          </p>
        )}
      </section>
      <div class="cards two-up">
        <section class="card">
          <h2>{t('home.forCitizens.title')}</h2>
          <p>{t('home.forCitizens.body')}</p>
        </section>
        <section class="card">
          <h2>{t('home.forCouncils.title')}</h2>
          <p>{t('home.forCouncils.body')}</p>
        </section>
      </div>
      {organisations.length > 0 && (
        <section>
          <h2>{t('home.organisations.title')}</h2>
          <ul class="org-list">
            {organisations.map((o) => (
              <li>
                <a href={`/organisations/${o.slug}`}>{o.name}</a>
              </li>
            ))}
          </ul>
          <p>
            <a href="/organisations">{t('home.organisations.link')}</a>
          </p>
        </section>
      )}
    </Page>
  );
}
