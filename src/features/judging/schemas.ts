import { z } from 'zod';
import { NORMALISATIONS, SCALES, type ScaleKey } from '../../db/schema/judging.js';
import { requiredText, text } from '../../lib/fields.js';

export const NAME_MAX = 120;
export const TEXT_MAX = 2000;
export const REASON_MAX = 500;
/** The most criteria a rubric holds. */
export const CRITERIA_MAX = 12;

const optionalFr = (max: number) => text(max).transform((v) => (v === '' ? null : v));

/** A criterion, as the rubric form sends it (the scale as one of SCALES' keys). */
export const criterionSchema = z.object({
  name: requiredText(NAME_MAX),
  nameFr: optionalFr(NAME_MAX).default(''),
  description: text(TEXT_MAX).default(''),
  descriptionFr: optionalFr(TEXT_MAX).default(''),
  guidance: text(TEXT_MAX).default(''),
  guidanceFr: optionalFr(TEXT_MAX).default(''),
  weight: z.coerce.number('judging.rubric.weightInvalid').int('judging.rubric.weightInvalid').min(1, 'judging.rubric.weightInvalid').max(100, 'judging.rubric.weightInvalid'),
  scale: z.enum(Object.keys(SCALES) as [ScaleKey, ...ScaleKey[]], 'validation.choice'),
  commentRequired: z.literal('yes').optional(),
  /** Why, once the rubric is public (the command asks for it then). */
  reason: text(REASON_MAX).default(''),
});
export type CriterionInput = z.infer<typeof criterionSchema>;

/** Removing a criterion: why, once the rubric is public. */
export const removeCriterionSchema = z.object({ reason: text(REASON_MAX).default('') });
export type RemoveCriterionInput = z.infer<typeof removeCriterionSchema>;

const box = z.literal('yes').optional().transform((v) => v === 'yes');

/** The judging method: the people's-choice weight (a percentage), the normalisation, blind review, the panel's names published. */
export const methodSchema = z.object({
  peopleWeight: z.coerce.number('judging.method.weightInvalid').int('judging.method.weightInvalid').min(0, 'judging.method.weightInvalid').max(100, 'judging.method.weightInvalid'),
  normalisation: z.enum(NORMALISATIONS, 'validation.choice'),
  blindReview: box,
  publishPanel: box,
  reason: text(REASON_MAX).default(''),
});
export type MethodInput = z.infer<typeof methodSchema>;
