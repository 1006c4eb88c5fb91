import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { events } from '../db/schema/index.js';
import { bumpPages } from '../lib/page-versions.js';
import { enqueueJob, type JobKind, type JobPayloads } from './queue.js';

/**
 * Typed domain events. Each feature declares the events its commands record, with their
 * payloads, by augmenting this interface in its `events.ts`:
 *
 *     declare module '../../jobs/events.js' {
 *       interface EventPayloads { 'comment.post': { commentId: string; parentId: string | null; depth: number } }
 *     }
 *
 * Payloads hold ids and codes only — never people's words or personal data — so an account can
 * be erased without rewriting the record. (docs/decisions/0037-events-and-outbox.md)
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventPayloads {}
export type EventName = keyof EventPayloads;

export type DomainEvent<N extends EventName = EventName> = {
  name: N;
  actorId: string | null;
  /** What the event changed ('comment', 'idea', 'user' …) and its id. */
  entityType: string;
  entityId?: string | null;
  /** The subject it is about (the idea a comment is on), when there is one. */
  subjectId?: string | null;
  payload: EventPayloads[N];
  /**
   * The page scopes the change shows on (src/lib/page-versions.ts): bumped in the same
   * transaction, so the anonymous page cache never serves a page from before it.
   */
  pages?: readonly string[];
};

export type RecordedEvent = { [N in EventName]: DomainEvent<N> & { id: number; occurredAt: Date } }[EventName];

/** What a subscriber's job carries: the event's id. */
export type SubscriberPayload = { eventId: number };
/** Job kinds whose payload is a subscriber's (each feature adds its subscribers' kinds to JobPayloads in its events.ts). */
export type SubscriberJob = { [K in JobKind]: JobPayloads[K] extends SubscriberPayload ? (SubscriberPayload extends JobPayloads[K] ? K : never) : never }[JobKind];

/** A consumer of events: its job kind runs once per event it listens to (src/deps.ts builds the handler). */
export type Subscriber = { job: SubscriberJob; on: readonly EventName[] };

const listeners = new Map<EventName, SubscriberJob[]>();

/** Registers a subscriber's job for its events (src/registry.ts, once per feature at start). */
export function registerSubscriber(s: Subscriber): void {
  for (const name of s.on) {
    const jobs = listeners.get(name) ?? [];
    if (!jobs.includes(s.job)) listeners.set(name, [...jobs, s.job]);
  }
}

/**
 * Records the event in the command's transaction, and queues one job per subscriber listening to
 * it in the same transaction (the jobs table is the outbox): both commit with the change or
 * neither does. Commands pass the platform clock's time (`deps.clock.now()`), so an event — and
 * the notifications dated by it — reads the same moment as the change (the demo writes its story
 * in the past); without it, the database's clock.
 */
export async function recordEvent<N extends EventName>(tx: Db, event: DomainEvent<N>, occurredAt?: Date): Promise<number> {
  const [row] = await tx
    .insert(events)
    .values({
      name: event.name,
      actorId: event.actorId,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      subjectId: event.subjectId ?? null,
      payload: event.payload as Record<string, unknown>,
      ...(occurredAt ? { occurredAt } : {}),
    })
    .returning({ id: events.id });
  const id = row!.id;
  for (const job of listeners.get(event.name) ?? []) await enqueueJob(tx, job, { eventId: id }, { dedupeKey: `${job}:${id}` });
  if (event.pages) await bumpPages(tx, event.pages);
  return id;
}

/**
 * Queues an event's subscribers once more, under another dedupe key (`tag`): for content that
 * was held for a moderator when it was posted and is now approved, so that what it would have
 * announced then (a new comment to the idea's followers) goes out now. Subscribers check at
 * delivery what they may tell, and a person is told of an event once (notifications_user_event_key).
 */
export async function replayEvent(tx: Db, eventId: number, tag: string): Promise<void> {
  const [row] = await tx.select({ name: events.name }).from(events).where(eq(events.id, eventId)).limit(1);
  if (!row) return;
  for (const job of listeners.get(row.name as EventName) ?? []) await enqueueJob(tx, job, { eventId }, { dedupeKey: `${job}:${eventId}:${tag}` });
}

/** A recorded event by id (a subscriber's job loads what it was queued for), or null. */
export async function loadEvent(db: Db, id: number): Promise<RecordedEvent | null> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).limit(1);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name as EventName,
    actorId: row.actorId,
    entityType: row.entityType,
    entityId: row.entityId,
    subjectId: row.subjectId,
    payload: row.payload,
    occurredAt: row.occurredAt,
  } as RecordedEvent;
}

/** The payload of an event that needs none (what happened is said by its name and entity). */
export type NoPayload = Record<string, never>;
