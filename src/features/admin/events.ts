/** The event the admin commands record. */
declare module '../../lib/events.js' {
  interface EventPayloads {
    'job.retry': { kind: string };
  }
}
export {};
