import { defineFeature } from '../../http/feature.js';
import { personReportable } from './reportable.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';

/** A person's public face (name, bio) and who may see which of their lists; the page itself is assembled in src/pages. */
export const people = defineFeature({ name: 'people', messages: { en, fr }, reportables: [personReportable] });

export { canViewPersonSection, isPersonSection, type PersonSection } from './policy.js';
export { getPerson, type Person } from './queries.js';
