import { defineFeature } from '../../http/feature.js';
import { commentReportable } from './reportable.js';
import { commentLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { commentsRoutes } from './routes.js';
import { commentNotifications } from './notify.js';

/**
 * Threaded comments on any subject whose kind has a discussion (ideas today): markdown, replies
 * to depth 3, a short edit window, tombstones; who may comment, when, and the policy text come
 * from the subject's kind.
 */
export const comments = defineFeature({ name: 'comments', routes: commentsRoutes, messages: { en, fr }, rateLimits: [commentLimit], subscribers: [commentNotifications], reportables: [commentReportable] });

export { listCommentsBy, type CommentByItem } from './queries.js';
export { postComment } from './commands/post-comment.js';
export { commentsSection } from './section.js';
