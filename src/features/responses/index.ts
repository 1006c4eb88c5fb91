import { defineFeature } from '../../http/feature.js';
import { responseLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { responsesRoutes } from './routes.js';
import { responseNotifications } from './notify.js';

/** Official responses from a council's staff, with status changes, the status timeline and response deadlines. */
export const responses = defineFeature({ name: 'responses', routes: responsesRoutes, messages: { en, fr }, rateLimits: [responseLimit], subscribers: [responseNotifications] });

export { responsesSection, responseSummary } from './section.js';
export { postResponse, type Responder } from './commands/post-response.js';
export { listAwaitingResponses, type AwaitingIdea } from './queries.js';
