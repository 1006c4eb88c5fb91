import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.js';
import { users } from './users.js';

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The shared tag vocabulary for challenges and ideas. */
export const topics = pgTable('topics', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  nameEn: text('name_en').notNull(),
  nameFr: text('name_fr').notNull(),
});

/**
 * A council's challenge. `status` is the editorial state (draft → published → archived); the
 * phase people see (open for ideas, voting, judging, results, closed) is derived from the dates
 * and `closedEarlyAt`.
 */
export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ['draft', 'published', 'archived'] }).notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    brief: text('brief').notNull().default(''),
    briefHtml: text('brief_html').notNull().default(''),
    rules: text('rules').notNull().default(''),
    prize: text('prize').notNull().default(''),
    titleFr: text('title_fr'),
    summaryFr: text('summary_fr'),
    briefFr: text('brief_fr'),
    briefFrHtml: text('brief_fr_html'),
    submissionsOpenAt: timestamp('submissions_open_at', { withTimezone: true }).notNull(),
    submissionsCloseAt: timestamp('submissions_close_at', { withTimezone: true }).notNull(),
    votingOpenAt: timestamp('voting_open_at', { withTimezone: true }),
    votingCloseAt: timestamp('voting_close_at', { withTimezone: true }),
    judgingCloseAt: timestamp('judging_close_at', { withTimezone: true }),
    resultsAt: timestamp('results_at', { withTimezone: true }),
    /** How many ideas one person may support in this challenge (enforced by voting). */
    voteBudget: integer('vote_budget').notNull().default(5),
    /** Whether an idea's author may support their own idea. */
    selfSupport: boolean('self_support').notNull().default(false),
    /** Support counts (and rankings by support) are shown only to staff until voting closes. */
    hideCounts: boolean('hide_counts').notNull().default(false),
    /** "Respond within responseDays days to ideas with at least responseThreshold supports" (both or neither). */
    responseDays: integer('response_days'),
    responseThreshold: integer('response_threshold'),
    /** Shown above the comment form; empty → the platform's guidelines. */
    commentPolicy: text('comment_policy').notNull().default(''),
    commentPolicyFr: text('comment_policy_fr'),
    closedEarlyAt: timestamp('closed_early_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Published (not draft, not withdrawn) ideas; maintained by the idea commands. */
    ideaCount: integer('idea_count').notNull().default(0),
    /** Distinct authors of those ideas; recounted by the idea commands when a publish or withdrawal changes it. */
    participantCount: integer('participant_count').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      (): ReturnType<typeof sql> =>
        sql`setweight(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(title_fr, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '') || ' ' || coalesce(summary_fr, '')), 'B') || setweight(to_tsvector('simple', coalesce(brief, '') || ' ' || coalesce(brief_fr, '')), 'C')`,
    ),
  },
  (t) => [
    // Scanned backwards for "newest first" (created_at DESC, id DESC).
    index('challenges_org_idx').on(t.organisationId, t.createdAt, t.id),
    index('challenges_closing_idx').on(t.submissionsCloseAt, t.id).where(sql`status = 'published'`),
    index('challenges_newest_idx').on(t.publishedAt.desc().nullsFirst(), t.id).where(sql`status <> 'draft'`),
    index('challenges_ideas_idx').on(t.ideaCount.desc().nullsFirst(), t.id).where(sql`status <> 'draft'`),
    index('challenges_search_idx').using('gin', t.search),
  ],
);

export const challengeTopics = pgTable(
  'challenge_topics',
  {
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.topicId] }), index('challenge_topics_topic_idx').on(t.topicId, t.challengeId)],
);

/** Each edit of a published challenge: who, when, and the values before it (visible to staff). */
export const challengeRevisions = pgTable(
  'challenge_revisions',
  {
    id: serial('id').primaryKey(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    editedBy: uuid('edited_by').references(() => users.id, { onDelete: 'set null' }),
    editedAt: timestamp('edited_at', { withTimezone: true }).notNull().defaultNow(),
    /** Field name → previous value, for the fields that changed. */
    before: jsonb('before').notNull(),
  },
  (t) => [index('challenge_revisions_challenge_idx').on(t.challengeId, t.editedAt, t.id)],
);

export const IDEA_STATUSES = [
  'draft',
  'submitted',
  'under_consideration',
  'shortlisted',
  'accepted',
  'in_progress',
  'implemented',
  'not_taken_forward',
  'withdrawn',
] as const;

export const ideas = pgTable(
  'ideas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Set when a partner member submits on behalf of their organisation. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    status: text('status', { enum: IDEA_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    /** Maintained by the voting feature; sorts "most supported". */
    supportCount: integer('support_count').notNull().default(0),
    /** Supports given in the last 7 days: kept by the vote commands, decayed by the trending job; sorts "trending". */
    recentSupport: integer('recent_support').notNull().default(0),
    /** Comments not deleted; maintained by the comments feature. */
    commentCount: integer('comment_count').notNull().default(0),
    /** Set when the support count first reaches the challenge's response threshold; cleared by an official response. */
    responseDueAt: timestamp('response_due_at', { withTimezone: true }),
    /** The first official response. */
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    /** A random number fixed at creation: the "fair random" order walks it from a per-visitor start. */
    shuffleKey: integer('shuffle_key').notNull().default(sql`floor(random() * 2147483647)::int`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    search: tsvector('search').generatedAlwaysAs(
      (): ReturnType<typeof sql> =>
        sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '')), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')`,
    ),
  },
  (t) => [
    index('ideas_author_idx').on(t.authorId, t.createdAt.desc().nullsFirst()),
    index('ideas_newest_idx').on(t.challengeId, t.publishedAt.desc().nullsFirst(), t.id).where(sql`status NOT IN ('draft', 'withdrawn')`),
    index('ideas_supported_idx').on(t.challengeId, t.supportCount.desc().nullsFirst(), t.id).where(sql`status NOT IN ('draft', 'withdrawn')`),
    index('ideas_trending_idx').on(t.challengeId, t.recentSupport.desc().nullsFirst(), t.id).where(sql`status NOT IN ('draft', 'withdrawn')`),
    index('ideas_response_due_idx').on(t.challengeId, t.responseDueAt, t.id).where(sql`response_due_at IS NOT NULL`),
    index('ideas_shuffle_idx').on(t.challengeId, t.shuffleKey, t.id).where(sql`status NOT IN ('draft', 'withdrawn')`),
    index('ideas_search_idx').using('gin', t.search),
    index('ideas_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
  ],
);

export const ideaTopics = pgTable(
  'idea_topics',
  {
    ideaId: uuid('idea_id')
      .notNull()
      .references(() => ideas.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.topicId] }), index('idea_topics_topic_idx').on(t.topicId, t.ideaId)],
);

/** Each edit of a published idea keeps the previous text. */
export const ideaRevisions = pgTable(
  'idea_revisions',
  {
    id: serial('id').primaryKey(),
    ideaId: uuid('idea_id')
      .notNull()
      .references(() => ideas.id, { onDelete: 'cascade' }),
    editedAt: timestamp('edited_at', { withTimezone: true }).notNull().defaultNow(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull(),
  },
  (t) => [index('idea_revisions_idea_idx').on(t.ideaId, t.editedAt.desc().nullsFirst())],
);

/** Guards against a form submitted twice: one key per form render. */
export const submissionKeys = pgTable(
  'submission_keys',
  {
    key: text('key').primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('submission_keys_created_idx').on(t.createdAt)],
);
