import { boolean, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, timestamptz } from './columns.js';
import { users } from './users.js';

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    kind: text('kind', { enum: ['council', 'partner'] }).notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull().default(''),
    website: text('website'),
    verified: boolean('verified').notNull().default(false),
    /** Where reports that someone may be at risk go at once (a council's designated safeguarding contact). */
    safeguardingEmail: text('safeguarding_email'),
    /** Its staff must use a second factor (set by an owner). */
    requireSecondFactor: boolean('require_second_factor').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organisations_slug_key').on(t.slug), index('organisations_name_idx').on(t.name, t.id)],
);

export const memberships = pgTable(
  'memberships',
  {
    organisationId: ref('organisation_id', () => organisations.id, 'cascade').notNull(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    /** Public role title, e.g. "Digital engagement officer". */
    title: text('title').notNull().default(''),
    listedPublicly: boolean('listed_publicly').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('memberships_user_id_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    organisationId: ref('organisation_id', () => organisations.id, 'cascade').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    title: text('title').notNull().default(''),
    invitedBy: ref('invited_by', () => users.id, 'set null'),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedBy: ref('accepted_by', () => users.id, 'set null'),
    revokedAt: timestamptz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_organisation_id_idx').on(t.organisationId, t.createdAt)],
);
