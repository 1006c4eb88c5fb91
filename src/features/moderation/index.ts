import { defineFeature } from '../../http/feature.js';
import { newAccountPostLimit, reportLimit } from './limits.js';
import { ERASE_SCHEDULE, eraseJob } from './erase.js';
import { QUEUE_ALERT_SCHEDULE, queueAlertJob } from './alert.js';
import { safeguardingMail, suspensionMail } from './mail.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { decisionNotifications } from './notify.js';
import { moderationRoutes } from './routes.js';
import './events.js';

/**
 * Trust and safety: anyone signed in reports what they can see (any reportable kind, src/lib/reportables.ts),
 * moderators work one queue and decide (dismiss, hide under a rule of the guidelines, restore), on the record.
 */
export const moderation = defineFeature({ name: 'moderation', routes: moderationRoutes, messages: { en, fr }, rateLimits: [reportLimit, newAccountPostLimit], jobs: { 'moderation.queue-alert': queueAlertJob, 'moderation.erase': eraseJob }, schedules: [QUEUE_ALERT_SCHEDULE, ERASE_SCHEDULE], subscribers: [decisionNotifications, safeguardingMail, suspensionMail] });

export { AWAITING, HELD, RULES, hiddenAs, ruleKey, ruleNumber, isRule, type HiddenAs } from './rules.js';
export { hasLink, holdForReview, holdReasonFor, isNewAccount } from './hold.js';
export { limitNewAccountPosts } from './new-accounts.js';
export { decideItem } from './commands/decide.js';
