import { defineFeature } from '../../http/feature.js';
import { ideaReportable } from './reportable.js';
import { ideaLimit, ideaPreviewLimit, similarIdeasLimit } from './limits.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';
import { ideasRoutes } from './routes.js';
import { ideaSubject } from './subject.js';
import { ideaNotifications } from './notify.js';

/**
 * Ideas: submitted to a challenge (or drafted), edited, published, withdrawn; the list with its
 * four orders; similar titles; statuses. The idea page and the list on the challenge page are
 * assembled in src/pages.
 */
export const ideas = defineFeature({ name: 'ideas', routes: ideasRoutes, messages: { en, fr }, rateLimits: [ideaLimit, ideaPreviewLimit, similarIdeasLimit], subjects: [ideaSubject], subscribers: [ideaNotifications], reportables: [ideaReportable] });

export { ideaPages, lockIdea } from './commands/support.js';
export { submitIdea, type SubmitIdeaInput } from './commands/submit-idea.js';
export { markIdeaResponded, setIdeaStatus } from './commands/set-status.js';
export { ideaListState, loadIdeas, SEED_COOKIE, visitorSeed } from './list.js';
export { canChangeIdeaStatus, canEditIdea, canPublishIdea, canViewIdea, canWithdrawIdea, isPublished, PUBLISHED_STATUSES, type IdeaStatus } from './policy.js';
export { getIdea, listIdeasBy, listMyIdeas, type IdeaByAuthor, type IdeaCard, type IdeaDetail, type IdeaPage, type MyIdea } from './queries.js';
export { ideaInChallenge, openChallenge } from './visible.js';
export { ideaDiscussionView } from './subject.js';
