import { defineFeature } from '../../http/feature.js';
import { secondFactorChangeLimit, secondFactorLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { secondFactorRoutes } from './routes.js';

/**
 * Second factors (issue 14, point 2): passkeys, an authenticator app and recovery codes on the
 * person's "Sign-in and security" page; the sign-in's second step; re-authentication before
 * sensitive actions (the step-up, src/http/guard.ts requireRecentAuth). Decision 0065.
 */
export const secondFactor = defineFeature({ name: 'second-factor', routes: secondFactorRoutes, messages: { en, fr }, rateLimits: [secondFactorLimit, secondFactorChangeLimit] });

export { hasSecondFactor } from './queries.js';
export { resetSecondFactors } from './commands/reset.js';
