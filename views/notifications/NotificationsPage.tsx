import type { LocalisedText } from '../../src/i18n/localise.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';
import { Page } from '../layout/Page.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Pagination } from '../components/Pagination.js';
import { Time } from '../components/Time.js';

export type NotificationGroupView = {
  subjectId: string;
  title: LocalisedText;
  label: MessageKey;
  url: string;
  following: boolean;
  items: { id: number; text: string; at: Date; unread: boolean }[];
};

type Props = { ctx: ViewContext; groups: NotificationGroupView[]; nextHref: string | null; firstHref: string | null };

/**
 * Notifications grouped by what they are about, newest first. Each opens its subject (marking it
 * read); unread ones say so in words, not colour only; "Mark all as read" and, per subject
 * followed, "Stop following" are plain forms (no JavaScript needed).
 */
export function NotificationsPage({ ctx, groups, nextHref, firstHref }: Props) {
  const { t } = ctx;
  const unread = groups.some((g) => g.items.some((i) => i.unread));
  return (
    <Page ctx={ctx} title={t('notifications.title')}>
      <h1>{t('notifications.title')}</h1>
      {unread && (
        <ButtonForm action="/notifications/read-all" csrfToken={ctx.csrfToken} button="button button-secondary" inline={false}>
          {t('notifications.readAll')}
        </ButtonForm>
      )}
      {groups.length === 0 ? (
        <p class="empty">{t('notifications.empty')}</p>
      ) : (
        groups.map((g) => (
          <section class="notification-group" aria-labelledby={`n-${g.subjectId}`}>
            <h2 id={`n-${g.subjectId}`}>
              <span class="notification-kind">{t(g.label)}</span>{' '}
              <a href={g.url} lang={g.title.lang}>
                {g.title.text}
              </a>
            </h2>
            <ul class="notification-list">
              {g.items.map((n) => (
                <li class={n.unread ? 'notification unread' : 'notification'}>
                  {n.unread && <strong class="notification-new">{t('notifications.new')} </strong>}
                  <a href={`/notifications/${n.id}`}>{n.text}</a> <Time at={n.at} locale={ctx.locale} style="dateTime" />
                  {n.unread && (
                    <ButtonForm action={`/notifications/${n.id}/read`} csrfToken={ctx.csrfToken} button="link-button" ariaLabel={t('notifications.markReadOf', { text: n.text })}>
                      {t('notifications.markRead')}
                    </ButtonForm>
                  )}
                </li>
              ))}
            </ul>
            {g.following && (
              // The title is in the button's name after its visible words (WCAG 2.5.3, label in name).
              <ButtonForm action={`/following/${g.subjectId}/unfollow`} csrfToken={ctx.csrfToken} fields={{ returnTo: ctx.currentPath }} button="button button-secondary button-small">
                {t('notifications.stopFollowing')}{' '}
                <span class="visually-hidden" lang={g.title.lang}>
                  ({g.title.text})
                </span>
              </ButtonForm>
            )}
          </section>
        ))
      )}
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
