import { z } from 'zod';
import { requiredText as required, text } from '../../lib/fields.js';
import { submissionKeyField } from '../../lib/idempotency.js';
import { fromLondonLocal } from './dates.js';

export const TITLE_MAX = 120;
export const SUMMARY_MAX = 300;
export const BRIEF_MAX = 20_000;
export const RULES_MAX = 5_000;
export const PRIZE_MAX = 2_000;
export const TOPICS_MAX = 12;
export const COMMENT_POLICY_MAX = 2_000;
export const RESPONSE_DAYS_MAX = 365;
export const RESPONSE_THRESHOLD_MAX = 100_000;

/** Optional text: empty → null. */
const optionalText = (max: number) => text(max).default('').transform((v) => (v === '' ? null : v));

/** A datetime-local value in Europe/London (see dates.ts); empty → null. */
const dateField = z
  .string('validation.required')
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return null;
    const d = fromLondonLocal(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'challenges.validation.date' });
      return z.NEVER;
    }
    return d;
  });

/** A checkbox: absent (unticked) → false; ticked browsers send "on" (anything else is not our form). */
const checkbox = z
  .enum(['on', 'true'], 'challenges.validation.checkbox')
  .optional()
  .transform((v) => v !== undefined);

/**
 * A whole number from 1 to `max`, or empty → null (the response rule takes both numbers or
 * neither, checked below). Up to 7 digits are parsed so "999999" says "too big", not "invalid".
 */
const optionalCount = (max: number, message: string) =>
  z
    .string('validation.required')
    .trim()
    .default('')
    .transform((v) => (v === '' ? null : /^\d{1,7}$/.test(v) ? Number(v) : Number.NaN))
    .pipe(z.number(message).int(message).min(1, message).max(max, message).nullable());

export const challengeSchema = z
  .object({
    title: required(TITLE_MAX),
    summary: required(SUMMARY_MAX),
    brief: text(BRIEF_MAX).default(''),
    rules: text(RULES_MAX).default(''),
    prize: text(PRIZE_MAX).default(''),
    titleFr: optionalText(TITLE_MAX),
    summaryFr: optionalText(SUMMARY_MAX),
    briefFr: optionalText(BRIEF_MAX),
    submissionsOpenAt: dateField,
    submissionsCloseAt: dateField,
    votingOpenAt: dateField,
    votingCloseAt: dateField,
    judgingCloseAt: dateField,
    resultsAt: dateField,
    voteBudget: z
      .string()
      .trim()
      .default('5')
      .transform((v) => (v === '' ? 5 : /^\d{1,3}$/.test(v) ? Number(v) : Number.NaN))
      .pipe(z.number('challenges.validation.voteBudget').int('challenges.validation.voteBudget').min(1, 'challenges.validation.voteBudget').max(50, 'challenges.validation.voteBudget')),
    selfSupport: checkbox,
    hideCounts: checkbox,
    confirmRules: checkbox,
    premoderation: z.enum(['off', 'ideas', 'ideasAndComments'], 'validation.choice').default('off'),
    responseDays: optionalCount(RESPONSE_DAYS_MAX, 'challenges.validation.responseDays'),
    responseThreshold: optionalCount(RESPONSE_THRESHOLD_MAX, 'challenges.validation.responseThreshold'),
    commentPolicy: text(COMMENT_POLICY_MAX).default(''),
    commentPolicyFr: optionalText(COMMENT_POLICY_MAX),
    /** Topic ids (checked against the vocabulary by the command). */
    topics: z.array(z.string().regex(/^\d{1,9}$/, 'challenges.validation.topic').transform(Number)).max(TOPICS_MAX, 'challenges.validation.topicsMax').default([]),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!v.submissionsOpenAt) issue('submissionsOpenAt', 'challenges.validation.dateRequired');
    if (!v.submissionsCloseAt) issue('submissionsCloseAt', 'challenges.validation.dateRequired');
    if (v.submissionsOpenAt && v.submissionsCloseAt && v.submissionsCloseAt <= v.submissionsOpenAt) issue('submissionsCloseAt', 'challenges.validation.closeAfterOpen');
    if (v.votingCloseAt && !v.votingOpenAt) issue('votingOpenAt', 'challenges.validation.votingOpenRequired');
    if (v.votingOpenAt && v.submissionsOpenAt && v.votingOpenAt < v.submissionsOpenAt) issue('votingOpenAt', 'challenges.validation.votingAfterSubmissions');
    if (v.votingOpenAt && v.votingCloseAt && v.votingCloseAt <= v.votingOpenAt) issue('votingCloseAt', 'challenges.validation.closeAfterOpen');
    if (v.judgingCloseAt && v.submissionsCloseAt && v.judgingCloseAt <= v.submissionsCloseAt) issue('judgingCloseAt', 'challenges.validation.afterSubmissions');
    if (v.resultsAt && v.submissionsCloseAt && v.resultsAt < v.submissionsCloseAt) issue('resultsAt', 'challenges.validation.afterSubmissions');
    if ((v.summaryFr || v.briefFr) && !v.titleFr) issue('titleFr', 'challenges.validation.frenchTitle');
    if (v.titleFr && !v.summaryFr) issue('summaryFr', 'challenges.validation.frenchSummary');
    // "Respond within N days to ideas with at least M supports": both numbers or neither.
    if (v.responseDays === null && v.responseThreshold !== null) issue('responseDays', 'challenges.validation.responseBoth');
    if (v.responseThreshold === null && v.responseDays !== null) issue('responseThreshold', 'challenges.validation.responseBoth');
  })
  .transform((v) => ({ ...v, submissionsOpenAt: v.submissionsOpenAt!, submissionsCloseAt: v.submissionsCloseAt! }));

export type ChallengeInput = z.infer<typeof challengeSchema>;

/** The create form: the challenge, and the form's submission key (see src/lib/idempotency.ts). */
export const newChallengeSchema = z.object({ submissionKey: submissionKeyField }).and(challengeSchema);

export const SORTS = ['newest', 'closing', 'ideas'] as const;
export type Sort = (typeof SORTS)[number];
export const PHASE_FILTERS = ['open', 'voting', 'results', 'archived'] as const;
export type PhaseFilter = (typeof PHASE_FILTERS)[number];

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const directoryQuerySchema = z.object({
  council: z.preprocess(emptyToUndefined, z.string().max(60).regex(/^[a-z0-9-]+$/).optional()),
  topic: z.preprocess(emptyToUndefined, z.string().max(60).regex(/^[a-z0-9-]+$/).optional()),
  phase: z.preprocess(emptyToUndefined, z.enum(PHASE_FILTERS).optional()),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(200).optional()),
  sort: z.preprocess(emptyToUndefined, z.enum(SORTS).default('newest')),
  after: z.string().max(400).optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;
