import { defineFeature } from '../../http/feature.js';
import { staticRoutes } from './routes.js';

/** The stylesheet, icons and the versioned htmx file: answered before any session work. */
export const staticFiles = defineFeature({ name: 'static', earlyRoutes: staticRoutes });
