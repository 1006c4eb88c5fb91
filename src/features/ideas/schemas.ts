import { z } from 'zod';
import { contentLanguageField, isUuid, requiredText, text } from '../../lib/fields.js';
import { submissionKeyField } from '../../lib/idempotency.js';
import { WITHDRAW_REASONS } from '../../db/schema/ideas.js';
import { SEED } from './fair-order.js';
import { LISTED_STATUSES } from './policy.js';

export const TITLE_MAX = 140;
export const SUMMARY_MAX = 300;
export const DESCRIPTION_MAX = 20_000;
export const TOPICS_MAX = 12;

const topicIds = z
  .array(z.string().regex(/^\d{1,9}$/, 'ideas.validation.topicUnknown').transform(Number), 'ideas.validation.topicUnknown')
  .max(TOPICS_MAX, 'ideas.validation.topicUnknown')
  .transform((ids) => [...new Set(ids)]);

/** The text of an idea (create and edit). */
export const ideaContentSchema = z.object({
  title: requiredText(TITLE_MAX),
  summary: requiredText(SUMMARY_MAX),
  description: text(DESCRIPTION_MAX).default(''),
  topics: topicIds.default([]),
  /** The language it is written in (absent: the author's interface language, or unchanged on edit). */
  language: contentLanguageField,
});
export type IdeaContent = z.infer<typeof ideaContentSchema>;

/** What the in-place preview renders (lengths capped as in the form; empty is fine). */
export const previewSchema = z.object({
  title: text(TITLE_MAX).default(''),
  summary: text(SUMMARY_MAX).default(''),
  description: text(DESCRIPTION_MAX).default(''),
  language: contentLanguageField.catch(undefined),
});

/** The new-idea form: content, who it is from, and which button was pressed. */
export const newIdeaSchema = ideaContentSchema.extend({
  organisationId: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || isUuid(v), 'validation.choice')
    .transform((v) => (v ? v.toLowerCase() : null)),
  intent: z.enum(['preview', 'draft', 'publish'], 'validation.choice').default('publish'),
  /** "I have read the rules", when the challenge asks (checked by the command). */
  rulesConfirmed: z.literal('yes', 'validation.choice').optional(),
  submissionKey: submissionKeyField,
});
export type NewIdeaInput = z.infer<typeof newIdeaSchema>;

export const editIdeaSchema = ideaContentSchema.extend({
  intent: z.enum(['preview', 'save'], 'validation.choice').default('save'),
});

export const EXPLANATION_MAX = 1_000;

/**
 * The withdrawal's confirmation form: a reason from the list, and the author's explanation
 * (shown on the idea's page) — optional, except with "other", which says nothing by itself.
 */
export const withdrawIdeaSchema = z
  .object({
    reason: z.enum(WITHDRAW_REASONS, 'ideas.withdraw.reasonRequired'),
    explanation: text(EXPLANATION_MAX).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && v.explanation === '') ctx.addIssue({ code: 'custom', path: ['explanation'], message: 'ideas.withdraw.explanationRequired' });
  });
export type WithdrawIdeaInput = z.infer<typeof withdrawIdeaSchema>;

export const IDEA_SORTS = ['random', 'supported', 'trending', 'newest'] as const;
export type IdeaSort = (typeof IDEA_SORTS)[number];

const empty = z.literal('').transform(() => undefined);

/** The list's query string; anything unknown is ignored rather than refused (links get shared). */
export const listQuerySchema = z.object({
  sort: z.union([z.enum(IDEA_SORTS), empty]).optional().catch(undefined),
  status: z.union([z.enum(LISTED_STATUSES), empty]).optional().catch(undefined),
  topic: z.union([z.string().regex(/^\d{1,9}$/).transform(Number), empty]).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined).transform((v) => (v ? v : undefined)),
  seed: z.string().regex(SEED).optional().catch(undefined),
  after: z.string().max(400).optional().catch(undefined),
});
export type ListQuery = z.infer<typeof listQuerySchema>;
