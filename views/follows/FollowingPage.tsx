import type { LocalisedText } from '../../src/i18n/localise.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';
import { Page } from '../layout/Page.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Pagination } from '../components/Pagination.js';
import { Time } from '../components/Time.js';

export type FollowedItemView = {
  subjectId: string;
  followedAt: Date;
  /** Null when the person may no longer see it (it can still be unfollowed). */
  subject: { title: LocalisedText; url: string; label: MessageKey } | null;
};

type Props = { ctx: ViewContext; items: FollowedItemView[]; nextHref: string | null; firstHref: string | null };

/** "What you follow": each followed subject with what it is, since when, and a Stop following button. */
export function FollowingPage({ ctx, items, nextHref, firstHref }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('follows.page.title')}>
      <h1>{t('follows.page.title')}</h1>
      <p>{t('follows.page.intro')}</p>
      {items.length === 0 ? (
        <p class="empty">{t('follows.page.empty')}</p>
      ) : (
        <ul class="followed-list">
          {items.map((i) => {
            const title = i.subject ? i.subject.title.text : t('follows.page.gone');
            return (
              <li class="followed-item">
                <p class="followed-title">
                  {i.subject ? (
                    <>
                      <span class="followed-kind">{t(i.subject.label)}</span>{' '}
                      <a href={i.subject.url} lang={i.subject.title.lang}>
                        {i.subject.title.text}
                      </a>
                    </>
                  ) : (
                    title
                  )}
                </p>
                <p class="followed-since">
                  {t('follows.page.since')} <Time at={i.followedAt} locale={ctx.locale} />
                </p>
                <ButtonForm action={`/following/${i.subjectId}/unfollow`} csrfToken={ctx.csrfToken} fields={{ returnTo: ctx.currentPath }} button="button button-secondary button-small" ariaLabel={t('follows.page.stop', { title })}>
                  {t('follows.unfollow')}
                </ButtonForm>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
