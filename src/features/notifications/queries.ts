import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, follows, notifications, users } from '../../db/schema/index.js';
import type { Locale } from '../../i18n/index.js';
import type { Deps } from '../../lib/deps.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import type { Subject, Viewer } from '../../lib/subjects.js';

export const NOTIFICATIONS_PAGE = 30;

export type NotificationRow = {
  id: number;
  message: string;
  params: Record<string, string | number>;
  reason: string;
  createdAt: Date;
  readAt: Date | null;
  actorName: string | null;
  /** Where it happened on the subject's page (a comment's anchor), when it was a comment. */
  anchor: string | null;
};

/** A subject's notifications; `subject` null: those about the person's own account and reports (a decision on a profile). */
export type NotificationGroup = { subject: Subject | null; following: boolean; items: NotificationRow[] };

/**
 * One page of a person's notifications, newest first, grouped by subject (groups in the order of
 * their newest notification). Three queries plus one per subject kind on the page, whatever its
 * length. A notification about something this person may no longer see (a challenge back to
 * draft) is left out: the subject's canView is asked again at display.
 */
export async function listNotifications(
  deps: Pick<Deps, 'db' | 'subjects'>,
  viewer: NonNullable<Viewer>,
  locale: Locale,
  options: { after?: string | undefined; limit?: number } = {},
): Promise<{ groups: NotificationGroup[]; next: string | null }> {
  const { db, subjects } = deps;
  const limit = Math.min(Math.max(1, options.limit ?? NOTIFICATIONS_PAGE), 100);
  const before = options.after ? decodeCursor(options.after, ['int'])[0] : undefined;
  const rows = await db
    .select({
      id: notifications.id,
      subjectId: notifications.subjectId,
      message: notifications.message,
      params: notifications.params,
      reason: notifications.reason,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      actorName: users.displayName,
      entityType: events.entityType,
      entityId: events.entityId,
    })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .leftJoin(users, eq(users.id, events.actorId))
    .where(and(eq(notifications.userId, viewer.id), before !== undefined ? lt(notifications.id, before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const { items, next } = page(rows, limit, (r) => [r.id], (r) => r);
  const subjectIds = [...new Set(items.flatMap((r) => (r.subjectId ? [r.subjectId] : [])))];
  const found = await subjects.load(db, subjectIds, locale);
  const followed = subjectIds.length
    ? new Set((await db.select({ id: follows.subjectId }).from(follows).where(and(eq(follows.userId, viewer.id), inArray(follows.subjectId, subjectIds)))).map((r) => r.id))
    : new Set<string>();
  const groups = new Map<string, NotificationGroup>();
  for (const r of items) {
    const subject = r.subjectId ? found.get(r.subjectId) : null;
    if (subject === undefined || (subject && !subjects.canView(viewer, subject))) continue;
    const key = subject?.id ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { subject, following: subject ? followed.has(subject.id) : false, items: [] }));
    group.items.push({
      id: r.id,
      message: r.message,
      params: r.params as Record<string, string | number>,
      reason: r.reason,
      createdAt: r.createdAt,
      readAt: r.readAt,
      actorName: r.actorName,
      anchor: r.entityType === 'comment' && r.entityId ? `comment-${r.entityId}` : null,
    });
  }
  return { groups: [...groups.values()], next };
}

/** One of the person's notifications with where it leads (null when not theirs or unknown); `href`: its own link (a subject-less one's, a judge's). */
export async function getNotification(db: Db, userId: string, id: number): Promise<{ id: number; subjectId: string | null; anchor: string | null; href: string | null } | null> {
  const [row] = await db
    .select({ id: notifications.id, subjectId: notifications.subjectId, params: notifications.params, entityType: events.entityType, entityId: events.entityId })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .limit(1);
  if (!row) return null;
  const href = (row.params as Record<string, unknown>)['href'];
  return {
    id: row.id,
    subjectId: row.subjectId,
    anchor: row.entityType === 'comment' && row.entityId ? `comment-${row.entityId}` : null,
    // Only a path of this site (a profile's page, the Judging area), never elsewhere.
    href: typeof href === 'string' && /^\/[a-z]/.test(href) ? href : null,
  };
}
