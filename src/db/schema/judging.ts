import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, timestamptz } from './columns.js';
import { challenges } from './challenges.js';
import { ideas } from './ideas.js';
import { users } from './users.js';

/**
 * The scales a criterion is scored on (minimum and maximum, whole numbers): what the rubric form
 * offers, and what the arithmetic scales to 0–100 (src/features/judging/aggregate.ts).
 */
export const SCALES = { '1-5': [1, 5], '0-10': [0, 10], '1-10': [1, 10] } as const satisfies Record<string, readonly [number, number]>;
export type ScaleKey = keyof typeof SCALES;

/**
 * One criterion of a challenge's judging rubric (issue 13, point 1): public with the challenge
 * from its publication, so entrants know how they will be judged before they submit. Its words in
 * English and, optionally, French; its weight (1–100: shares of the total); its scale; whether
 * judges must explain their score. Ordered by `position`.
 */
export const rubricCriteria = pgTable(
  'rubric_criteria',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    nameFr: text('name_fr'),
    description: text('description').notNull().default(''),
    descriptionFr: text('description_fr'),
    /** For judges only: how to read the criterion. */
    guidance: text('guidance').notNull().default(''),
    guidanceFr: text('guidance_fr'),
    weight: integer('weight').notNull(),
    scaleMin: integer('scale_min').notNull(),
    scaleMax: integer('scale_max').notNull(),
    commentRequired: boolean('comment_required').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('rubric_criteria_challenge_idx').on(t.challengeId, t.position)],
);

/** How judges' scores are normalised against harsh and lenient judges (src/features/judging/aggregate.ts). */
export const NORMALISATIONS = ['none', 'minmax', 'z'] as const;

/**
 * A challenge's judging method (issue 13, decision 0060), published with its rubric: the
 * people's-choice weight w (a percentage: 0 without a vote), the normalisation, whether judges
 * review blind (no author names in the judging area), whether the panel's names are published
 * with the results. One row per challenge once set; none: the defaults.
 */
export const judgingSettings = pgTable('judging_settings', {
  challengeId: ref('challenge_id', () => challenges.id, 'cascade').primaryKey(),
  peopleWeight: integer('people_weight').notNull().default(0),
  normalisation: text('normalisation', { enum: NORMALISATIONS }).notNull().default('none'),
  blindReview: boolean('blind_review').notNull().default(false),
  publishPanel: boolean('publish_panel').notNull().default(false),
  /** Closed by staff before the judging close date (scores can no longer change). */
  panelClosedAt: timestamptz('panel_closed_at'),
  /** The one deliberate announcement (point 6), and the results as announced (corrections replace them). */
  announcedAt: timestamptz('announced_at'),
  announcedBy: ref('announced_by', () => users.id, 'set null'),
  results: jsonb('results'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/**
 * An invitation to judge one challenge (issue 13, point 2): the organisations' invitation flow,
 * scoped to a challenge. Its link names it by id (decision 0068): only the signed-in account of
 * the invited address, confirmed, can accept it; it works for 7 days, once, and only the newest
 * invitation to an address works.
 */
export const judgeInvitations = pgTable(
  'judge_invitations',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    email: text('email').notNull(),
    invitedBy: ref('invited_by', () => users.id, 'set null'),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedBy: ref('accepted_by', () => users.id, 'set null'),
    revokedAt: timestamptz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('judge_invitations_challenge_idx').on(t.challengeId, t.createdAt)],
);

/**
 * A member of a challenge's judging panel: joined by accepting an invitation and the
 * confidentiality statement. Removed by staff with a reason: the row stays (their scores stay in
 * the record and leave the totals).
 */
export const judges = pgTable(
  'judges',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    /** When they accepted the confidentiality statement (joining needs it). */
    confidentialityAt: timestamptz('confidentiality_at').notNull(),
    removedAt: timestamptz('removed_at'),
    removedBy: ref('removed_by', () => users.id, 'set null'),
    removedReason: text('removed_reason'),
    /** The last reminder of the judging deadline sent to them (one per deadline). */
    remindedAt: timestamptz('reminded_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('judges_challenge_user_key').on(t.challengeId, t.userId), index('judges_user_idx').on(t.userId)],
);

/**
 * An idea on a challenge's shortlist (point 3). Shortlisting waits for voting to close, so the
 * ideas' support counts are frozen (only supports set aside still lower them, until the results
 * are announced with the counts of that moment).
 */
export const shortlist = pgTable(
  'shortlist',
  {
    ideaId: ref('idea_id', () => ideas.id, 'cascade').primaryKey(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    addedBy: ref('added_by', () => users.id, 'set null'),
    createdAt: createdAt(),
  },
  (t) => [index('shortlist_challenge_idx').on(t.challengeId, t.ideaId)],
);

/** An idea staff found ineligible under the challenge's rules (not "not taken forward"), with the reason its author sees. */
export const ineligibleIdeas = pgTable(
  'ineligible_ideas',
  {
    ideaId: ref('idea_id', () => ideas.id, 'cascade').primaryKey(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    reason: text('reason').notNull(),
    decidedBy: ref('decided_by', () => users.id, 'set null'),
    createdAt: createdAt(),
  },
  (t) => [index('ineligible_ideas_challenge_idx').on(t.challengeId)],
);

export const CONFLICTS = ['none', 'declared', 'automatic'] as const;
export const SCORE_STATES = ['todo', 'draft', 'submitted'] as const;

/**
 * One shortlisted idea assigned to one judge, and everything the judge does with it (point 4): the
 * conflict of interest declared before scoring (or found automatically), the score per criterion
 * and comments, private notes, draft until submitted. `version` grows with each save: a save
 * from an older form is refused (two tabs).
 */
export const judgeAssignments = pgTable(
  'judge_assignments',
  {
    judgeId: ref('judge_id', () => judges.id, 'cascade').notNull(),
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    conflict: text('conflict', { enum: CONFLICTS }),
    conflictReason: text('conflict_reason'),
    conflictAt: timestamptz('conflict_at'),
    /** Criterion id → value, and criterion id → comment. */
    values: jsonb('values').$type<Record<string, number>>().notNull().default({}),
    comments: jsonb('comments').$type<Record<string, string>>().notNull().default({}),
    notes: text('notes').notNull().default(''),
    state: text('state', { enum: SCORE_STATES }).notNull().default('todo'),
    version: integer('version').notNull().default(0),
    savedAt: timestamptz('saved_at'),
    submittedAt: timestamptz('submitted_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.judgeId, t.ideaId] }), index('judge_assignments_challenge_idx').on(t.challengeId, t.ideaId)],
);

/** Staff's decision on a tie (point 5): the tied ideas in the order chosen, and why. */
export const tieBreaks = pgTable(
  'tie_breaks',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    ideaIds: uuid('idea_ids').array().notNull(),
    reason: text('reason').notNull(),
    decidedBy: ref('decided_by', () => users.id, 'set null'),
    createdAt: createdAt(),
  },
  (t) => [index('tie_breaks_challenge_idx').on(t.challengeId, t.createdAt)],
);

export const AWARD_KINDS = ['place', 'mention', 'people'] as const;

/** An award (point 6): a place, a special mention or the people's choice, with its citation and prize. */
export const awards = pgTable(
  'awards',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    ideaId: ref('idea_id', () => ideas.id, 'cascade').notNull(),
    kind: text('kind', { enum: AWARD_KINDS }).notNull(),
    /** 1, 2, 3… for a place. */
    place: integer('place'),
    citation: text('citation').notNull(),
    citationFr: text('citation_fr'),
    prize: text('prize').notNull().default(''),
    prizeFr: text('prize_fr'),
    createdBy: ref('created_by', () => users.id, 'set null'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('awards_challenge_idx').on(t.challengeId)],
);

/** A recorded change to announced results (point 6), shown on the results page. */
export const resultCorrections = pgTable(
  'result_corrections',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    reason: text('reason').notNull(),
    decidedBy: ref('decided_by', () => users.id, 'set null'),
    createdAt: createdAt(),
  },
  (t) => [index('result_corrections_challenge_idx').on(t.challengeId, t.createdAt)],
);

/** "What happens next" (point 7): every version kept; the newest is shown, with its date. */
export const nextSteps = pgTable(
  'next_steps',
  {
    id: id(),
    challengeId: ref('challenge_id', () => challenges.id, 'cascade').notNull(),
    body: text('body').notNull(),
    bodyFr: text('body_fr'),
    editedBy: ref('edited_by', () => users.id, 'set null'),
    createdAt: createdAt(),
  },
  (t) => [index('next_steps_challenge_idx').on(t.challengeId, t.createdAt)],
);
