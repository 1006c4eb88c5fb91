import { defineFeature } from '../../http/feature.js';
import { healthRoutes } from './routes.js';

/** /healthz and /readyz for load balancers: answered before any session work. */
export const health = defineFeature({ name: 'health', earlyRoutes: healthRoutes });
