import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { defineFeature } from '../http/feature.js';
import { challengePage } from './challenge.js';
import { homePage } from './home.js';
import { ideaPage } from './idea.js';
import { organisationPage } from './organisation.js';
import { personPage } from './person.js';
import { resultsPage } from './results.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';

const routes = new Hono<AppEnv>();
// The results page before the challenge page: "/challenges/:id/results" is not an idea list.
for (const page of [homePage, resultsPage, challengePage, ideaPage, organisationPage, personPage]) routes.route('/', page);

/**
 * The pages made of several features (home, challenge, results, idea, organisation, person): the only
 * code that puts more than one feature's sections on one page. Registered last (src/registry.ts).
 */
export const pages = defineFeature({ name: 'pages', routes, messages: { en, fr } });
