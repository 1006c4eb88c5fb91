import { defineFeature } from '../../http/feature.js';
import { commentLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { commentsRoutes } from './routes.js';
import { commentNotifications } from './notify.js';

/** Threaded comments on ideas: markdown, replies to depth 3, a short edit window, tombstones, the challenge's comment policy. */
export const comments = defineFeature({ name: 'comments', routes: commentsRoutes, messages: { en, fr }, rateLimits: [commentLimit], subscribers: [commentNotifications] });

export { listCommentsBy, type CommentByItem } from './queries.js';
export { postComment } from './commands/post-comment.js';
export { commentsSection } from './section.js';
