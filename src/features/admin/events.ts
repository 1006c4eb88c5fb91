/** The events the admin commands record. */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'job.retry': { kind: string };
    /** An admin ended every session of an account (`ended`: how many there were). */
    'admin.end_sessions': { ended: number };
  }
}
export {};
