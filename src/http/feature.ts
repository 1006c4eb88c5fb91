import type { Hono } from 'hono';
import type { MessageCatalogue } from '../i18n/index.js';
import type { JobDefinitions } from '../jobs/queue.js';
import type { Schedule } from '../jobs/schedule.js';
import type { Deps } from '../lib/deps.js';
import type { EventName, RecordedEvent, SubscriberJob } from '../jobs/events.js';
import type { SubjectKind } from '../lib/subjects.js';
import type { ReportableKind } from '../lib/reportables.js';
import type { RateLimit } from '../lib/rate-limit.js';
import type { AppEnv } from './context.js';

/**
 * How a feature plugs into the platform: everything it brings, declared once in its index.ts
 * and listed once in src/registry.ts. The app mounts the routes, the job worker runs the jobs and
 * schedules, the rate limiters and the message catalogue are built from what features declare —
 * nothing else lists them.
 */
export type Feature = {
  name: string;
  /** Answered before sessions, the body limit and CSRF checks: static files and health checks only. */
  earlyRoutes?: Hono<AppEnv>;
  /** A Hono sub-app mounted at `/` behind the session, body-limit and CSRF middleware. */
  routes?: Hono<AppEnv>;
  /** English and French messages (the English file also adds its keys to MessageKey). */
  messages?: MessageCatalogue;
  /** Rate limits the feature's routes apply. */
  rateLimits?: readonly RateLimit[];
  /**
   * Background job kinds, each a defineJob({ payload, handle }) under its kind; the kind and its
   * payload type are added to JobPayloads (src/jobs/queue.ts) by module augmentation.
   */
  jobs?: JobDefinitions;
  /** Jobs (of kinds above) the worker queues by itself, once per period, whatever the number of instances and after downtime. */
  schedules?: readonly Schedule[];
  /** Kinds of subject the feature owns (discussed, followed, notified about: src/lib/subjects.ts). */
  subjects?: readonly SubjectKind[];
  /** Kinds of content the feature owns that people can report and moderators decide on (src/lib/reportables.ts). */
  reportables?: readonly ReportableKind[];
  /** Consumers of events: each runs as its own job (kind `job`) once per event it listens to. */
  subscribers?: readonly EventSubscriber[];
};

/** A feature's consumer of domain events (src/jobs/events.ts), run by the job worker with retries. */
export type EventSubscriber = {
  /** Its job kind, declared in JobPayloads with a SubscriberPayload (in the feature's events.ts). */
  job: SubscriberJob;
  on: readonly EventName[];
  handle: (deps: Deps) => (event: RecordedEvent) => Promise<void>;
};

/** Declares a feature (the identity function: it only checks the shape). */
export const defineFeature = (feature: Feature): Feature => feature;
