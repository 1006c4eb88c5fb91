import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { requireSignIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import type { AppEnv } from '../../http/context.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { MAIL_SPOOL_DAYS } from '../../jobs/mail.js';
import { readForm } from '../../http/form.js';
import { requestOrigin } from '../../http/security.js';
import { render, respond, viewContext } from '../../http/render.js';
import { pageLinks } from '../../lib/pagination.js';
import { AccountsPage, AdminHomePage, MailMessagePage, MailOutboxPage } from '../../../views/admin/AdminPages.js';
import { DeadJobsPage } from '../../../views/admin/DeadJobsPage.js';
import { endAccountSessions } from './commands/end-sessions.js';
import { hasSecondFactor, resetSecondFactors } from '../second-factor/index.js';
import { retryJob } from './commands/retry-job.js';
import { adminLimit } from './limits.js';
import { canAdministerPlatform } from './policy.js';
import { findAccount, getOutboxMessage, listDeadJobs, listOutbox } from './queries.js';

const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const decision = canAdministerPlatform(c.get('user'));
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return next();
});

export const adminRoutes = new Hono<AppEnv>();
adminRoutes.use('/admin', requireSignIn, requireAdmin);
adminRoutes.use('/admin/*', requireSignIn, requireAdmin);

adminRoutes.get('/admin', (c) => render(c, <AdminHomePage ctx={viewContext(c)} />));

adminRoutes.get('/admin/accounts', async (c) => {
  const email = (c.req.query('email') ?? '').slice(0, 320).trim();
  const { db } = c.get('deps');
  const found = email ? await findAccount(db, email) : null;
  const account = found ? { ...found, secondFactor: await hasSecondFactor(db, found.id) } : null;
  return render(c, <AccountsPage ctx={viewContext(c)} email={email} account={account} searched={email !== ''} />);
});

adminRoutes.post('/admin/accounts/:id/end-sessions', async (c) => {
  const id = c.req.param('id');
  if (!isUuid(id)) throw new NotFoundError('user');
  await limitRequest(c, adminLimit);
  const { ended } = await endAccountSessions(c.get('deps'), c.get('user'), id, requestOrigin(c));
  const { values } = await readForm(c);
  const back = `/admin/accounts?email=${encodeURIComponent((values['email'] ?? '').slice(0, 320))}`;
  return respond(c, { redirect: back, flash: { kind: 'success', key: 'admin.accounts.ended', params: { count: ended } } });
});

/** Someone who lost every factor, their identity checked outside the platform: their second factors go (the /admin step-up applies). */
adminRoutes.post('/admin/accounts/:id/second-factor/reset', async (c) => {
  const id = c.req.param('id');
  if (!isUuid(id)) throw new NotFoundError('user');
  await limitRequest(c, adminLimit);
  await resetSecondFactors(c.get('deps'), c.get('user'), id, requestOrigin(c));
  const { values } = await readForm(c);
  const back = `/admin/accounts?email=${encodeURIComponent((values['email'] ?? '').slice(0, 320))}`;
  return respond(c, { redirect: back, flash: { kind: 'success', key: 'admin.accounts.factorsReset' } });
});

adminRoutes.get('/admin/mail', async (c) => {
  const { db, mailer } = c.get('deps');
  return render(c, <MailOutboxPage ctx={viewContext(c)} messages={await listOutbox(db)} smtp={mailer.kind === 'smtp'} spoolDays={MAIL_SPOOL_DAYS} />);
});

adminRoutes.get('/admin/mail/:id', async (c) => {
  const id = c.req.param('id');
  const message = isUuid(id) ? await getOutboxMessage(c.get('deps').db, id) : null;
  if (!message) throw new NotFoundError('message');
  return render(c, <MailMessagePage ctx={viewContext(c)} message={message} />);
});

adminRoutes.get('/admin/jobs', async (c) => {
  const after = c.req.query('after') || undefined;
  const { items, next } = await listDeadJobs(c.get('deps').db, { after });
  const { nextHref, firstHref } = pageLinks('/admin/jobs', after, next);
  return render(c, <DeadJobsPage ctx={viewContext(c)} jobs={items} nextHref={nextHref} firstHref={firstHref} />);
});

adminRoutes.post('/admin/jobs/:id/retry', async (c) => {
  const id = c.req.param('id');
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new NotFoundError('job'); // a job id, within JS's safe integers
  await limitRequest(c, adminLimit);
  const { kind } = await retryJob(c.get('deps'), c.get('user'), Number(id));
  return respond(c, { redirect: '/admin/jobs', flash: { kind: 'success', key: 'admin.jobs.retried', params: { id, kind } } });
});
