import { index, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdAt, ref } from './columns.js';
import { IDEA_STATUSES, ideas } from './ideas.js';
import { organisations } from './organisations.js';
import { users } from './users.js';

/**
 * An official answer on an idea by a member of the challenge's council, under their name and
 * role title as they were when answering; optionally moving the idea to a new status with a
 * reason. The rows with a status change are the idea's status timeline.
 */
export const ideaResponses = pgTable(
  'idea_responses',
  {
    id: serial('id').primaryKey(),
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    authorId: ref('author_id', () => users.id, 'set null'),
    authorName: text('author_name').notNull(),
    roleTitle: text('role_title').notNull().default(''),
    organisationId: ref('organisation_id', () => organisations.id, 'restrict').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    statusFrom: text('status_from', { enum: IDEA_STATUSES }),
    statusTo: text('status_to', { enum: IDEA_STATUSES }),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('idea_responses_idea_idx').on(t.ideaId, t.createdAt, t.id)],
);
