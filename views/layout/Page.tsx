import type { Child } from 'hono/jsx';
import type { ViewContext } from './types.js';
import { CsrfField } from '../components/CsrfField.js';

type Props = { ctx: ViewContext; title: string; children?: Child };

/** The page shell: every full page goes through here (lang, skip link, header, flash, main, footer). */
export function Page({ ctx, title, children }: Props) {
  const { t, user } = ctx;
  const other = ctx.locale === 'en' ? 'fr' : 'en';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
        <title>{`${title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/css/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script nonce={ctx.nonce} src={ctx.htmxSrc} defer></script>
      </head>
      <body hx-headers:inherited={JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken })}>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/">
              {t('site.name')}
            </a>
            <nav aria-label={t('layout.nav.label')} class="main-nav">
              <ul>
                <li>
                  <a href="/challenges">{t('layout.nav.challenges')}</a>
                </li>
                <li>
                  <a href="/organisations">{t('layout.nav.organisations')}</a>
                </li>
                {user?.isAdmin && (
                  <li>
                    <a href="/admin">{t('layout.nav.admin')}</a>
                  </li>
                )}
              </ul>
            </nav>
            <div class="header-tools">
              <form method="post" action="/locale" class="inline-form">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="locale" value={other} />
                <input type="hidden" name="next" value={ctx.currentPath} />
                <button type="submit" class="link-button" lang={other}>
                  {t('layout.language.switchTo')}
                </button>
              </form>
              <nav aria-label={t('layout.account.label')} class="account-nav">
                {user ? (
                  <ul>
                    <li>
                      <a href="/account" class="account-name">
                        {user.displayName}
                      </a>
                    </li>
                    <li>
                      <a href={`/people/${user.id}`}>{t('people.menu.activity')}</a>
                    </li>
                    <li>
                      <form method="post" action="/sign-out" class="inline-form">
                        <CsrfField token={ctx.csrfToken} />
                        <button type="submit" class="link-button">
                          {t('layout.account.signOut')}
                        </button>
                      </form>
                    </li>
                  </ul>
                ) : (
                  <ul>
                    <li>
                      <a href="/sign-in">{t('layout.account.signIn')}</a>
                    </li>
                    <li>
                      <a href="/sign-up" class="button button-small">
                        {t('layout.account.signUp')}
                      </a>
                    </li>
                  </ul>
                )}
              </nav>
            </div>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
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
              <ul>
                <li>
                  <a href="/privacy">{t('layout.footer.privacy')}</a>
                </li>
                <li>
                  <a href="/accessibility">{t('layout.footer.accessibility')}</a>
                </li>
                <li>
                  <a href="/guidelines">{t('layout.footer.guidelines')}</a>
                </li>
              </ul>
            </nav>
            <p>{t('layout.footer.about')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
