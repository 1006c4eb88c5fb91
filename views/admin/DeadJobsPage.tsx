import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { DataTable } from '../components/DataTable.js';
import { Pagination } from '../components/Pagination.js';
import { Time } from '../components/Time.js';

type DeadJobRow = { id: number; kind: string; attempts: number; lastError: string | null; failedAt: Date };

/** Jobs that failed for good, newest first, each with a button that puts it back in the queue. */
export function DeadJobsPage({ ctx, jobs, nextHref, firstHref }: { ctx: ViewContext; jobs: DeadJobRow[]; nextHref: string | null; firstHref: string | null }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.jobs.title')}>
      <p>
        <a href="/admin">{t('admin.title')}</a>
      </p>
      <h1>{t('admin.jobs.title')}</h1>
      <p>{t('admin.jobs.lead')}</p>
      <DataTable
        caption={t('admin.jobs.title')}
        rows={jobs}
        empty={<p>{t('admin.jobs.empty')}</p>}
        columns={[
          { header: t('admin.jobs.kind'), rowHeader: true, cell: (j) => <code>{j.kind}</code> },
          { header: t('admin.jobs.failedAt'), cell: (j) => <Time at={j.failedAt} locale={ctx.locale} style="dateTime" /> },
          { header: t('admin.jobs.attempts'), cell: (j) => j.attempts },
          { header: t('admin.jobs.lastError'), cell: (j) => (j.lastError ? <pre class="mail-text">{j.lastError}</pre> : '—') },
          {
            header: t('admin.jobs.actions'),
            class: 'actions',
            cell: (j) => (
              <ButtonForm action={`/admin/jobs/${j.id}/retry`} csrfToken={ctx.csrfToken} button="button button-small" ariaLabel={t('admin.jobs.retryFor', { id: j.id, kind: j.kind })}>
                {t('admin.jobs.retry')}
              </ButtonForm>
            ),
          },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
