import { defineFeature } from '../../http/feature.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { adminRoutes } from './routes.js';

/** The platform admin's area: its home and the outgoing-mail outbox. */
export const admin = defineFeature({ name: 'admin', routes: adminRoutes, messages: { en, fr } });
