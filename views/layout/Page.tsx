import type { Child } from 'hono/jsx';
import type { ViewContext } from './types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { LinkList } from '../components/LinkList.js';

type Props = {
  ctx: ViewContext;
  title: string;
  /** The notice to a person whose email address is not confirmed (shown unless the page itself is about it). */
  unconfirmedNotice?: boolean;
  /** Our own scripts this page needs besides htmx (files under /static/js: CSP allows 'self' only). */
  scripts?: string[];
  children?: Child;
};

/** The page shell: every full page goes through here (lang, skip link, header, flash, main, footer). */
export function Page({ ctx, title, unconfirmedNotice = true, scripts = [], children }: Props) {
  const { t, user } = ctx;
  const other = ctx.locale === 'en' ? 'fr' : 'en';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"metaCharacter":"-"}' />
        <title>{`${title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/css/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src={ctx.htmxSrc} defer></script>
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/">
              {t('site.name')}
            </a>
            <nav aria-label={t('layout.nav.label')} class="main-nav">
              <LinkList
                links={[
                  { href: '/challenges', label: t('layout.nav.challenges') },
                  { href: '/organisations', label: t('layout.nav.organisations') },
                  user?.isAdmin === true && { href: '/admin', label: t('layout.nav.admin') },
                ]}
              />
            </nav>
            <div class="header-tools">
              {/* Signed in, the choice is kept on the account (a form); a visitor's is their browser's cookie alone (a link, so the page holds nothing of theirs and can be cached). */}
              {user ? (
                <ButtonForm action="/locale" csrfToken={ctx.csrfToken} fields={{ locale: other, next: ctx.currentPath }} button="link-button" lang={other}>
                  {t('layout.language.switchTo')}
                </ButtonForm>
              ) : (
                <a href={`/locale/${other}?next=${encodeURIComponent(ctx.currentPath)}`} lang={other} hreflang={other} rel="nofollow">
                  {t('layout.language.switchTo')}
                </a>
              )}
              <nav aria-label={t('layout.account.label')} class="account-nav">
                {user ? (
                  <ul>
                    <li>
                      <a href="/account" class="account-name">
                        {user.displayName}
                      </a>
                    </li>
                    <li>
                      <a href="/notifications" class="bell" aria-current={ctx.currentPath.startsWith('/notifications') ? 'page' : undefined}>
                        {t('layout.notifications')}
                        {user.unread > 0 && (
                          <span class="bell-count">
                            <span aria-hidden="true">{user.unread >= 100 ? '99+' : String(user.unread)}</span>
                            <span class="visually-hidden">{user.unread >= 100 ? t('layout.unreadMany') : t('layout.unread', { count: user.unread })}</span>
                          </span>
                        )}
                      </a>
                    </li>
                    {user.judge && (
                      <li>
                        <a href="/judging" aria-current={ctx.currentPath.startsWith('/judging') ? 'page' : undefined}>
                          {t('layout.judging')}
                        </a>
                      </li>
                    )}
                    <li>
                      <a href="/following">{t('layout.following')}</a>
                    </li>
                    <li>
                      <a href={`/people/${user.id}`}>{t('people.menu.activity')}</a>
                    </li>
                    <li>
                      <ButtonForm action="/sign-out" csrfToken={ctx.csrfToken} button="link-button">
                        {t('layout.account.signOut')}
                      </ButtonForm>
                    </li>
                  </ul>
                ) : (
                  <LinkList
                    links={[
                      { href: '/sign-in', label: t('layout.account.signIn') },
                      { href: '/sign-up', label: t('layout.account.signUp'), class: 'button button-small' },
                    ]}
                  />
                )}
              </nav>
            </div>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {unconfirmedNotice && user && !user.emailVerified && (
            <div class="notice unconfirmed-notice">
              <p>{t('layout.unconfirmed', { email: user.email })}</p>
              <ButtonForm action="/verify-email/resend" csrfToken={ctx.csrfToken} fields={{ next: ctx.currentPath }} button="button button-secondary">
                {t('layout.unconfirmed.resend')}
              </ButtonForm>
            </div>
          )}
          {ctx.flash && (
            <div class={`flash flash-${ctx.flash.kind}`} role={ctx.flash.kind === 'error' ? 'alert' : 'status'}>
              {t(ctx.flash.key, ctx.flash.params)}
            </div>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <nav aria-label={t('layout.footer.label')}>
              <LinkList
                links={[
                  { href: '/privacy', label: t('layout.footer.privacy') },
                  { href: '/accessibility', label: t('layout.footer.accessibility') },
                  { href: '/guidelines', label: t('layout.footer.guidelines') },
                ]}
              />
            </nav>
            <p>{t('layout.footer.about')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
