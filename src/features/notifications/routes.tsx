import { Hono } from 'hono';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { notificationLimit } from './limits.js';
import type { AppEnv } from '../../http/context.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { pageLinks } from '../../lib/pagination.js';
import { render, respond, viewContext } from '../../http/render.js';
import { NotificationsPage, type NotificationGroupView } from '../../../views/notifications/NotificationsPage.js';
import { requestViewer } from '../organisations/index.js';
import { markAllNotificationsRead, markNotificationRead } from './commands/mark-read.js';
import { getNotification, listNotifications, type NotificationRow } from './queries.js';
import type { T } from '../../i18n/index.js';

export const notificationsRoutes = new Hono<AppEnv>();

/** A notification's sentence: its message with its parameters (message keys among them translated) and the actor's name. */
function sentence(t: T, n: NotificationRow): string {
  if (!isMessageKey(n.message)) return t('notifications.unknown');
  const params: Record<string, string | number> = { actor: n.actorName ?? t('notifications.someone') };
  for (const [k, v] of Object.entries(n.params)) params[k] = typeof v === 'string' && isMessageKey(v) ? t(v as MessageKey) : v;
  return t(n.message as MessageKey, params);
}

const notificationId = (raw: string | undefined): number => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('notification');
  return id;
};

/** The person's notifications, newest first, grouped by what they are about. */
notificationsRoutes.get('/notifications', requireSignIn, async (c) => {
  const viewer = (await requestViewer(c))!;
  const after = c.req.query('after') || undefined;
  if (after !== undefined && after.length > 200) throw new BadRequestError();
  const { groups, next } = await listNotifications(c.get('deps'), viewer, c.get('locale'), { after });
  const ctx = viewContext(c);
  const view: NotificationGroupView[] = groups.map((g) => ({
    // Those about the person's own account and reports: their own page, under its own heading.
    subjectId: g.subject?.id ?? 'account',
    title: g.subject?.title ?? { text: ctx.t('notifications.account.title') },
    label: g.subject?.label ?? 'notifications.account.label',
    url: g.subject?.url ?? `/people/${viewer.id}`,
    following: g.following,
    items: g.items.map((n) => ({ id: n.id, text: sentence(ctx.t, n), at: n.createdAt, unread: n.readAt === null })),
  }));
  return render(c, <NotificationsPage ctx={ctx} groups={view} {...pageLinks('/notifications', after, next)} />);
});

/** Opens a notification: marks it read and goes to what it is about (at the comment, for a comment). */
notificationsRoutes.get('/notifications/:id', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const deps = c.get('deps');
  const found = await getNotification(deps.db, user.id, notificationId(c.req.param('id')));
  if (!found) throw new NotFoundError('notification');
  if (!found.subjectId) {
    await markNotificationRead(deps, user, found.id);
    return c.redirect(found.href ?? '/notifications', 303);
  }
  const subject = await deps.subjects.get(deps.db, found.subjectId, c.get('locale'));
  if (!subject || !deps.subjects.canView(await requestViewer(c), subject)) throw new NotFoundError('notification');
  await markNotificationRead(deps, user, found.id);
  // Its own link when it has one (a judge's invitation opens the Judging area), else the subject's page.
  return c.redirect(found.href ?? `${subject.url}${found.anchor ? `#${found.anchor}` : ''}`, 303);
});

notificationsRoutes.post('/notifications/:id/read', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, notificationLimit);
  await markNotificationRead(c.get('deps'), user, notificationId(c.req.param('id')));
  return respond(c, { redirect: '/notifications', flash: { kind: 'success', key: 'notifications.done.read' } });
});

notificationsRoutes.post('/notifications/read-all', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, notificationLimit);
  await markAllNotificationsRead(c.get('deps'), user);
  return respond(c, { redirect: '/notifications', flash: { kind: 'success', key: 'notifications.done.allRead' } });
});
