import { rateLimit } from '../../lib/rate-limit.js';

/** Ideas submitted, edited (a no-JS preview posts the whole form, and counts here), published and withdrawn, per person. */
export const ideaLimit = rateLimit('idea', { points: 60, duration: 10 * 60 });
/** The Preview button's rendering of a draft (htmx), per person. */
export const ideaPreviewLimit = rateLimit('ideaPreview', { points: 60, duration: 10 * 60 });
/** Similar titles looked up while typing (a trigram search each), per person or, for a visitor, per client address. */
export const similarIdeasLimit = rateLimit('similarIdeas', { points: 120, duration: 5 * 60 });
