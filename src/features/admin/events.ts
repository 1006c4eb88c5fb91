/** The event the admin commands record. */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'job.retry': { kind: string };
  }
}
export {};
