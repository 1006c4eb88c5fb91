import { z } from 'zod';
import { requiredText, text } from '../../lib/fields.js';
import { submissionKeyField } from '../../lib/idempotency.js';
import { STAFF_STATUSES } from './policy.js';

export const BODY_MAX = 10_000;
export const REASON_MAX = 1_000;

/**
 * The answer form. Field names carry a prefix because the idea page holds other forms (the
 * comment form has a "body" too) and each field's id is its name.
 * The new status must differ from the idea's current one: only the command, holding the
 * idea's lock, can check that.
 */
export const responseSchema = z
  .object({
    responseBody: requiredText(BODY_MAX),
    responseStatus: z
      .union([z.literal(''), z.enum(STAFF_STATUSES)], 'responses.validation.status')
      .default('')
      .transform((v) => (v === '' ? null : v)),
    responseReason: text(REASON_MAX).default(''),
    submissionKey: submissionKeyField,
  })
  .superRefine((v, ctx) => {
    if (v.responseStatus !== null && v.responseReason === '') ctx.addIssue({ code: 'custom', path: ['responseReason'], message: 'responses.validation.reasonRequired' });
    // A reason explains a status change; without one it would be dropped silently.
    if (v.responseStatus === null && v.responseReason !== '') ctx.addIssue({ code: 'custom', path: ['responseReason'], message: 'responses.validation.reasonWithoutStatus' });
  });

export type ResponseInput = z.infer<typeof responseSchema>;
