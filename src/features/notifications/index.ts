import { defineFeature } from '../../http/feature.js';
import { notificationLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { notificationsRoutes } from './routes.js';

/**
 * In-app notifications: the bell's page, mark read, stop following. Features subscribe to their
 * own events and call `notify` with an audience (docs/adding-a-feature.md); e-mail will be
 * another subscriber beside it.
 */
export const notifications = defineFeature({ name: 'notifications', routes: notificationsRoutes, messages: { en, fr }, rateLimits: [notificationLimit] });

export { notify, type Audience, type Notice } from './notify.js';
