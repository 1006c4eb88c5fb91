import { defineFeature } from '../../http/feature.js';
import { accountLimits } from './limits.js';
import { accountMailJob } from './mail.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { accountRoutes } from './routes.js';

/** Accounts: sign-up, email confirmation, sign-in and out, password reset and change, the profile, the language switch. */
export const accounts = defineFeature({
  name: 'accounts',
  routes: accountRoutes,
  messages: { en, fr },
  rateLimits: accountLimits,
  jobs: { 'accounts.mail': accountMailJob },
});
export { displayNameField, emailField } from './schemas.js';
export { setPasswordLink } from './mail.js';
