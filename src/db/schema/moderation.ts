import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, timestamptz } from './columns.js';
import { organisations } from './organisations.js';
import { subjects } from './subjects.js';
import { users } from './users.js';

/** Why people report something; the first six are also the guidelines' numbered rules (src/features/moderation/rules.ts). */
export const REPORT_REASONS = ['spam', 'abuse', 'hate', 'personal', 'offTopic', 'illegal', 'atRisk'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * Where an item stands in the queue: waiting for a decision (pending; held: hidden meanwhile by
 * reports from several trusted people; appealed: hidden, its author asked for a review), or what
 * the last decision was.
 */
export const MODERATION_STATES = ['pending', 'held', 'dismissed', 'hidden', 'appealed', 'restored'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

/**
 * One row per reported thing (an idea, a comment, a person's profile …: `target_kind` names its
 * reportable kind, src/lib/reportables.ts): the queue is a page of this table, whatever the number
 * of reports behind it. The reports' reasons are counted here in the report's transaction, and the
 * content is kept as it was when first reported (`snapshot`: title and text), so an edit after the
 * report cannot hide what was reported. (docs/decisions/0058-reports-and-one-queue.md)
 */
export const moderationItems = pgTable(
  'moderation_items',
  {
    id: id(),
    targetKind: text('target_kind').notNull(),
    targetId: uuid('target_id').notNull(),
    /** The subject it belongs to (the idea a comment is on), for links and notifications. */
    subjectId: ref('subject_id', () => subjects.id, 'set null'),
    /** The organisation whose moderators may decide (a challenge's council), or null: platform moderators only. */
    organisationId: ref('organisation_id', () => organisations.id, 'set null'),
    /** Whose content it is (a moderator never decides on their own). */
    authorId: ref('author_id', () => users.id, 'set null'),
    state: text('state', { enum: MODERATION_STATES }).notNull().default('pending'),
    /** Reports not yet answered by a decision, and all reports ever. */
    openReports: integer('open_reports').notNull().default(0),
    totalReports: integer('total_reports').notNull().default(0),
    /** Open reports per reason ({ spam: 2, abuse: 1 }). */
    reasonCounts: jsonb('reason_counts').$type<Partial<Record<ReportReason, number>>>().notNull().default({}),
    /** An open report says someone may be at risk: never dismissed without a recorded decision, shown first. */
    atRisk: boolean('at_risk').notNull().default(false),
    /** The content as it was first reported: { title, body } in plain text. */
    snapshot: jsonb('snapshot').$type<{ title: string; body: string }>().notNull(),
    firstReportedAt: timestamptz('first_reported_at').notNull(),
    lastReportedAt: timestamptz('last_reported_at').notNull(),
    /** The last decision: by whom, when, under which rule. */
    decidedAt: timestamptz('decided_at'),
    decidedBy: ref('decided_by', () => users.id, 'set null'),
    rule: text('rule'),
    /** Why it waits for a moderator without (or before) reports: pre-moderation, or links from a new account; null otherwise. */
    holdReason: text('hold_reason', { enum: ['premoderation', 'newAccountLinks'] }),
    /** The author asked for a review (once), and why. */
    appealedAt: timestamptz('appealed_at'),
    appealNote: text('appeal_note').notNull().default(''),
    /** Its words were erased (hidden past the retention period): the snapshot is empty, and so is the content. */
    erasedAt: timestamptz('erased_at'),
  },
  (t) => [
    uniqueIndex('moderation_items_target_key').on(t.targetKind, t.targetId),
    index('moderation_items_newest_idx').on(t.state, t.lastReportedAt.desc().nullsFirst(), t.id),
    index('moderation_items_most_idx').on(t.state, t.openReports.desc().nullsFirst(), t.lastReportedAt.desc().nullsFirst(), t.id),
    index('moderation_items_org_idx').on(t.organisationId, t.state, t.lastReportedAt.desc().nullsFirst(), t.id),
    index('moderation_items_decided_idx').on(t.decidedAt.desc().nullsFirst(), t.id).where(sql`state NOT IN ('pending', 'held', 'appealed')`),
    index('moderation_items_author_idx').on(t.authorId, t.decidedAt.desc().nullsFirst()).where(sql`decided_at IS NOT NULL`),
    index('moderation_items_appealed_idx').on(t.appealedAt).where(sql`appealed_at IS NOT NULL`),
    index('moderation_items_erase_idx').on(t.decidedAt).where(sql`state = 'hidden' AND erased_at IS NULL`),
  ],
);

/** Every moderation decision, kept: who, when, what, under which rule, and why. The author's history is read from here. */
export const moderationDecisions = pgTable(
  'moderation_decisions',
  {
    id: id(),
    itemId: ref('item_id', () => moderationItems.id, 'cascade').notNull(),
    moderatorId: ref('moderator_id', () => users.id, 'set null'),
    action: text('action', { enum: ['dismiss', 'hide', 'restore', 'uphold', 'suspend', 'lift', 'trust'] }).notNull(),
    rule: text('rule'),
    /** The moderator's reasons, plain text (shown to moderators; the author reads the rule and the message). */
    note: text('note').notNull().default(''),
    /** What the author is told (hide only), plain text. */
    message: text('message').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('moderation_decisions_item_idx').on(t.itemId, t.createdAt), index('moderation_decisions_created_idx').on(t.createdAt)],
);

/**
 * A person's report of an item: one open report per person and item (a second press is told when
 * they reported it). A decision on the item answers (closes) its open reports.
 */
export const reports = pgTable(
  'reports',
  {
    id: id(),
    itemId: ref('item_id', () => moderationItems.id, 'cascade').notNull(),
    reporterId: ref('reporter_id', () => users.id, 'cascade').notNull(),
    reason: text('reason', { enum: REPORT_REASONS }).notNull(),
    /** The reporter's own words (optional; required for "illegal"), plain text. */
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    /** When a decision answered it, and which (the reporter is told the outcome). */
    closedAt: timestamptz('closed_at'),
    decisionId: ref('decision_id', () => moderationDecisions.id, 'set null'),
  },
  (t) => [
    uniqueIndex('reports_open_key').on(t.itemId, t.reporterId).where(sql`closed_at IS NULL`),
    index('reports_item_idx').on(t.itemId, t.createdAt),
    index('reports_reporter_idx').on(t.reporterId, t.createdAt.desc().nullsFirst()),
    index('reports_decision_idx').on(t.decisionId).where(sql`decision_id IS NOT NULL`),
    index('reports_created_idx').on(t.createdAt),
  ],
);

