import { z } from 'zod';
import { AWARD_KINDS, NORMALISATIONS, SCALES, type ScaleKey } from '../../db/schema/judging.js';
import { emailField, isUuid, requiredText, text } from '../../lib/fields.js';

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

/** A reason staff give for a judging decision (removing a judge, an ineligible idea, a tie broken): public or kept in the record. */
export const REASON_MIN = 10;
const reasonField = text(REASON_MAX).min(REASON_MIN, 'judging.reason.tooShort');

/** Inviting a judge: their e-mail address. */
export const inviteJudgeSchema = z.object({ email: emailField });
export type InviteJudgeInput = z.infer<typeof inviteJudgeSchema>;

/** Joining a panel: the confidentiality statement accepted (the command refuses without). */
export const acceptSchema = z.object({ confidentiality: box });
export type AcceptInput = z.infer<typeof acceptSchema>;

/** Removing a judge: why (kept in the record, shown to staff). */
export const removeJudgeSchema = z.object({ reason: reasonField });
export type RemoveJudgeInput = z.infer<typeof removeJudgeSchema>;

/** The most ideas a shortlist holds. */
export const SHORTLIST_MAX = 200;

/** Shortlisting by hand: the ideas ticked. */
export const shortlistSchema = z.object({
  idea: z
    .array(z.string())
    .default([])
    .refine((l) => l.length > 0, 'judging.shortlist.noneChosen')
    .refine((l) => l.every(isUuid), 'error.badRequest.body')
    .transform((l) => [...new Set(l.map((s) => s.toLowerCase()))]),
});
export type ShortlistInput = z.infer<typeof shortlistSchema>;

/** Shortlisting the N most supported ideas. */
export const topSchema = z.object({
  count: z.coerce.number('judging.shortlist.countInvalid').int('judging.shortlist.countInvalid').min(1, 'judging.shortlist.countInvalid').max(SHORTLIST_MAX, 'judging.shortlist.countInvalid'),
});
export type TopInput = z.infer<typeof topSchema>;

/** Marking an idea ineligible under the rules: which, and why (its author sees the reason). */
export const ineligibleSchema = z.object({ idea: z.string().refine(isUuid, 'error.badRequest.body').transform((s) => s.toLowerCase()), reason: reasonField });
export type IneligibleInput = z.infer<typeof ineligibleSchema>;

/** Assigning the shortlist: to every judge, or each idea to K judges (balanced). */
export const assignSchema = z
  .object({
    mode: z.enum(['everyone', 'balanced'], 'validation.choice'),
    perIdea: z.string().default(''),
  })
  .transform((v, ctx) => {
    if (v.mode === 'everyone') return { mode: 'everyone' as const, perIdea: 0 };
    const k = Number(v.perIdea);
    if (!Number.isInteger(k) || k < 1 || k > 50) {
      ctx.addIssue({ code: 'custom', path: ['perIdea'], message: 'judging.assign.perIdeaInvalid' });
      return z.NEVER;
    }
    return { mode: 'balanced' as const, perIdea: k };
  });
export type AssignInput = z.infer<typeof assignSchema>;

/** Before scoring: no conflict, or a conflict and why (kept in the record, seen by staff). */
export const declareSchema = z
  .object({ conflict: z.enum(['none', 'declared'], 'judging.conflict.choose'), reason: text(REASON_MAX).default('') })
  .refine((v) => v.conflict === 'none' || v.reason.length >= REASON_MIN, { path: ['reason'], message: 'judging.conflict.reasonRequired' });
export type DeclareInput = z.infer<typeof declareSchema>;

export const NOTES_MAX = 5000;
export const COMMENT_MAX = 2000;

/**
 * A score form: the version it was shown at, draft or submit, private notes — and a value and a
 * comment per criterion (fields `score-<id>` and `comment-<id>`), read against the rubric by the command.
 */
export const scoreSchema = z
  .object({
    version: z.coerce.number('error.badRequest.body').int('error.badRequest.body').min(0, 'error.badRequest.body'),
    intent: z.enum(['draft', 'submit'], 'error.badRequest.body').default('draft'),
    notes: text(NOTES_MAX).default(''),
  })
  .catchall(z.string())
  .transform(({ version, intent, notes, ...fields }) => ({ version, intent, notes, fields: fields as Record<string, string> }));
export type ScoreInput = z.infer<typeof scoreSchema>;

/** Breaking a tie: the tied ideas (as the form lists them), a place for each (`place-<id>`), and why. */
export const tieSchema = z
  .object({
    tie: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()))
      .refine((l) => l.length >= 2 && l.length <= SHORTLIST_MAX && l.every(isUuid) && new Set(l).size === l.length, 'error.badRequest.body'),
    reason: reasonField,
  })
  .catchall(z.string());
export type TieInput = z.infer<typeof tieSchema>;

export const CITATION_MAX = 5000;
export const PRIZE_MAX = 300;

/** An award: the idea, its kind (and place), the citation (markdown, English and optionally French), the prize; a reason once announced (a correction). */
export const awardSchema = z
  .object({
    idea: z.string().refine(isUuid, 'judging.award.ideaInvalid').transform((s) => s.toLowerCase()),
    kind: z.enum(AWARD_KINDS, 'validation.choice'),
    place: z.string().default(''),
    citation: requiredText(CITATION_MAX),
    citationFr: optionalFr(CITATION_MAX).default(''),
    prize: text(PRIZE_MAX).default(''),
    prizeFr: optionalFr(PRIZE_MAX).default(''),
    reason: text(REASON_MAX).default(''),
  })
  .transform((v, ctx) => {
    if (v.kind !== 'place') return { ...v, place: null };
    const place = Number(v.place);
    if (!/^\d{1,2}$/.test(v.place) || place < 1 || place > 20) {
      ctx.addIssue({ code: 'custom', path: ['place'], message: 'judging.award.placeInvalid' });
      return z.NEVER;
    }
    return { ...v, place };
  });
export type AwardInput = z.infer<typeof awardSchema>;

/** A correction of announced results (or an award taken back): why, shown on the results page. */
export const correctionSchema = z.object({ reason: text(REASON_MAX).default('') });
export type CorrectionInput = z.infer<typeof correctionSchema>;

/** The announcement: the confirmation box. */
export const announceSchema = z.object({ confirm: box });

/** "What happens next": the council's commitment, in English and optionally French (plain text, paragraphs). */
export const nextStepsSchema = z.object({ body: requiredText(TEXT_MAX), bodyFr: optionalFr(TEXT_MAX).default('') });
export type NextStepsInput = z.infer<typeof nextStepsSchema>;
