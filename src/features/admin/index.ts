import { defineFeature } from '../../http/feature.js';
import { adminLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { adminRoutes } from './routes.js';

/** The platform admin's area: its home, the outgoing-mail outbox and the failed (dead) jobs. */
export const admin = defineFeature({ name: 'admin', routes: adminRoutes, messages: { en, fr }, rateLimits: [adminLimit] });
