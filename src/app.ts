import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from './http/context.js';
import { csrfCheck } from './http/middleware/csrf.js';
import { bodyLimitPage, notFound, onError } from './http/middleware/errors.js';
import { requestContext } from './http/middleware/request.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { queryGuard } from './http/middleware/query.js';
import { sessionContext } from './http/middleware/session.js';
import type { Deps } from './lib/deps.js';
import { recordAdminActions } from './http/security.js';
import { requireSecondFactorWhenRequired, stepUp } from './http/guard.js';
import type { AppContext } from './http/context.js';
import { features } from './registry.js';

/**
 * The web application: global middleware, then every feature's routes, in the order of the
 * registry. Static files and health checks come before sessions, the body limit and CSRF.
 */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use(requestContext(deps));
  // gzip for HTML, CSS and JS: keeps a first page load well under the 50 KB budget.
  app.use(compress());
  app.use(securityHeaders(deps.config));
  for (const feature of features) if (feature.earlyRoutes) app.route('/', feature.earlyRoutes);
  app.use(bodyLimitPage(deps.config));
  app.use(sessionContext(deps));
  app.use(queryGuard);
  app.use(csrfCheck(deps.config));
  app.use(requireSecondFactorWhenRequired);
  app.use('/admin/*', recordAdminActions);
  // Platform administration changes need a recent sign-in (the step-up).
  app.use('/admin/*', async (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : (stepUp(c as AppContext) ?? next())));
  for (const feature of features) if (feature.routes) app.route('/', feature.routes);
  app.notFound(notFound(app));
  app.onError(onError(deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
