import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, serial, text, uuid } from 'drizzle-orm/pg-core';
import { challenges, topics } from './challenges.js';
import { CONTENT_LANGUAGES, createdAt, ref, timestamptz, tsvector } from './columns.js';
import { subjectId } from './subjects.js';
import { organisations } from './organisations.js';
import { users } from './users.js';

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
/** Where an idea stands (the ideas feature owns the rules; other features read the value). */
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Why an author withdrew their idea (shown on its page, with their explanation). */
export const WITHDRAW_REASONS = ['duplicate', 'no_longer_relevant', 'done_elsewhere', 'other'] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];

export const ideas = pgTable(
  'ideas',
  {
    /** Also the idea's subject id (a trigger inserts the subject row). */
    id: subjectId(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    authorId: ref('author_id', () => users.id, 'set null'),
    /** Set when a partner member submits on behalf of their organisation. */
    organisationId: ref('organisation_id', () => organisations.id, 'set null'),
    status: text('status', { enum: IDEA_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    /** The language its author wrote it in (chosen in the form; their interface language by default): its `lang` on pages, and later search's text configuration (decision 0047). */
    language: text('language', { enum: CONTENT_LANGUAGES }).notNull().default('en'),
    /** Maintained by the voting feature; sorts "most supported". */
    supportCount: integer('support_count').notNull().default(0),
    /** Supports given in the last 7 days: kept by the vote commands, decayed by the trending job; sorts "trending". */
    recentSupport: integer('recent_support').notNull().default(0),
    /** Set when the support count first reaches the challenge's response threshold; cleared by an official response. */
    responseDueAt: timestamptz('response_due_at'),
    /** The first official response. */
    respondedAt: timestamptz('responded_at'),
    /** A random number fixed at creation: the "fair random" order walks it from a per-visitor start. */
    shuffleKey: integer('shuffle_key').notNull().default(sql`floor(random() * 2147483647)::int`),
    createdAt: createdAt(),
    publishedAt: timestamptz('published_at'),
    /** The author confirmed they had read the challenge's rules and rubric (a competition asks: challenges.confirm_rules). */
    rulesConfirmedAt: timestamptz('rules_confirmed_at'),
    editedAt: timestamptz('edited_at'),
    withdrawnAt: timestamptz('withdrawn_at'),
    /** The author's reason for withdrawing (null for ideas withdrawn before reasons were asked). */
    withdrawReason: text('withdraw_reason', { enum: WITHDRAW_REASONS }),
    /** The author's own words about the withdrawal (required with 'other'), plain text. */
    withdrawExplanation: text('withdraw_explanation').notNull().default(''),
    /** Hidden by a moderator (src/features/moderation) under this rule, or held by reports ('held'): out of every list and count, its page a tombstone. */
    hiddenAt: timestamptz('hidden_at'),
    hiddenRule: text('hidden_rule'),
    search: tsvector('search').generatedAlwaysAs(
      (): ReturnType<typeof sql> =>
        sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '')), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')`,
    ),
  },
  // The list indexes hold every idea that has been public (withdrawn ones too, for the "withdrawn"
  // filter); the default list leaves withdrawn and not-taken-forward ideas out with a filter.
  (t) => [
    index('ideas_author_idx').on(t.authorId, t.createdAt.desc().nullsFirst()),
    index('ideas_newest_idx').on(t.challengeId, t.publishedAt.desc().nullsFirst(), t.id).where(sql`status <> 'draft'`),
    index('ideas_supported_idx').on(t.challengeId, t.supportCount.desc().nullsFirst(), t.id).where(sql`status <> 'draft'`),
    index('ideas_trending_idx').on(t.challengeId, t.recentSupport.desc().nullsFirst(), t.id).where(sql`status <> 'draft'`),
    index('ideas_response_due_idx').on(t.challengeId, t.responseDueAt, t.id).where(sql`response_due_at IS NOT NULL`),
    // The fair random order: the ideas in play, and each status on its own, so that a page reads
    // only the rows it shows (no filter walking past other statuses; docs/decisions/0053-…).
    index('ideas_shuffle_idx').on(t.challengeId, t.shuffleKey, t.id).where(sql`status NOT IN ('draft', 'withdrawn', 'not_taken_forward')`),
    index('ideas_shuffle_status_idx').on(t.challengeId, t.status, t.shuffleKey, t.id).where(sql`status <> 'draft'`),
    index('ideas_search_idx').using('gin', t.search),
    index('ideas_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
  ],
);

export const ideaTopics = pgTable(
  'idea_topics',
  {
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    topicId: integer('topic_id').notNull().references(() => topics.id, { onDelete: 'cascade' }),
    /**
     * The idea's challenge and shuffle key, copied when the row is written (neither ever changes),
     * so that idea_topics_shuffle_idx serves the fair random order filtered by a topic.
     */
    challengeId: uuid('challenge_id').notNull(),
    shuffleKey: integer('shuffle_key').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.topicId] }),
    index('idea_topics_topic_idx').on(t.topicId, t.ideaId),
    index('idea_topics_shuffle_idx').on(t.topicId, t.challengeId, t.shuffleKey, t.ideaId),
  ],
);

/** Each edit of a published idea keeps the previous text. */
export const ideaRevisions = pgTable(
  'idea_revisions',
  {
    id: serial('id').primaryKey(),
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    editedAt: timestamptz('edited_at').notNull().defaultNow(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull(),
  },
  (t) => [index('idea_revisions_idea_idx').on(t.ideaId, t.editedAt.desc().nullsFirst())],
);
