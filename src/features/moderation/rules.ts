import type { MessageKey } from '../../i18n/index.js';
import { REPORT_REASONS, type ReportReason } from '../../db/schema/moderation.js';

/**
 * The community guidelines' numbered rules: what a moderator hides content under, and what its
 * tombstone names ("rule 3: personal information"). The guidelines page lists them in this order.
 */
export const RULES = ['spam', 'abuse', 'hate', 'personal', 'offTopic', 'illegal'] as const;
export type Rule = (typeof RULES)[number];

/** The hidden_rule of content held by reports until a moderator decides (not a rule of the guidelines). */
export const HELD = 'held';
/** The hidden_rule of new content waiting for a moderator's approval (pre-moderation, links from a new account). */
export const AWAITING = 'awaiting';

export const isRule = (v: string | null | undefined): v is Rule => (RULES as readonly string[]).includes(v ?? '');
/** The rule's number in the guidelines (1-based). */
export const ruleNumber = (rule: Rule) => RULES.indexOf(rule) + 1;
export const ruleKey = (rule: Rule): MessageKey => `moderation.rule.${rule}`;
export const reasonKey = (reason: ReportReason): MessageKey => `moderation.reason.${reason}`;

export { REPORT_REASONS, type ReportReason };

/**
 * How a tombstone names why content is hidden: the rule's number and words, 'held' (reports
 * wait for a moderator), 'awaiting' (new content waits for approval), or null when it is not hidden.
 */
export type HiddenAs = { number: number; label: MessageKey } | 'held' | 'awaiting' | null;
export const hiddenAs = (rule: string | null): HiddenAs => (rule === null ? null : (ruleAs(rule) ?? (rule === AWAITING ? 'awaiting' : 'held')));

/** A rule of the guidelines as people read it (its number and words), or null for anything else. */
export const ruleAs = (rule: string | null): { number: number; label: MessageKey } | null => (isRule(rule) ? { number: ruleNumber(rule), label: ruleKey(rule) } : null);
