import { z } from 'zod';
import { text } from '../../lib/fields.js';
import { REPORT_REASONS, RULES } from './rules.js';
import { ACTIONS } from './policy.js';
import { MODERATION_STATES } from '../../db/schema/moderation.js';

export const NOTE_MAX = 1000;

/** A report: a reason from the list, a note (required with "illegal", which also needs the box ticked). */
export const reportSchema = z
  .object({
    reason: z.enum(REPORT_REASONS, 'moderation.report.reasonRequired'),
    note: text(NOTE_MAX).default(''),
    confirm: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'illegal' && v.note === '') ctx.addIssue({ code: 'custom', path: ['note'], message: 'moderation.report.noteRequired' });
    if (v.reason === 'illegal' && v.confirm !== 'yes') ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'moderation.report.confirmRequired' });
  });
export type ReportInput = z.infer<typeof reportSchema>;

/** A decision: the action, the state the moderator saw (two moderators at once: the second is told), a rule to hide under, the reasons. */
export const decisionSchema = z
  .object({
    action: z.enum(ACTIONS, 'moderation.decide.actionRequired'),
    seen: z.enum(MODERATION_STATES, 'error.badRequest.body'),
    rule: z.union([z.enum(RULES, 'moderation.decide.ruleRequired'), z.literal('')]).default(''),
    note: text(NOTE_MAX).default(''),
    message: text(NOTE_MAX).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.action === 'hide' && v.rule === '') ctx.addIssue({ code: 'custom', path: ['rule'], message: 'moderation.decide.ruleRequired' });
  });
export type DecisionInput = z.infer<typeof decisionSchema>;

/** A suspension: under a rule, why, until a date (empty: indefinitely), and whether to hide what they posted. */
export const suspendSchema = z.object({
  rule: z.enum(RULES, 'moderation.decide.ruleRequired'),
  why: text(NOTE_MAX).min(1, 'moderation.suspend.noteRequired'),
  until: z.union([z.literal(''), z.iso.date('moderation.suspend.untilInvalid')]).default(''),
  hideContent: z.literal('yes').optional(),
});
export type SuspendInput = z.infer<typeof suspendSchema>;

/** Lifting a suspension early: why. */
export const liftSchema = z.object({ why: text(NOTE_MAX).min(1, 'moderation.lift.noteRequired') });
export type LiftInput = z.infer<typeof liftSchema>;

/** An author's trust: a moderator's say, or automatic again, and why. */
export const trustSchema = z.object({
  trust: z.enum(['trusted', 'new', 'auto'], 'moderation.trust.required'),
  why: text(NOTE_MAX).default(''),
});
export type TrustInput = z.infer<typeof trustSchema>;

/** A bulk decision: dismiss, or hide under one rule. */
export const bulkSchema = z
  .object({ action: z.enum(['dismiss', 'hide'], 'moderation.decide.actionRequired'), rule: z.union([z.enum(RULES), z.literal('')], 'moderation.decide.ruleRequired') })
  .superRefine((v, ctx) => {
    if (v.action === 'hide' && v.rule === '') ctx.addIssue({ code: 'custom', path: ['rule'], message: 'moderation.decide.ruleRequired' });
  });

const empty = z.literal('').transform(() => undefined);
export const QUEUE_FILTERS = ['pending', 'held', 'appealed', 'hidden', 'decided'] as const;
export const QUEUE_SORTS = ['newest', 'most'] as const;

/** The queue's query string: anything unknown is ignored (links get shared). */
export const queueQuerySchema = z.object({
  show: z.union([z.enum(QUEUE_FILTERS), empty]).optional().catch(undefined),
  sort: z.union([z.enum(QUEUE_SORTS), empty]).optional().catch(undefined),
  kind: z.union([z.string().regex(/^[a-z]{1,30}$/), empty]).optional().catch(undefined),
  reason: z.union([z.enum(REPORT_REASONS), empty]).optional().catch(undefined),
  org: z.union([z.uuid(), empty]).optional().catch(undefined),
  after: z.string().max(400).optional().catch(undefined),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** An author's request for a review. */
export const appealSchema = z.object({ note: text(NOTE_MAX).min(1, 'moderation.appeal.noteRequired') });
export type AppealInput = z.infer<typeof appealSchema>;
