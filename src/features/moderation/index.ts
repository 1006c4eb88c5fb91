import { defineFeature } from '../../http/feature.js';
import { reportLimit } from './limits.js';
import { safeguardingMail } from './mail.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { decisionNotifications } from './notify.js';
import { moderationRoutes } from './routes.js';
import './events.js';

/**
 * Trust and safety: anyone signed in reports what they can see (any reportable kind, src/lib/reportables.ts),
 * moderators work one queue and decide (dismiss, hide under a rule of the guidelines, restore), on the record.
 */
export const moderation = defineFeature({ name: 'moderation', routes: moderationRoutes, messages: { en, fr }, rateLimits: [reportLimit], subscribers: [decisionNotifications, safeguardingMail] });

export { RULES, ruleKey, ruleNumber, isRule } from './rules.js';
