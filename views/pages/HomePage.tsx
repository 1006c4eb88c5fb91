import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Localised } from '../components/Localised.js';
import { ChallengeCard, type ChallengeCardView } from '../challenges/ChallengeCard.js';
import { StatusBadge, type IdeaStatusView } from '../ideas/parts.js';
import { formatDate } from '../../src/i18n/index.js';

type Org = { name: string; slug: string; kind: 'council' | 'partner'; verified: boolean };

/** What a signed-in person has to do: unread notifications (from the header's count), their latest ideas, answers their council owes. */
export type WaitingView = {
  ideas: { id: string; title: string; status: IdeaStatusView }[];
  /** Ideas awaiting an official response from the person's councils (none for everyone else). */
  awaiting: { id: string; title: string; responseDueAt: Date; challengeTitle: string; challengeTitleFr: string | null }[];
};

type Props = {
  ctx: ViewContext;
  organisations: Org[];
  /** Challenges taking ideas or supports now, closing soonest first (a few). */
  live: ChallengeCardView[];
  /** Signed in: what is waiting for them. */
  waiting: WaitingView | null;
  now: Date;
};

/** The signed-in person's to-do: notifications, answers owed (staff), their ideas and drafts. */
function Waiting({ ctx, waiting, now }: { ctx: ViewContext; waiting: WaitingView; now: Date }) {
  const { t, locale, user } = ctx;
  const unread = user?.unread ?? 0;
  return (
    <section aria-labelledby="waiting-title" class="home-waiting">
      <h2 id="waiting-title">{t('home.waiting.title')}</h2>
      <p class="home-unread">
        {unread > 0 ? <a href="/notifications">{unread >= 100 ? t('home.waiting.unreadMany') : t('home.waiting.unread', { count: unread })}</a> : t('home.waiting.noUnread')}
      </p>
      {waiting.awaiting.length > 0 && (
        <>
          <h3 id="awaiting-title">{t('responses.awaiting.title')}</h3>
          <ul class="home-list" aria-labelledby="awaiting-title">
            {waiting.awaiting.map((i) => {
              const date = formatDate(i.responseDueAt, locale);
              return (
                <li>
                  <a href={`/ideas/${i.id}#responses`}>{i.title}</a> · <Localised locale={locale} en={i.challengeTitle} fr={i.challengeTitleFr} /> ·{' '}
                  {i.responseDueAt < now ? <strong>{t('responses.awaiting.overdue', { date })}</strong> : t('responses.awaiting.dueBy', { date })}
                </li>
              );
            })}
          </ul>
          <p>
            <a href="/account/responses">{t('home.waiting.awaiting.all')}</a>
          </p>
        </>
      )}
      <h3 id="my-ideas-title">{t('home.waiting.ideas')}</h3>
      {waiting.ideas.length === 0 ? (
        <p class="empty">{t('home.waiting.ideas.empty')}</p>
      ) : (
        <>
          <ul class="home-list" aria-labelledby="my-ideas-title">
            {waiting.ideas.map((i) => (
              <li>
                <a href={`/ideas/${i.id}`}>{i.title}</a> <StatusBadge ctx={ctx} status={i.status} />
                {i.status === 'draft' && (
                  <>
                    {' '}
                    <a href={`/ideas/${i.id}/edit`} class="home-draft">
                      {t('home.waiting.draft')}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p>
            <a href="/account/ideas">{t('ideas.mine.link')}</a>
          </p>
        </>
      )}
    </section>
  );
}

/** Challenges open now, closing soonest first, and the way to all of them. */
function Live({ ctx, live }: { ctx: ViewContext; live: ChallengeCardView[] }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="live-title" class="home-live">
      <h2 id="live-title">{t('home.live.title')}</h2>
      {live.length === 0 ? (
        <p class="empty">{t('home.live.empty')}</p>
      ) : (
        <>
          <p>{t('home.live.lead')}</p>
          <ul class="org-directory challenge-list">
            {live.map((item) => (
              <ChallengeCard t={t} locale={locale} item={item} level={3} />
            ))}
          </ul>
        </>
      )}
      <p>
        <a href="/challenges">{t('home.live.all')}</a>
      </p>
    </section>
  );
}

export function HomePage({ ctx, organisations, live, waiting, now }: Props) {
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
      {waiting && <Waiting ctx={ctx} waiting={waiting} now={now} />}
      <Live ctx={ctx} live={live} />
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
