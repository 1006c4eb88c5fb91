import { inArray } from 'drizzle-orm';
import { follows, notifications } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../lib/deps.js';
import type { RecordedEvent } from '../../jobs/events.js';
import { viewersOf } from '../organisations/index.js';

/** Why a person hears of an event; the first that applies wins (moderation over judging over reply over author over follower). */
export const REASONS = ['moderation', 'judging', 'reply', 'author', 'follower'] as const;
export type Reason = (typeof REASONS)[number];

/**
 * What a notification says: a message key of the producing feature and its parameters — codes,
 * ids and message keys only (a value that is a message key is translated at display), never
 * people's words. The actor's name is added at display (`{actor}`), from the event.
 */
export type Notice = { message: MessageKey; params?: Record<string, string | number> };

/** Who hears of an event, and what each is told. */
export type Audience = {
  /** Named people (the author of the comment replied to; the reporters and the author told of a moderation decision; a judge). */
  people?: readonly { userId: string | null; reason: 'reply' | 'moderation' | 'judging' }[];
  /** The subject's owners (an idea's author). */
  owners?: boolean;
  /** Followers of these subjects (the idea, and for an official response also its challenge). */
  followersOf?: readonly string[];
  /** The event is about the subject's discussion: told only while the subject shows it (not a withdrawn idea's). */
  discussion?: boolean;
  /** What each is told; a reason without a notice is not told. */
  notice: Partial<Record<Reason, Notice>>;
};

const CHUNK = 1000;

/**
 * The notifications subscriber's delivery: one row per person in the audience, except the
 * person who acted, and only for people who may see the subject now (its kind's canView, with
 * each person as a viewer). Idempotent: a retried job inserts nothing twice (one row per person
 * and event). Returns how many were delivered.
 *
 * An event without a subject (a decision on a profile) is told to the named people only, as a
 * notification about their own account and reports (`subject_id` null): owners, followers and
 * discussions belong to subjects.
 */
export async function notify(deps: Pick<Deps, 'db' | 'subjects'>, event: RecordedEvent, audience: Audience): Promise<number> {
  const { db, subjects } = deps;
  if (!event.subjectId) return deliver(db, event, null, named(event, audience.people ?? []), audience);
  const subject = await subjects.get(db, event.subjectId, 'en');
  if (!subject) return 0;
  if (audience.discussion && !subject.discussionShown) return 0;

  const reasons = new Map<string, Reason>();
  const add = (userId: string | null, reason: Reason) => {
    if (!userId || userId === event.actorId) return;
    const had = reasons.get(userId);
    if (!had || REASONS.indexOf(reason) < REASONS.indexOf(had)) reasons.set(userId, reason);
  };
  for (const p of audience.people ?? []) add(p.userId, p.reason);
  if (audience.owners) for (const id of subject.ownerIds) add(id, 'author');
  if (audience.followersOf?.length) {
    const rows = await db.select({ userId: follows.userId }).from(follows).where(inArray(follows.subjectId, [...audience.followersOf]));
    for (const r of rows) add(r.userId, 'follower');
  }

  let recipients = [...reasons.keys()];
  if (!subjects.canView(null, subject)) {
    // Not public (a draft): only those who may see it as themselves.
    const allowed: string[] = [];
    for (let i = 0; i < recipients.length; i += CHUNK) {
      const viewers = await viewersOf(db, recipients.slice(i, i + CHUNK));
      for (const v of viewers.values()) if (subjects.canView(v, subject)) allowed.push(v.id);
    }
    recipients = allowed;
  }

  return deliver(db, event, subject.id, reasons, audience, recipients);
}


/** The named people of an audience, each with their reason (never the actor). */
function named(event: RecordedEvent, people: NonNullable<Audience['people']>): Map<string, Reason> {
  const reasons = new Map<string, Reason>();
  for (const p of people) if (p.userId && p.userId !== event.actorId && !reasons.has(p.userId)) reasons.set(p.userId, p.reason);
  return reasons;
}

/** One row per recipient told something (their reason has a notice), CHUNK at a time; how many were new. */
async function deliver(db: Db, event: RecordedEvent, subjectId: string | null, reasons: Map<string, Reason>, audience: Audience, recipients = [...reasons.keys()]): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < recipients.length; i += CHUNK) {
    const rows = recipients.slice(i, i + CHUNK).flatMap((userId) => {
      const notice = audience.notice[reasons.get(userId)!];
      return notice ? [{ userId, eventId: event.id, subjectId, reason: reasons.get(userId)!, message: notice.message, params: notice.params ?? {}, createdAt: event.occurredAt }] : [];
    });
    if (rows.length === 0) continue;
    const inserted = await db
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing({ target: [notifications.userId, notifications.eventId] })
      .returning({ id: notifications.id });
    delivered += inserted.length;
  }
  return delivered;
}
