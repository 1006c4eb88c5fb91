import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { createdAt, ref, timestamptz, tsvector } from './columns.js';
import { subjectId } from './subjects.js';
import { organisations } from './organisations.js';
import { users } from './users.js';

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
    /** Also the challenge's subject id (a trigger inserts the subject row). */
    id: subjectId(),
    organisationId: ref('organisation_id', () => organisations.id, 'restrict').notNull(),
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
    submissionsOpenAt: timestamptz('submissions_open_at').notNull(),
    submissionsCloseAt: timestamptz('submissions_close_at').notNull(),
    votingOpenAt: timestamptz('voting_open_at'),
    votingCloseAt: timestamptz('voting_close_at'),
    judgingCloseAt: timestamptz('judging_close_at'),
    resultsAt: timestamptz('results_at'),
    /** How many ideas one person may support in this challenge (enforced by voting). */
    voteBudget: integer('vote_budget').notNull().default(5),
    /** Whether an idea's author may support their own idea. */
    selfSupport: boolean('self_support').notNull().default(false),
    /** Support counts (and rankings by support) are shown only to staff until voting closes. */
    hideCounts: boolean('hide_counts').notNull().default(false),
    /** New ideas (and, with 'ideasAndComments', comments) wait for a moderator before they appear (src/features/moderation). */
    premoderation: text('premoderation', { enum: ['off', 'ideas', 'ideasAndComments'] }).notNull().default('off'),
    /** Entrants confirm they have read the rules and the judging rubric when they submit (a competition's setting). */
    confirmRules: boolean('confirm_rules').notNull().default(false),
    /** "Respond within responseDays days to ideas with at least responseThreshold supports" (both or neither). */
    responseDays: integer('response_days'),
    responseThreshold: integer('response_threshold'),
    /** Shown above the comment form; empty → the platform's guidelines. */
    commentPolicy: text('comment_policy').notNull().default(''),
    commentPolicyFr: text('comment_policy_fr'),
    closedEarlyAt: timestamptz('closed_early_at'),
    publishedAt: timestamptz('published_at'),
    archivedAt: timestamptz('archived_at'),
    /** Published (not draft, not withdrawn) ideas; maintained by the idea commands. */
    ideaCount: integer('idea_count').notNull().default(0),
    /** Distinct authors of those ideas; recounted by the idea commands when a publish or withdrawal changes it. */
    participantCount: integer('participant_count').notNull().default(0),
    createdBy: ref('created_by', () => users.id, 'set null'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
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
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    topicId: integer('topic_id').notNull().references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.topicId] }), index('challenge_topics_topic_idx').on(t.topicId, t.challengeId)],
);

/** Each edit of a published challenge: who, when, and the values before it (visible to staff). */
export const challengeRevisions = pgTable(
  'challenge_revisions',
  {
    id: serial('id').primaryKey(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    editedBy: ref('edited_by', () => users.id, 'set null'),
    editedAt: timestamptz('edited_at').notNull().defaultNow(),
    /** Field name → previous value, for the fields that changed. */
    before: jsonb('before').notNull(),
  },
  (t) => [index('challenge_revisions_challenge_idx').on(t.challengeId, t.editedAt, t.id)],
);

