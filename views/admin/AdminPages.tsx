import { MASK } from '../../src/lib/mailer.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { DataTable } from '../components/DataTable.js';
import { LinkList } from '../components/LinkList.js';
import { Time } from '../components/Time.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { Field } from '../components/Form.js';

export function AdminHomePage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.title')}>
      <h1>{t('admin.title')}</h1>
      <LinkList
        class="link-list"
        links={[
          { href: '/admin/organisations', label: t('admin.organisations.title') },
          { href: '/admin/accounts', label: t('admin.accounts.title') },
          { href: '/admin/mail', label: t('admin.mail.title') },
          { href: '/admin/jobs', label: t('admin.jobs.title') },
        ]}
      />
    </Page>
  );
}

type MessageRow = { id: string; to: string; subject: string; createdAt: Date };

export function MailOutboxPage({ ctx, messages, smtp, spoolDays }: { ctx: ViewContext; messages: MessageRow[]; smtp: boolean; spoolDays: number }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.mail.title')}>
      <h1>{t('admin.mail.title')}</h1>
      <p>{smtp ? t('admin.mail.smtp') : t('admin.mail.lead', { days: spoolDays })}</p>
      <DataTable
        caption={t('admin.mail.title')}
        rows={messages}
        empty={<p>{t('admin.mail.empty')}</p>}
        columns={[
          { header: t('admin.mail.sent'), cell: (m) => <Time at={m.createdAt} locale={ctx.locale} style="dateTime" /> },
          { header: t('admin.mail.to'), cell: (m) => m.to },
          { header: t('admin.mail.subject'), rowHeader: true, cell: (m) => <a href={`/admin/mail/${m.id}`}>{m.subject}</a> },
        ]}
      />
    </Page>
  );
}

/**
 * A message's text with its links made clickable — except the one-time links, stored with their
 * token masked: those stay text, marked as hidden.
 */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part) => {
    if (!/^https?:\/\//.test(part)) return part;
    return part.includes(MASK) ? <span class="masked-link">{part}</span> : <a href={part}>{part}</a>;
  });
}

export function MailMessagePage({ ctx, message }: { ctx: ViewContext; message: MessageRow & { text: string } }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={message.subject}>
      <p>
        <a href="/admin/mail">{t('admin.mail.back')}</a>
      </p>
      <h1>{message.subject}</h1>
      <dl class="meta">
        <dt>{t('admin.mail.to')}</dt>
        <dd>{message.to}</dd>
        <dt>{t('admin.mail.sent')}</dt>
        <dd>
          <Time at={message.createdAt} locale={ctx.locale} style="dateTime" />
        </dd>
      </dl>
      {message.text.includes(MASK) ? <p class="note">{t('admin.mail.masked')}</p> : null}
      <pre class="mail-text">{linkify(message.text)}</pre>
    </Page>
  );
}

type AccountRow = { id: string; email: string; displayName: string; createdAt: Date; isAdmin: boolean; suspendedAt: Date | null; suspendedUntil: Date | null; sessions: number; secondFactor: boolean };

/**
 * Find an account by its exact address (no list of everyone: an admin looks up the person they
 * were asked about), see its sessions in force, and end them all.
 */
export function AccountsPage({ ctx, email, account, searched }: { ctx: ViewContext; email: string; account: AccountRow | null; searched: boolean }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.accounts.title')}>
      <h1>{t('admin.accounts.title')}</h1>
      <p>{t('admin.accounts.lead')}</p>
      <form method="get" action="/admin/accounts">
        <Field t={t} name="email" type="email" label={t('admin.accounts.email')} value={email} autocomplete="off" maxLength={320} required />
        <button type="submit" class="button">
          {t('admin.accounts.find')}
        </button>
      </form>
      {searched && !account && <p class="empty">{t('admin.accounts.none')}</p>}
      {account && (
        <section aria-labelledby="account-heading">
          <h2 id="account-heading">{account.displayName}</h2>
          <dl class="meta">
            <dt>{t('admin.accounts.email')}</dt>
            <dd>{account.email}</dd>
            <dt>{t('admin.accounts.joined')}</dt>
            <dd>
              <Time at={account.createdAt} locale={ctx.locale} />
            </dd>
            <dt>{t('admin.accounts.status')}</dt>
            <dd>{account.suspendedAt ? t('admin.accounts.suspended') : account.isAdmin ? t('admin.accounts.admin') : t('admin.accounts.active')}</dd>
            <dt>{t('admin.accounts.sessions')}</dt>
            <dd>{t('admin.accounts.sessionCount', { count: account.sessions })}</dd>
            <dt>{t('admin.accounts.secondFactor')}</dt>
            <dd>{account.secondFactor ? t('admin.accounts.secondFactor.on') : t('admin.accounts.secondFactor.off')}</dd>
          </dl>
          {account.sessions > 0 && (
            <ButtonForm action={`/admin/accounts/${account.id}/end-sessions`} csrfToken={ctx.csrfToken} fields={{ email: account.email }} inline={false} button="button button-danger">
              {t('admin.accounts.end')}
            </ButtonForm>
          )}
          {account.secondFactor && (
            <>
              <p>{t('admin.accounts.factorsReset.lead')}</p>
              <ButtonForm action={`/admin/accounts/${account.id}/second-factor/reset`} csrfToken={ctx.csrfToken} fields={{ email: account.email }} inline={false} button="button button-danger">
                {t('admin.accounts.factorsReset.button')}
              </ButtonForm>
            </>
          )}
        </section>
      )}
    </Page>
  );
}
