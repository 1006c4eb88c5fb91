import type { NoPayload } from '../../lib/events.js';

/** The events the comment commands record (entity: the comment; subject: what it is on). */
declare module '../../lib/events.js' {
  interface EventPayloads {
    'comment.post': { parentId: string | null; depth: number };
    'comment.edit': NoPayload;
    'comment.delete': NoPayload;
  }
}
