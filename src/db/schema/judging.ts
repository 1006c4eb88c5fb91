import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, timestamptz } from './columns.js';
import { challenges } from './challenges.js';

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
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});
