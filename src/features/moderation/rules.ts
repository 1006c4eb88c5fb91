import type { MessageKey } from '../../i18n/index.js';
import { REPORT_REASONS, type ReportReason } from '../../db/schema/moderation.js';

/**
 * The community guidelines' numbered rules: what a moderator hides content under, and what its
 * tombstone names ("rule 3: personal information"). The guidelines page lists them in this order.
 */
export const RULES = ['spam', 'abuse', 'hate', 'personal', 'offTopic', 'illegal'] as const;
export type Rule = (typeof RULES)[number];

export const isRule = (v: string | null | undefined): v is Rule => (RULES as readonly string[]).includes(v ?? '');
/** The rule's number in the guidelines (1-based). */
export const ruleNumber = (rule: Rule) => RULES.indexOf(rule) + 1;
export const ruleKey = (rule: Rule): MessageKey => `moderation.rule.${rule}`;
export const reasonKey = (reason: ReportReason): MessageKey => `moderation.reason.${reason}`;

export { REPORT_REASONS, type ReportReason };
